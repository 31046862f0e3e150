import { creditorReference } from "../../../platform/creditor-reference.ts";

export {
  creditorReference,
  isValidCreditorReference,
} from "../../../platform/creditor-reference.ts";

/**
 * Document numbers and payment references.
 *
 * A number format is a template with the tokens {series}, {year} and {seq:N} (the sequence
 * zero-padded to N digits; {seq} = no padding). The default `{series}-{year}-{seq:6}` gives
 * `KAPU-2026-000123`. The sequence restarts every year per series and has no gaps.
 */
export const DEFAULT_NUMBER_FORMAT = "{series}-{year}-{seq:6}";

const TOKEN = /\{(series|year|seq)(?::(\d{1,2}))?\}/g;

/** Why a format is unusable, or null when it is fine. */
export function numberFormatProblem(format: string): string | null {
  if (format.length === 0 || format.length > 60) return "The format must be 1–60 characters.";
  const tokens = [...format.matchAll(TOKEN)].map((m) => m[1]);
  if (!tokens.includes("seq")) return "The format must contain {seq} or {seq:N}.";
  if (!tokens.includes("year")) return "The format must contain {year}: numbers restart yearly.";
  if (tokens.filter((t) => t === "seq").length > 1) return "{seq} may appear once.";
  const rest = format.replace(TOKEN, "");
  if (/[{}]/.test(rest)) return "Unknown token: only {series}, {year} and {seq:N} are allowed.";
  if (!/^[A-Za-z0-9/_.\- ]*$/.test(rest))
    return "Only letters, digits, space and / _ . - may appear outside tokens.";
  return null;
}

export function formatDocumentNumber(
  format: string,
  series: string,
  year: number,
  sequence: number,
): string {
  return format.replace(TOKEN, (_m, token: string, width?: string) => {
    if (token === "series") return series;
    if (token === "year") return String(year);
    return String(sequence).padStart(width ? Number(width) : 0, "0");
  });
}

/** The reference of a document: RF creditor reference over its series, year and sequence. */
export function paymentReferenceFor(series: string, year: number, sequence: number): string {
  return creditorReference(`${series}${year}${String(sequence).padStart(6, "0")}`);
}
