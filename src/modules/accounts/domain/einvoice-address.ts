/**
 * The buyer's e-invoice address (A7), checked offline: a Finnish OVT address with its
 * operator, or a Peppol participant id. Pure. Whether the address is registered (TIEKE's
 * directory, the Peppol SML) is not checked here.
 *
 * Stored on the customer as (einvoice_scheme, einvoice_id, einvoice_operator) and written to
 * UBL's buyer EndpointID (BT-49) as `schemeID` and value: an OVT address is scheme 0037 with an
 * operator; a Peppol id is its own scheme and identifier, without an operator.
 */
import {
  checkFinnishBusinessId,
  checkFinnishOvt,
  checkVatNumber,
  luhnValid,
} from "../../billing/index.ts";

export type EInvoiceInput =
  { type: "ovt"; address: string; operator: string } | { type: "peppol"; participantId: string };

export interface EInvoiceAddress {
  scheme: string;
  id: string;
  operator: string | null;
}

export type EInvoiceErrorCode =
  | "ovt_format"
  | "ovt_checksum"
  | "operator_format"
  | "operator_checksum"
  | "peppol_format"
  | "peppol_scheme"
  | "peppol_identifier"
  | "peppol_checksum";

export interface EInvoiceError {
  /** Which input field: `address`, `operator` or `participantId`. */
  field: "address" | "operator" | "participantId";
  code: EInvoiceErrorCode;
  message: string;
}

/**
 * The numeric codes of the CEF Electronic Address Scheme (EAS) code list, as EN 16931's rule
 * BR-CL-25 lists them in the CEN validation artefacts 1.3.16
 * (../shared/standards/cen-en16931-ubl/schematron/codelist/EN16931-UBL-codes.sch; a test
 * compares). A Peppol participant id's scheme must be one of them.
 */
export const EAS_CODES: readonly string[] = (
  "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 " +
  "0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 " +
  "0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 " +
  "0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 " +
  "9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 " +
  "9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959"
).split(" ");

const EAS = new Set(EAS_CODES);

/** The EAS codes of EU member states' VAT numbers (as UBL export uses them), by country. */
const VAT_SCHEMES: Readonly<Record<string, string>> = {
  "9910": "HU",
  "9914": "AT",
  "9920": "ES",
  "9925": "BE",
  "9926": "BG",
  "9928": "CY",
  "9929": "CZ",
  "9930": "DE",
  "9931": "EE",
  "9933": "GR",
  "9934": "HR",
  "9935": "IE",
  "9937": "LT",
  "9938": "LU",
  "9939": "LV",
  "9943": "MT",
  "9944": "NL",
  "9945": "PL",
  "9946": "PT",
  "9947": "RO",
  "9949": "SI",
  "9950": "SK",
  "9957": "FR",
  "0211": "IT", // Partita IVA
  "0213": "FI", // Finnish VAT number
};

type Verdict = null | { code: "peppol_identifier" | "peppol_checksum"; message: string };

const digits = (s: string) => Array.from(s, (c) => c.charCodeAt(0) - 48);

