/** Bank account identifiers found in statements: IBAN check, Hungarian domestic numbers. */
import { mod97 } from "../../../../platform/iso7064.ts";

/**
 * The IBAN in electronic form (upper case, no spaces) when `raw` is one and its ISO 13616 check
 * digits are right; null otherwise: domestic numbers, masked (`HU42 **** …`) or mistyped IBANs.
 */
export function ibanOrNull(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return null;
  return mod97(s.slice(4) + s.slice(0, 4)) === 1 ? s : null;
}

/** Weighted 9-7-3-1 check of one Hungarian account number block (sum ≡ 0 mod 10). */
function hungarianBlockValid(digits: string): boolean {
  const weights = [9, 7, 3, 1];
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (weights[i % 4] ?? 0);
  return sum % 10 === 0;
}

/**
 * A Hungarian domestic account number (`11773016-11111018` or `11773016-11111018-00000000`) as
 * an IBAN, when both check digits of the number are right; null otherwise.
 */
export function hungarianAccountToIban(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, "");
  if (!/^(\d{16}|\d{24})$/.test(digits)) return null;
  const bban = digits.padEnd(24, "0");
  if (!hungarianBlockValid(bban.slice(0, 8)) || !hungarianBlockValid(bban.slice(8))) return null;
  const check = 98 - mod97(`${bban}HU00`);
  return `HU${String(check).padStart(2, "0")}${bban}`;
}
