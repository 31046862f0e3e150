/**
 * Offline checks of EU VAT identification numbers (format and check digit) and of the Hungarian
 * tax number and Finnish business identifiers. Pure: whether a number is actually registered is
 * VIES's answer (../vies.ts), never ours. A number that passes here can still be unregistered; a
 * number that fails here is certainly wrong and need not be sent to VIES.
 *
 * The algorithms follow the member states' published rules as collected by the EU's VIES FAQ
 * and by validator libraries (python-stdnum, jsvat). Where a member state publishes no check
 * digit, or the rule is not confirmed by an independent source, only the format is checked; the
 * country's entry below says so.
 */

import { mod97 } from "../../../platform/iso7064.ts";

export type VatNumberErrorCode = "format" | "checksum" | "country";

export interface ParsedVatNumber {
  /** ISO 3166-1 alpha-2 country of the number: GR for Greece. */
  country: string;
  /** The VAT-number prefix: the ISO code, except EL for Greece. VIES wants this one. */
  prefix: string;
  /** The national part, cleaned: upper-case, no separators, canonical length (see below). */
  number: string;
  /** prefix + number, e.g. "HU12345676", "EL094501040", "NL004495445B01". */
  normalized: string;
}

export type VatNumberCheck =
  { ok: true; country: string; normalized: string } | { ok: false; code: VatNumberErrorCode };

/** VAT-number prefix → ISO country, for the 27 member states (EL = Greece). */
const PREFIX_TO_COUNTRY: Readonly<Record<string, string>> = Object.freeze({
  AT: "AT",
  BE: "BE",
  BG: "BG",
  CY: "CY",
  CZ: "CZ",
  DE: "DE",
  DK: "DK",
  EE: "EE",
  EL: "GR",
  ES: "ES",
  FI: "FI",
  FR: "FR",
  HR: "HR",
  HU: "HU",
  IE: "IE",
  IT: "IT",
  LT: "LT",
  LU: "LU",
  LV: "LV",
  MT: "MT",
  NL: "NL",
  PL: "PL",
  PT: "PT",
  RO: "RO",
  SE: "SE",
  SI: "SI",
  SK: "SK",
});

/** The VAT-number prefix of an EU country (GR → EL), or null outside the EU. */
export function vatPrefixOf(country: string): string | null {
  const c = country.trim().toUpperCase();
  if (c === "GR" || c === "EL") return "EL";
  return Object.hasOwn(PREFIX_TO_COUNTRY, c) ? c : null;
}

const SEPARATORS = /[\s.\-/]/g;

/**
 * Splits an EU VAT number into its prefix and national part. Accepts spaces, dots, dashes and
 * slashes anywhere and any letter case; GR is accepted for Greece and written EL. Without a
 * prefix, `options.country` (the customer's country) is used when given.
 *
 * Canonical lengths (what VIES expects): BE 9 digits → leading 0; EL 8 digits → leading 0; NL
 * fewer than 9 digits before the B → zero-padded; HU given as the whole 11-digit tax number
 * (12345676-2-41) → its first 8 digits, which are the EU VAT number.
 *
 * Returns "format" for empty or non-alphanumeric input, "country" for a prefix that is not an EU
 * member state's (GB, XI, CH…).
 */
export function parseVatNumber(
  input: string,
  options: { country?: string } = {},
): ParsedVatNumber | "format" | "country" {
  let s = input.replace(SEPARATORS, "").toUpperCase();
  if (!/^[0-9A-Z+*]+$/.test(s)) return "format";
  let prefix: string | null = null;
  const head = s.slice(0, 2);
  if (/^[A-Z]{2}$/.test(head) && (vatPrefixOf(head) !== null || options.country === undefined)) {
    prefix = vatPrefixOf(head);
    if (prefix === null) return "country";
    s = s.slice(2);
  } else if (options.country !== undefined) {
    prefix = vatPrefixOf(options.country);
    if (prefix === null) return "country";
  } else {
    return "format";
  }
  if (s === "") return "format";
  const number = canonical(prefix, s);
  return {
    country: PREFIX_TO_COUNTRY[prefix] ?? prefix,
    prefix,
    number,
    normalized: prefix + number,
  };
}

