/**
 * Decimal input as people type it ("1 500,5", "1500.50") → the API's decimal string
 * ("1500.5"); null when it is not a non-negative decimal with at most `maxDecimals` digits
 * after the point. Strings only: amounts never pass through floating point.
 */
export function normalizeDecimal(input: string, maxDecimals: number): string | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  const pattern = new RegExp(`^\\d{1,13}(\\.\\d{1,${maxDecimals}})?$`);
  return pattern.test(compact) ? compact : null;
}

/** True for "0", "0.00" and the like. */
export function isZeroDecimal(value: string): boolean {
  return /^0*(\.0*)?$/.test(value);
}

/** Compares two non-negative decimal strings: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [aInt = "0", aFrac = ""] = a.split(".");
  const [bInt = "0", bFrac = ""] = b.split(".");
  const width = Math.max(aFrac.length, bFrac.length);
  const left = BigInt(aInt + aFrac.padEnd(width, "0"));
  const right = BigInt(bInt + bFrac.padEnd(width, "0"));
  return left === right ? 0 : left < right ? -1 : 1;
}

/** A percentage as typed ("27", "5,5", "0") → basis points (2700, 550, 0); null if invalid. */
export function percentToBasisPoints(input: string): number | null {
  const value = normalizeDecimal(input, 2);
  if (value === null) return null;
  const [whole = "0", fraction = ""] = value.split(".");
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return basisPoints <= 10_000 ? basisPoints : null;
}