/** GS1 check digit (GLN, EAN-13): weights 3,1,3,… from the right, excluding the check digit. */
export function gs1Valid(s: string): boolean {
  const d = digits(s);
  let sum = 0;
  for (let i = d.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += d[i]! * w;
  return (10 - (sum % 10)) % 10 === d.at(-1);
}

/** Norwegian organisation number: weights 3,2,7,6,5,4,3,2, check = 11 − sum mod 11 (11 → 0). */
function norwegianOrgValid(s: string): boolean {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  const d = digits(s);
  const sum = w.reduce((acc, weight, i) => acc + weight * d[i]!, 0);
  const c = 11 - (sum % 11);
  return c !== 10 && (c === 11 ? 0 : c) === d[8];
}

function shape(re: RegExp, what: string) {
  return (id: string): Verdict =>
    re.test(id) ? null : { code: "peppol_identifier", message: `The identifier must be ${what}.` };
}

function checked(re: RegExp, what: string, valid: (id: string) => boolean) {
  return (id: string): Verdict =>
    shape(re, what)(id) ??
    (valid(id)
      ? null
      : { code: "peppol_checksum", message: `The check digit of the ${what} is wrong.` });
}

/** Per-scheme checks where the rule is simple and published; other schemes: the format only. */
const SCHEME_CHECKS: Readonly<Record<string, (id: string) => Verdict>> = {
  "0007": checked(/^\d{10}$/, "Swedish organisation number (10 digits)", luhnValid),
  "0037": ovtCheck,
  "0060": shape(/^\d{9}$/, "a D-U-N-S number (9 digits)"),
  "0088": checked(/^\d{13}$/, "GLN (13 digits)", gs1Valid),
  "0106": shape(/^\d{8}$/, "a KvK number (8 digits)"),
  "0184": (id) => vatCheck("DK", id),
  "0190": shape(/^\d{20}$/, "a Dutch OIN (20 digits)"),
  "0192": checked(/^\d{9}$/, "Norwegian organisation number (9 digits)", norwegianOrgValid),
  "0208": (id) => vatCheck("BE", id),
  "0212": (id) => {
    const r = checkFinnishBusinessId(id);
    if (r.ok) return null;
    return r.code === "format"
      ? {
          code: "peppol_identifier",
          message: "The identifier must be a Finnish business ID (1234567-8).",
        }
      : {
          code: "peppol_checksum",
          message: "The check digit of the Finnish business ID is wrong.",
        };
  },
  "0216": ovtCheck,
};

function ovtCheck(id: string): Verdict {
  const r = checkFinnishOvt(id);
  if (r.ok) return null;
  return r.code === "format"
    ? { code: "peppol_identifier", message: OVT_FORMAT }
    : { code: "peppol_checksum", message: OVT_CHECKSUM };
}

function vatCheck(country: string, id: string): Verdict {
  const r = checkVatNumber(id, { country });
  if (r.ok && r.country === country) return null;
  if (!r.ok && r.code === "checksum")
    return {
      code: "peppol_checksum",
      message: `The check digit of the ${country} number is wrong.`,
    };
  return {
    code: "peppol_identifier",
    message: `The identifier must be a ${country} VAT or business number.`,
  };
}

const OVT_FORMAT =
  "An OVT address is 0037, the 8-digit business ID without its dash, and up to 5 more letters or digits (003712345671).";
const OVT_CHECKSUM = "The business ID inside the OVT address has a wrong check digit.";

/** Any identifier: 1–50 visible ASCII characters, no spaces (Peppol's identifier policy). */
const IDENTIFIER = /^[\x21-\x7e]{1,50}$/;

/**
 * Checks a Peppol participant id `scheme:identifier` (also written with the
 * `iso6523-actorid-upis::` prefix): the scheme is a known 4-digit EAS code, the identifier has
 * the scheme's form and check digit where the scheme has a simple published rule (0037 and
 * 0216 OVT, 0088 GLN, 0007 Swedish and 0192 Norwegian organisation numbers, 0212 Finnish
 * business ID, 0184/0208 Danish and Belgian numbers, the VAT-number schemes 99xx).
 */
export function checkPeppolParticipantId(
  input: string,
): { ok: true; scheme: string; id: string } | { ok: false; error: EInvoiceError } {
  const fail = (code: EInvoiceErrorCode, message: string) => ({
    ok: false as const,
    error: { field: "participantId" as const, code, message },
  });
  const s = input.trim().replace(/^iso6523-actorid-upis::/i, "");
  const m = /^(\d{4}):(.+)$/.exec(s);
  if (!m)
    return fail(
      "peppol_format",
      "A Peppol participant id is the scheme's 4-digit code, a colon and the identifier (0088:5790000435951).",
    );
  const scheme = m[1]!;
  const id = m[2]!;
  if (!EAS.has(scheme))
    return fail("peppol_scheme", `${scheme} is not an electronic address scheme (EAS) code.`);
  if (!IDENTIFIER.test(id))
    return fail(
      "peppol_identifier",
      "The identifier after the colon must be 1 to 50 characters without spaces.",
    );
  const country = VAT_SCHEMES[scheme];
  const verdict = country ? vatCheck(country, id) : (SCHEME_CHECKS[scheme]?.(id) ?? null);
  if (verdict) return fail(verdict.code, verdict.message);
  return { ok: true, scheme, id };
}

/**
 * A Finnish operator's id (välittäjätunnus): an OVT-style code (0037 + business ID, e.g.
 * 003721291126), a bank's BIC (DABAFIHH, NDEAFIHH, BAWCFI22), or OpusCapita's historical
 * E204503-style code. Returns the code upper-case without spaces.
 */
export function checkOperatorId(
  input: string,
): { ok: true; operator: string } | { ok: false; error: EInvoiceError } {
  const s = input.replace(/\s/g, "").toUpperCase();
  if (/^0037/.test(s)) {
    const r = checkFinnishOvt(s);
    if (r.ok) return { ok: true, operator: r.normalized };
    if (r.code === "checksum")
      return {
        ok: false,
        error: {
          field: "operator",
          code: "operator_checksum",
          message: "The business ID inside the operator id has a wrong check digit.",
        },
      };
  } else if (/^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(s) || /^E\d{6}$/.test(s)) {
    return { ok: true, operator: s };
  }
  return {
    ok: false,
    error: {
      field: "operator",
      code: "operator_format",
      message:
        "An operator id is an OVT-style code (003721291126) or a bank's BIC (DABAFIHH), as the operator publishes it.",
    },
  };
}

/** Checks an e-invoice address; returns what to store or every problem found. */
export function checkEInvoiceAddress(
  input: EInvoiceInput,
): { ok: true; address: EInvoiceAddress } | { ok: false; errors: EInvoiceError[] } {
  if (input.type === "peppol") {
    const r = checkPeppolParticipantId(input.participantId);
    return r.ok
      ? { ok: true, address: { scheme: r.scheme, id: r.id, operator: null } }
      : { ok: false, errors: [r.error] };
  }
  const errors: EInvoiceError[] = [];
  const ovt = checkFinnishOvt(input.address);
  if (!ovt.ok)
    errors.push({
      field: "address",
      code: ovt.code === "format" ? "ovt_format" : "ovt_checksum",
      message: ovt.code === "format" ? OVT_FORMAT : OVT_CHECKSUM,
    });
  const operator = checkOperatorId(input.operator);
  if (!operator.ok) errors.push(operator.error);
  if (!ovt.ok || !operator.ok) return { ok: false, errors };
  return {
    ok: true,
    address: { scheme: "0037", id: ovt.normalized, operator: operator.operator },
  };
}

/** The stored address as the form shows it: OVT with its operator, else a Peppol id. */
export function eInvoiceInputOf(stored: {
  scheme: string | null;
  id: string | null;
  operator: string | null;
}): EInvoiceInput | null {
  if (!stored.scheme || !stored.id) return null;
  if (stored.scheme === "0037" && stored.operator)
    return { type: "ovt", address: stored.id, operator: stored.operator };
  return { type: "peppol", participantId: `${stored.scheme}:${stored.id}` };
}
