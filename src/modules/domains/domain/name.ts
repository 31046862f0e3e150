/**
 * A domain name as the customer typed it, parsed and checked before anyone asks a registry (H1).
 *
 * Pure: no I/O. `node:url`'s `domainToASCII` (the WHATWG URL host parser's UTS #46 processing,
 * non-transitional: "straße" stays ß) maps and encodes internationalized labels to punycode.
 *
 * The checks below are the ones every registry we sell applies (the DNS and IDNA standards) plus
 * the rules a registry publishes that we can cite. Anything else (per-TLD IDN tables other than
 * .hu's, protected or settlement names, trademark rules) is the registry's to refuse: its answer
 * comes back through the registrar port as a status, not from here.
 */
import { domainToASCII, domainToUnicode } from "node:url";

export type DomainNameCode =
  | "domains.name_empty"
  | "domains.name_too_long"
  | "domains.label_too_long"
  | "domains.label_invalid"
  | "domains.characters_not_allowed"
  | "domains.name_incomplete"
  | "domains.tld_not_sold"
  | "domains.name_not_registrable"
  | "domains.sld_too_short"
  | "domains.name_reserved";

export type ParsedDomainName =
  | {
      ok: true;
      /** The whole name in ASCII (punycode for IDN labels), lower case, no trailing dot. */
      ascii: string;
      /** The same name for display: IDN labels decoded (ő, ű, ä, ž …). */
      unicode: string;
      /** The label registered, ASCII form ("xn--rvztr-wqa0gx3bwi" for árvíztűrő). */
      sld: string;
      /** The ending we sell it under, ASCII form, as in the list passed in ("hu", "co.hu"). */
      tld: string;
    }
  | { ok: false; code: DomainNameCode; message: string };

/**
 * Second-level labels refused whatever the ending, with the reason each is on the list:
 * - "example", "invalid", "localhost", "test": the names RFC 2606 (§2, §3) and RFC 6761 (§6)
 *   reserve for documentation and testing; IANA holds example.com/.net/.org, and ICANN's
 *   registry agreement (Specification 5, §2) reserves "example" at the second level of every
 *   gTLD.
 * - "nic", "www", "whois": reserved at the second level of every gTLD for the registry's own
 *   operations (ICANN registry agreement, Specification 5, §3; "iris" is there too, but it is
 *   a word people may legitimately want under a ccTLD and no ccTLD we sell lists it).
 */
export const RESERVED_SLDS: readonly string[] = [
  "example",
  "invalid",
  "localhost",
  "test",
  "nic",
  "www",
  "whois",
];

/** RFC 1035 §2.3.4 / RFC 1123 §2.1: 63 octets per label; 253 characters for the whole name
 * in text form (255 octets on the wire minus the length octet of the first label and the root). */
const MAX_NAME = 253;
const MAX_LABEL = 63;

/** Label separators UTS #46 (§2.3) maps to a full stop: ideographic, fullwidth, halfwidth. */
const FULL_STOPS = /[\u3002\uff0e\uff61]/g;

/** The only ASCII characters a hostname label may hold (RFC 952/1123 "LDH"). */
const LDH = /^[a-z0-9-]+$/;

/**
 * .hu (domain.hu, "Formal requirements for a domain name"): at least 2 characters, made of a–z,
 * 0–9, the hyphen and the Hungarian accented lower-case letters only; accented letters of other
 * languages are refused. Counted in characters of the name as written, not of its punycode.
 * Names of digits only are allowed (merely "not recommended" there), so no rule for them.
 */
const HU_MIN_SLD = 2;
const HU_LETTERS = /^[a-z0-9\-áéíóöőúüű]+$/u;

/** The trimmed, lower-cased input with full stops unified and one trailing dot (the DNS root)
 * removed: what the rules below and the label-only check look at. */
export function normalizeDomainInput(input: string): string {
  let s = input.trim().toLowerCase().replace(FULL_STOPS, ".");
  if (s.endsWith(".")) s = s.slice(0, -1);
  return s;
}