function canonical(prefix: string, s: string): string {
  if (prefix === "BE" && /^\d{9}$/.test(s)) return "0" + s;
  if (prefix === "EL" && /^\d{8}$/.test(s)) return "0" + s;
  if (prefix === "NL") {
    const m = /^(\d{1,8})(B\d{2})$/.exec(s);
    if (m) return m[1]!.padStart(9, "0") + m[2]!;
  }
  if (prefix === "HU" && /^\d{11}$/.test(s)) return s.slice(0, 8);
  return s;
}

/**
 * Checks an EU VAT number offline: prefix, the member state's format, and its check digit
 * where one exists. `normalized` is what to store and send to VIES.
 */
export function checkVatNumber(input: string, options: { country?: string } = {}): VatNumberCheck {
  const parsed = parseVatNumber(input, options);
  if (typeof parsed === "string") return { ok: false, code: parsed };
  const rule = RULES[parsed.prefix];
  if (rule === undefined) return { ok: false, code: "country" };
  if (!rule.format.test(parsed.number)) return { ok: false, code: "format" };
  const result = rule.check(parsed.number);
  if (result !== null) return { ok: false, code: result };
  return { ok: true, country: parsed.country, normalized: parsed.normalized };
}

// ---------------------------------------------------------------------------------------------
// Per-country rules. `format` is matched first; `check` gets a number that matched it and
// returns null when valid, or why not.

type Verdict = "format" | "checksum" | null;

interface Rule {
  format: RegExp;
  check: (n: string) => Verdict;
}

const digitsOf = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0) - 48);

function weighted(s: string, weights: readonly number[]): number {
  const d = digitsOf(s);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * d[i]!;
  return sum;
}

const ok = (valid: boolean): Verdict => (valid ? null : "checksum");

