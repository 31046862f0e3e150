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

/** ISO 7064 MOD 97-10 over an alphanumeric string (letters A=10 … Z=35). */
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem;
}

/**
 * ISO 11649 structured creditor reference (`RF` + 2 check digits + up to 21 alphanumerics),
 * which banks carry in the remittance information. The check digits let the statement import
 * (next issue) recognise a reference typed with one character wrong.
 */
export function creditorReference(base: string): string {
  const body = base.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (body.length === 0 || body.length > 21) throw new Error(`Bad reference base: ${base}`);
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, "0")}${body}`;
}

export function isValidCreditorReference(ref: string): boolean {
  const s = ref.toUpperCase().replace(/\s/g, "");
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(s)) return false;
  return mod97(`${s.slice(4)}${s.slice(0, 4)}`) === 1;
}

/** The reference of a document: RF creditor reference over its series, year and sequence. */
export function paymentReferenceFor(series: string, year: number, sequence: number): string {
  return creditorReference(`${series}${year}${String(sequence).padStart(6, "0")}`);
}