/** True when the customer typed a single label ("kapu", "árvíztűrő") and no ending. */
export function isSingleLabel(input: string): boolean {
  const s = normalizeDomainInput(input);
  return s !== "" && !s.includes(".");
}

/** Sold endings as given (maybe "HU", ".com", "co.hu") in the ASCII form names are compared in. */
export function normalizeTlds(tlds: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tlds) {
    const s = normalizeDomainInput(t).replace(/^\.+/, "");
    if (s === "") continue;
    const ascii = s
      .split(".")
      .map((label) => toAsciiLabel(label) ?? label)
      .join(".");
    if (!out.includes(ascii)) out.push(ascii);
  }
  return out;
}

/**
 * Parses and validates a domain name against the endings we sell. The first rule broken wins,
 * in this order: empty, characters and IDN encoding, lengths, label syntax, ending, what can be
 * registered, the ending's own rules, reserved names.
 */
export function parseDomainName(input: string, tlds: readonly string[]): ParsedDomainName {
  const fail = (code: DomainNameCode, message: string): ParsedDomainName => ({
    ok: false,
    code,
    message,
  });
  const s = normalizeDomainInput(input);
  if (s === "") return fail("domains.name_empty", "Type a domain name, e.g. kapu.hu.");

  const typed = s.split(".");
  const ascii: string[] = [];
  const unicode: string[] = [];
  for (const label of typed) {
    // RFC 1035 §2.3.1: a name is labels separated by dots; "a..hu" has an empty one.
    if (label === "")
      return fail(
        "domains.label_invalid",
        `"${s}" has an empty part between two dots (or a dot at the start).`,
      );
    // Only letters, digits and hyphens (RFC 1123 §2.1); other ASCII (space, "_", "%", "/", ":")
    // is refused here rather than left to the URL parser, which would percent-decode or accept it.
    const badAscii = [...label].find((c) => c < "\u0080" && !/[a-z0-9-]/.test(c));
    if (badAscii !== undefined)
      return fail(
        "domains.label_invalid",
        `"${s}" contains "${badAscii}": a domain name may hold only letters, digits and hyphens.`,
      );
    const a = toAsciiLabel(label);
    if (a === null)
      return fail(
        "domains.label_invalid",
        `"${label}" is not a valid internationalized domain label (IDNA).`,
      );
    // An xn-- label must be valid punycode of a real IDN label (RFC 5890 §2.3.2.1 "A-label").
    const u = a.startsWith("xn--") ? fromAsciiLabel(a) : a;
    if (u === null) return fail("domains.label_invalid", `"${label}" is not valid punycode.`);
    ascii.push(a);
    unicode.push(u);
  }

  const asciiName = ascii.join(".");
  const unicodeName = unicode.join(".");
  if (asciiName.length > MAX_NAME)
    return fail(
      "domains.name_too_long",
      `The name is ${asciiName.length} characters long (encoded); at most ${MAX_NAME} are allowed.`,
    );
  for (const [i, a] of ascii.entries()) {
    const shown = unicode[i] ?? a;
    if (a.length > MAX_LABEL)
      return fail(
        "domains.label_too_long",
        `"${shown}" is ${a.length} characters long (encoded); a part of a domain name may have at most ${MAX_LABEL}.`,
      );
    if (!LDH.test(a))
      return fail("domains.label_invalid", `"${shown}" may hold only letters, digits and hyphens.`);
    // RFC 952 / RFC 1123 §2.1: a label neither starts nor ends with a hyphen.
    if (a.startsWith("-") || a.endsWith("-"))
      return fail("domains.label_invalid", `"${shown}" may not start or end with a hyphen.`);
    // RFC 5891 §4.2.3.1: "--" in the 3rd and 4th positions is reserved for IDNA prefixes;
    // "xn--" is the only one in use.
    if (a.slice(2, 4) === "--" && !a.startsWith("xn--"))
      return fail(
        "domains.label_invalid",
        `"${shown}" may not have two hyphens as its 3rd and 4th characters.`,
      );
  }

  if (ascii.length < 2)
    return fail("domains.name_incomplete", `Add the ending to "${unicodeName}", e.g. .hu or .com.`);

  // The longest ending we sell that the name ends with ("co.hu" before "hu", when both are sold).
  const sold = normalizeTlds(tlds);
  let tld: string | null = null;
  for (const t of sold) {
    if ((asciiName === t || asciiName.endsWith(`.${t}`)) && (tld === null || t.length > tld.length))
      tld = t;
  }
  if (tld === null)
    return fail(
      "domains.tld_not_sold",
      `We do not sell names ending in .${unicode[unicode.length - 1] ?? ""}. We sell ${sold.map((t) => `.${t}`).join(", ")}.`,
    );
  const tldLabels = tld.split(".").length;
  if (tldLabels >= ascii.length)
    return fail(
      "domains.name_incomplete",
      `"${unicodeName}" is an ending: add the name before it, e.g. kapu.${unicodeName}.`,
    );

  // Only the label directly under a registry's ending can be registered; "www.kapu.hu" is a
  // host inside kapu.hu, created in its DNS, not at a registry.
  if (ascii.length > tldLabels + 1) {
    const registrable = unicode.slice(-(tldLabels + 1)).join(".");
    return fail(
      "domains.name_not_registrable",
      `"${unicodeName}" is a name inside ${registrable}; only ${registrable} itself can be registered.`,
    );
  }

  const sld = ascii[0] ?? "";
  const sldUnicode = unicode[0] ?? sld;
  if (tld === "hu" || tld.endsWith(".hu")) {
    if (!HU_LETTERS.test(sldUnicode))
      return fail(
        "domains.characters_not_allowed",
        `A .hu name may hold only a–z, 0–9, hyphens and the Hungarian letters á é í ó ö ő ú ü ű.`,
      );
    if ([...sldUnicode].length < HU_MIN_SLD)
      return fail(
        "domains.sld_too_short",
        `A .hu name must be at least ${HU_MIN_SLD} characters long before the ending.`,
      );
  }

  if (RESERVED_SLDS.includes(sld))
    return fail(
      "domains.name_reserved",
      `"${sldUnicode}" is reserved and cannot be registered under any ending.`,
    );

  return { ok: true, ascii: asciiName, unicode: unicodeName, sld, tld };
}

