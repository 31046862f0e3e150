/**
 * ISO 7064 MOD 97-10, the check behind IBANs (ISO 13616), RF creditor references (ISO 11649)
 * and new Dutch VAT numbers: digits as they are, letters A=10 … Z=35, remainder modulo 97.
 */

/** MOD 97 of upper-case `s` from position `from`; -1 for any other character than 0-9 A-Z. */
export function mod97(s: string, from = 0): number {
  let rem = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}
