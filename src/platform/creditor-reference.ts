/**
 * ISO 11649 structured creditor references: `RF` + 2 check digits + 1–21 letters or digits,
 * checked with ISO 7064 MOD 97-10 (letters A=10 … Z=35). Banks carry them in the remittance
 * information; billing prints them on proformas, payments matching reads them back.
 */
import { mod97 } from "./iso7064.ts";

/** The reference for a base of 1–21 letters or digits (other characters are dropped). */
export function creditorReference(base: string): string {
  const body = base.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (body.length === 0 || body.length > 21) throw new Error(`Bad reference base: ${base}`);
  // Check digits = 98 − (body + "RF00") mod 97; R = 27, F = 15.
  const check = 98 - ((mod97(body) * 1_000_000 + 271_500) % 97);
  return `RF${String(check).padStart(2, "0")}${body}`;
}

/** A compact, upper-case reference (`RF18539007547034`) with right check digits. Fast: no copies. */
export function hasValidCheckDigits(ref: string): boolean {
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  // MOD 97-10 of body + "RF" + check digits, without building the rotated string.
  const rest = mod97(ref, 4);
  const rotated = ((rest * 10_000 + 2715) % 97) * 100 + Number(ref.slice(2, 4));
  return rotated % 97 === 1;
}

/** A reference as people write it (spaces, any case) with right check digits. */
export function isValidCreditorReference(ref: string): boolean {
  return hasValidCheckDigits(ref.toUpperCase().replace(/\s/g, ""));
}