/** Luhn (ISO/IEC 7812-1): true when the whole string, check digit included, is valid. */
export function luhnValid(s: string): boolean {
  let sum = 0;
  const d = digitsOf(s);
  for (let i = 0; i < d.length; i++) {
    let v = d[d.length - 1 - i]!;
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 check digit of a string of digits. */
function mod11_10(s: string): number {
  let p = 10;
  for (const d of digitsOf(s)) {
    let t = (d + p) % 10;
    if (t === 0) t = 10;
    p = (t * 2) % 11;
  }
  return (11 - p) % 10;
}

/** Remainder of a long decimal string modulo m (no bigint needed). */
function modOf(s: string, m: number): number {
  let r = 0;
  for (const d of digitsOf(s)) r = (r * 10 + d) % m;
  return r;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

// Belgium: 10 digits (old 9-digit numbers get a leading 0), starting 0 or 1; the last two digits
// are 97 − (first eight mod 97).
const BE: Rule = {
  format: /^[01]\d{9}$/,
  check: (n) => ok(97 - (Number(n.slice(0, 8)) % 97) === Number(n.slice(8))),
};

// Bulgaria: 9 digits for legal entities (weights 1–8, mod 11; if 10, weights 3–10; 10 → 0). 10
// digits for persons (EGN: weights 2,4,8,5,10,9,7,3,6 with a valid birth date), foreigners (PNF:
// weights 21,19,17,13,11,9,7,3,1 mod 10) or others (weights 4,3,2,7,6,5,4,3,2, 11 − sum mod 11).
function bgLegal(n: string): boolean {
  let c = weighted(n, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
  if (c === 10) c = weighted(n, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
  return c % 10 === Number(n[8]);
}
function bgEgn(n: string): boolean {
  let year = Number(n.slice(0, 2));
  let month = Number(n.slice(2, 4));
  const day = Number(n.slice(4, 6));
  if (month > 40) {
    year += 2000;
    month -= 40;
  } else if (month > 20) {
    year += 1800;
    month -= 20;
  } else {
    year += 1900;
  }
  if (!validDate(year, month, day)) return false;
  return (weighted(n, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === Number(n[9]);
}
const BG: Rule = {
  format: /^\d{9,10}$/,
  check: (n) => {
    if (n.length === 9) return ok(bgLegal(n));
    const pnf = weighted(n, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === Number(n[9]);
    const other = (11 - (weighted(n, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11 === Number(n[9]);
    return ok(bgEgn(n) || pnf || other);
  },
};

// Cyprus: 8 digits and a check letter; digits in odd positions are mapped through
// 0→1, 1→0, 2→5, 3→7, 4→9, 5→13, 6→15, 7→17, 8→19, 9→21, even positions count as is; the sum
// mod 26 is the letter (A = 0). The first digit is 0, 1, 3, 4, 5 or 9, and never "12".
const CY_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] as const;
const CY: Rule = {
  format: /^(?!12)[0-59]\d{7}[A-Z]$/,
  check: (n) => {
    const d = digitsOf(n.slice(0, 8));
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += i % 2 === 0 ? CY_ODD[d[i]!]! : d[i]!;
    return ok(String.fromCharCode(65 + (sum % 26)) === n[8]);
  },
};

// Czechia: 8 digits for legal persons (not starting with 9; weights 8–2, c = (11 − sum mod 11)
// mod 11, 0 → 1, then mod 10). 9 digits starting with 6: individuals without a birth number
// (weights 8–2 on digits 2–8, check = (8 − (10 − sum mod 11) mod 11) mod 10). Other 9 and 10
// digits: the birth number (rodné číslo) — 10 digits divisible by 11 (or mod 11 = 10 with check
// 0) with a valid date; 9 digits (born before 1954) carry no check digit, only the date is checked.
function czBirthNumber(n: string): boolean {
  let year = 1900 + Number(n.slice(0, 2));
  // Women's months are +50; since 2004 either may also be +20 when a day's numbers run out.
  const month = (Number(n.slice(2, 4)) % 50) % 20;
  const day = Number(n.slice(4, 6));
  if (n.length === 9) {
    if (year > 1953) return false;
  } else if (year < 1954) {
    year += 100;
  }
  if (!validDate(year, month, day)) return false;
  if (n.length === 9) return true;
  return modOf(n.slice(0, 9), 11) % 10 === Number(n[9]);
}
const CZ: Rule = {
  format: /^(?!9)\d{8}$|^\d{9,10}$/,
  check: (n) => {
    if (n.length === 8) {
      const c = (11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
      return ok((c === 0 ? 1 : c) % 10 === Number(n[7]));
    }
    if (n.length === 9 && n.startsWith("6")) {
      const s = weighted(n.slice(1), [8, 7, 6, 5, 4, 3, 2]) % 11;
      return ok((((8 - ((10 - s) % 11)) % 10) + 10) % 10 === Number(n[8]));
    }
    return ok(czBirthNumber(n));
  },
};

// Germany: 9 digits, not starting with 0; ISO 7064 MOD 11,10 check digit.
const DE: Rule = {
  format: /^[1-9]\d{8}$/,
  check: (n) => ok(mod11_10(n.slice(0, 8)) === Number(n[8])),
};

// Denmark: 8 digits, not starting with 0; weights 2,7,6,5,4,3,2,1, sum divisible by 11.
const DK: Rule = {
  format: /^[1-9]\d{7}$/,
  check: (n) => ok(weighted(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0),
};

// Estonia: 9 digits starting 10; weights 3,7,1,3,7,1,3,7, check = (10 − sum mod 10) mod 10.
const EE: Rule = {
  format: /^10\d{7}$/,
  check: (n) => ok((10 - (weighted(n, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === Number(n[8])),
};

// Greece (EL): 9 digits (8-digit numbers get a leading 0); weights 256,128,…,2, check = (sum mod
// 11) mod 10.
const EL: Rule = {
  format: /^\d{9}$/,
  check: (n) => ok((weighted(n, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(n[8])),
};

// Spain: NIF of persons (8 digits + letter), NIE of foreigners (X/Y/Z → 0/1/2, 7 digits +
// letter), special NIF (K/L/M + 7 digits + letter): letter = TRWAGMYFPDXBNJZSQVHLCKE[n mod 23].
// CIF of entities (A–W letter + 7 digits + control): Luhn-style control digit c, written as the
// digit or as JABCDEFGHI[c]. Which form each entity type must use is inconsistently documented,
// so both are accepted for every type (as python-stdnum does).
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
const ES: Rule = {
  format: /^(?:\d{8}[A-Z]|[XYZKLM]\d{7}[A-Z]|[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J])$/,
  check: (n) => {
    const first = n[0]!;
    if (/\d/.test(first)) return ok(DNI_LETTERS[Number(n.slice(0, 8)) % 23] === n[8]);
    if ("XYZ".includes(first)) {
      const num = Number(String("XYZ".indexOf(first)) + n.slice(1, 8));
      return ok(DNI_LETTERS[num % 23] === n[8]);
    }
    if ("KLM".includes(first)) return ok(DNI_LETTERS[Number(n.slice(1, 8)) % 23] === n[8]);
    const d = digitsOf(n.slice(1, 8));
    let sum = 0;
    for (let i = 0; i < 7; i++) {
      if (i % 2 === 0) {
        const x = d[i]! * 2;
        sum += x > 9 ? x - 9 : x;
      } else {
        sum += d[i]!;
      }
    }
    const c = (10 - (sum % 10)) % 10;
    return ok(n[8] === String(c) || n[8] === "JABCDEFGHI"[c]);
  },
};

// Finland: the business ID (Y-tunnus) without its dash — see finnishCheckDigit.
const FI: Rule = {
  format: /^\d{8}$/,
  check: (n) => ok(finnishCheckDigit(n.slice(0, 7)) === Number(n[7])),
};

// France: 2-character key + SIREN (9 digits, Luhn; SIRENs starting 000 — Monaco — have none).
// Numeric key = (12 + 3 × (SIREN mod 97)) mod 97. Keys with letters (alphabet without I and O)
// use the newer scheme from the DGFiP specification as implemented by python-stdnum.
const FR_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const FR: Rule = {
  format: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  check: (n) => {
    const siren = n.slice(2);
    if (!siren.startsWith("000") && !luhnValid(siren)) return "checksum";
    if (/^\d{2}$/.test(n.slice(0, 2))) {
      return ok(Number(n.slice(0, 2)) === (12 + 3 * (Number(siren) % 97)) % 97);
    }
    const a = FR_ALPHABET.indexOf(n[0]!);
    const b = FR_ALPHABET.indexOf(n[1]!);
    const c = /\d/.test(n[0]!) ? a * 24 + b - 10 : a * 34 + b - 100;
    return ok((Number(siren) + 1 + Math.floor(c / 11)) % 11 === c % 11);
  },
};

// Croatia: OIB, 11 digits, ISO 7064 MOD 11,10.
const HR: Rule = {
  format: /^\d{11}$/,
  check: (n) => ok(mod11_10(n.slice(0, 10)) === Number(n[10])),
};

// Hungary: 8 digits (the base of the tax number) — see hungarianCheckDigit.
const HU: Rule = {
  format: /^\d{8}$/,
  check: (n) => ok(hungarianCheckDigit(n.slice(0, 7)) === Number(n[7])),
};

// Ireland: new format 7 digits + check letter (+ an optional second letter W or A–I, since 2013);
// old format digit + letter/+/* + 5 digits + check letter, rearranged to 0 + digits 3–7 + digit 1.
// Weights 8–2 on the 7 digits, + 9 × the second letter (W = 0, A = 1 … I = 9); sum mod 23 picks
// the check letter from WABCDEFGHIJKLMNOPQRSTUV.
const IE_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV";
const IE: Rule = {
  format: /^(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  check: (n) => {
    let digits: string;
    let extra = 0;
    if (/^\d{7}/.test(n)) {
      digits = n.slice(0, 7);
      if (n.length === 9) extra = IE_LETTERS.indexOf(n[8]!);
    } else {
      digits = "0" + n.slice(2, 7) + n[0]!;
    }
    const sum = weighted(digits, [8, 7, 6, 5, 4, 3, 2]) + 9 * extra;
    return ok(IE_LETTERS[sum % 23] === n[7]);
  },
};

// Italy: 11 digits — company number (7, not all zero), provincial office (001–100, 120, 121,
// 888, 999), Luhn check digit.
const IT: Rule = {
  format: /^\d{11}$/,
  check: (n) => {
    const office = Number(n.slice(7, 10));
    const officeOk = (office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office);
    if (n.startsWith("0000000") || !officeOk) return "format";
    return ok(luhnValid(n));
  },
};

// Lithuania: 9 digits (legal persons, 8th digit 1) or 12 (temporary registration, 11th digit 1).
// Weights 1,2,…,9,1,2 on all but the last digit, mod 11; if 10, weights shifted by 2 (3,4,…);
// then mod 11 mod 10.
const LT: Rule = {
  format: /^(?:\d{7}1\d|\d{10}1\d)$/,
  check: (n) => {
    const body = n.slice(0, -1);
    const w1 = Array.from(body, (_, i) => 1 + (i % 9));
    let c = weighted(body, w1) % 11;
    if (c === 10)
      c =
        weighted(
          body,
          Array.from(body, (_, i) => 1 + ((i + 2) % 9)),
        ) % 11;
    return ok(c % 10 === Number(n.at(-1)));
  },
};

// Luxembourg: 8 digits; the first six mod 89 equal the last two.
const LU: Rule = {
  format: /^\d{8}$/,
  check: (n) => ok(Number(n.slice(0, 6)) % 89 === Number(n.slice(6))),
};

// Latvia: 11 digits. Legal persons (first digit > 3): weights 9,1,4,8,3,10,2,5,7,6,1, sum mod 11
// = 3. Natural persons: the personal code ddmmyy-cnnnx — the date is checked, and the check
// digit with weights 10,5,8,4,2,1,6,3,7,9 (the rule python-stdnum uses; not independently
// confirmed). Personal codes issued since 2017 start with 32 and carry no date or check digit:
// format only.
const LV: Rule = {
  format: /^\d{11}$/,
  check: (n) => {
    if (Number(n[0]) > 3) return ok(weighted(n, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3);
    if (n.startsWith("32")) return null;
    const year = 1800 + Number(n[6]) * 100 + Number(n.slice(4, 6));
    if (!validDate(year, Number(n.slice(2, 4)), Number(n.slice(0, 2)))) return "format";
    const c = (1 + weighted(n, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11;
    return ok(c % 10 === Number(n[10]));
  },
};

// Malta: 8 digits, not starting with 0; weights 3,4,6,7,8,9,10,1, sum divisible by 37.
const MT: Rule = {
  format: /^[1-9]\d{7}$/,
  check: (n) => ok(weighted(n, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0),
};

// Netherlands: 9 digits + B + 2 digits (not 00). Either the old scheme (RSIN/BSN "11-test":
// weights 9–2 on eight digits minus the ninth, divisible by 11) or, for numbers issued since
// 2020, ISO 7064 MOD 97-10 over "NL" + the number (letters A = 10 … Z = 35) equal to 1.
function nlMod97(n: string): boolean {
  return mod97("NL" + n) === 1;
}
const NL: Rule = {
  format: /^\d{9}B(?!00)\d{2}$/,
  check: (n) => {
    const d = digitsOf(n.slice(0, 9));
    const elevenTest = weighted(n, [9, 8, 7, 6, 5, 4, 3, 2]) - d[8]!;
    return ok((Number(n.slice(0, 9)) > 0 && elevenTest % 11 === 0) || nlMod97(n));
  },
};

// Poland: NIP, 10 digits; weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the last digit (never 10).
const PL: Rule = {
  format: /^\d{10}$/,
  check: (n) => ok(weighted(n, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(n[9])),
};

// Portugal: NIF, 9 digits not starting with 0; weights 9–2, check = (11 − sum mod 11), ≥ 10 → 0.
const PT: Rule = {
  format: /^[1-9]\d{8}$/,
  check: (n) => {
    const c = 11 - (weighted(n, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
    return ok((c >= 10 ? 0 : c) === Number(n[8]));
  },
};

// Romania: CIF, 2–10 digits not starting with 0; zero-padded to 10, weights 7,5,3,2,1,7,5,3,2,
// check = (10 × sum mod 11) mod 10. Or a person's CNP (13 digits; weights 2,7,9,1,4,6,3,5,8,2,7,9,
// sum mod 11, 10 → 1; the date is not checked).
const RO: Rule = {
  format: /^(?:[1-9]\d{1,9}|[1-9]\d{12})$/,
  check: (n) => {
    if (n.length === 13) {
      const c = weighted(n, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
      return ok((c === 10 ? 1 : c) === Number(n[12]));
    }
    const padded = n.padStart(10, "0");
    const c = ((weighted(padded, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11) % 10;
    return ok(c === Number(padded[9]));
  },
};

// Sweden: the 10-digit organisation number (Luhn) followed by 01.
const SE: Rule = {
  format: /^\d{10}01$/,
  check: (n) => ok(luhnValid(n.slice(0, 10))),
};

// Slovenia: 8 digits not starting with 0; weights 8–2, check = 11 − sum mod 11, 10 → 0, and 11
// is never issued.
const SI: Rule = {
  format: /^[1-9]\d{7}$/,
  check: (n) => {
    const c = 11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11);
    return ok(c !== 11 && (c === 10 ? 0 : c) === Number(n[7]));
  },
};

// Slovakia: 10 digits, first not 0, third 2, 3, 4, 7, 8 or 9; the number is divisible by 11.
const SK: Rule = {
  format: /^[1-9]\d[2-46-9]\d{7}$/,
  check: (n) => ok(modOf(n, 11) === 0),
};

// Austria: U + 8 digits; Luhn-like sum of the first 7 (every second digit doubled, digit sum),
// check = (10 − (sum + 4) mod 10) mod 10.
const AT: Rule = {
  format: /^U\d{8}$/,
  check: (n) => {
    const d = digitsOf(n.slice(1));
    let sum = 0;
    for (let i = 0; i < 7; i++) {
      if (i % 2 === 1) {
        const x = d[i]! * 2;
        sum += x > 9 ? x - 9 : x;
      } else {
        sum += d[i]!;
      }
    }
    return ok((10 - ((sum + 4) % 10)) % 10 === d[7]);
  },
};

const RULES: Readonly<Record<string, Rule>> = Object.freeze({
  AT,
  BE,
  BG,
  CY,
  CZ,
  DE,
  DK,
  EE,
  EL,
  ES,
  FI,
  FR,
  HR,
  HU,
  IE,
  IT,
  LT,
  LU,
  LV,
  MT,
  NL,
  PL,
  PT,
  RO,
  SE,
  SI,
  SK,
});

// ---------------------------------------------------------------------------------------------
// Hungary: adószám

/** Check digit of the 8-digit base: weights 9,7,3,1,9,7,3 on the first seven, (10 − sum mod 10) mod 10. */
function hungarianCheckDigit(first7: string): number {
  return (10 - (weighted(first7, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10;
}

/** Hungarian county (area) codes of the tax number: the counties, Budapest and the large taxpayers' office. */
const HU_COUNTY_CODES: ReadonlySet<string> = new Set([
  ...Array.from({ length: 19 }, (_, i) => String(i + 2).padStart(2, "0")), // 02–20
  "22",
  "41",
  "42",
  "43",
  "44",
  "51",
]);

export type HungarianTaxNumberCheck =
  | {
      ok: true;
      /** 12345676-2-41 */
      normalized: string;
      /** The 8-digit base (törzsszám), which is also the EU VAT number without HU. */
      base: string;
      /** 1 exempt/not VAT registered, 2 general, 3 simplified (EVA/KATA), 4 group member, 5 group. */
      vatCode: number;
      county: string;
      /** HU + base. */
      euVatNumber: string;
    }
  | { ok: false; code: "format" | "checksum" | "vat_code" | "county" };

/**
 * Checks a Hungarian tax number (adószám) `12345676-2-41`: an 8-digit base with its check digit,
 * the VAT code (1–5) and the county code (02–20, 22, 41–44, 51). Dashes and spaces are optional.
 */
export function checkHungarianTaxNumber(input: string): HungarianTaxNumberCheck {
  const m = /^(\d{8})-?(\d)-?(\d{2})$/.exec(input.replace(/\s/g, ""));
  if (!m) return { ok: false, code: "format" };
  const [, base, vat, county] = m as unknown as [string, string, string, string];
  if (hungarianCheckDigit(base.slice(0, 7)) !== Number(base[7])) {
    return { ok: false, code: "checksum" };
  }
  const vatCode = Number(vat);
  if (vatCode < 1 || vatCode > 5) return { ok: false, code: "vat_code" };
  if (!HU_COUNTY_CODES.has(county)) return { ok: false, code: "county" };
  return {
    ok: true,
    normalized: `${base}-${vat}-${county}`,
    base,
    vatCode,
    county,
    euVatNumber: `HU${base}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Finland: Y-tunnus and OVT

/** Weights 7,9,10,5,8,4,2; remainder 0 → 0, remainder 1 is never issued (−1), else 11 − r. */
function finnishCheckDigit(first7: string): number {
  const r = weighted(first7, [7, 9, 10, 5, 8, 4, 2]) % 11;
  if (r === 0) return 0;
  return r === 1 ? -1 : 11 - r;
}

export type FinnishBusinessIdCheck =
  { ok: true; /** 2077474-0 */ normalized: string } | { ok: false; code: "format" | "checksum" };

/**
 * Checks a Finnish business ID (Y-tunnus) `2077474-0` (also written without the dash, or with a
 * 6-digit old-style body, which is zero-padded).
 */
export function checkFinnishBusinessId(input: string): FinnishBusinessIdCheck {
  const s = input.replace(/\s/g, "");
  const m = /^(\d{6,7})-(\d)$/.exec(s) ?? /^(\d{7})(\d)$/.exec(s);
  if (!m) return { ok: false, code: "format" };
  const body = m[1]!.padStart(7, "0");
  if (finnishCheckDigit(body) !== Number(m[2])) return { ok: false, code: "checksum" };
  return { ok: true, normalized: `${body}-${m[2]!}` };
}

export type FinnishOvtCheck =
  | {
      ok: true;
      /** 003720774740 (no separators, upper-case). */
      normalized: string;
      /** The business ID inside it, 2077474-0. */
      businessId: string;
      /** The optional organisation-unit suffix (up to 5 characters), or null. */
      suffix: string | null;
    }
  | { ok: false; code: "format" | "checksum" };

/**
 * Checks a Finnish OVT e-invoice address (ISO 6523 ICD 0037): 0037 + the 8-digit business ID
 * without its dash + an optional suffix of up to 5 letters or digits.
 */
export function checkFinnishOvt(input: string): FinnishOvtCheck {
  const s = input.replace(/[\s-]/g, "").toUpperCase();
  const m = /^0037(\d{8})([0-9A-Z]{0,5})$/.exec(s);
  if (!m) return { ok: false, code: "format" };
  const id = checkFinnishBusinessId(m[1]!);
  if (!id.ok) return { ok: false, code: id.code };
  return { ok: true, normalized: s, businessId: id.normalized, suffix: m[2] || null };
}