/**
 * One label to its ASCII form (UTS #46 mapping, then punycode), or null when IDNA refuses it.
 * The label is converted with an alphabetic dummy ending: alone, a numeric label would be read
 * as an IPv4 address by the URL host parser.
 */
function toAsciiLabel(label: string): string | null {
  if (LDH.test(label) && !label.startsWith("xn--")) return label;
  const converted = domainToASCII(`${label}.invalid`);
  if (!converted.endsWith(".invalid")) return null;
  const a = converted.slice(0, -".invalid".length);
  // Some characters map to a separator (e.g. "⒈" → "1."): then it was not one label.
  if (a === "" || a.includes(".")) return null;
  return a;
}

/** An xn-- label decoded, or null unless it is the punycode of a real IDN label (it decodes,
 * holds a non-ASCII character, and encodes back to itself). */
function fromAsciiLabel(label: string): string | null {
  const decoded = domainToUnicodeLabel(label);
  if (decoded === null || [...decoded].every((c) => c < "\u0080")) return null;
  return toAsciiLabel(decoded) === label ? decoded : null;
}

function domainToUnicodeLabel(label: string): string | null {
  // `domainToUnicode` returns the input unchanged for bad punycode (or "" in some versions).
  const u = domainToUnicode(`${label}.invalid`);
  if (!u.endsWith(".invalid")) return null;
  const d = u.slice(0, -".invalid".length);
  return d === "" || d.includes(".") ? null : d;
}
