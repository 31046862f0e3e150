/**
 * Quantities are decimal strings with up to 4 decimals (`numeric(18, 4)` in the database, which
 * hands them back padded: "1.5000"). Arithmetic on them goes through integer ten-thousandths.
 */
const SCALE = 10_000n;

/** "2.5" → 25000n, "-1" → -10000n. */
export function quantityUnits(q: string): bigint {
  const neg = q.startsWith("-");
  const [i = "0", f = ""] = (neg ? q.slice(1) : q).split(".");
  const v = BigInt(i) * SCALE + BigInt((f + "0000").slice(0, 4));
  return neg ? -v : v;
}

/** 25000n → "2.5", -10000n → "-1". */
export function quantityFromUnits(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const frac = (a % SCALE).toString().padStart(4, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${a / SCALE}${frac ? `.${frac}` : ""}`;
}

/** A decimal without trailing zeros: "1.5000" → "1.5", "2.0000" → "2", "395.120000" → "395.12". */
export function trimDecimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** A quantity as the database reads it back: "1.5" → "1.5000". */
export function storedQuantity(q: string): string {
  return quantityFromUnitsPadded(quantityUnits(q));
}

function quantityFromUnitsPadded(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  return `${neg ? "-" : ""}${a / SCALE}.${(a % SCALE).toString().padStart(4, "0")}`;
}
