/**
 * Exact decimal amounts as strings (bigint arithmetic, never floating point). Statement amounts
 * come in any currency and precision (camt allows 5 fraction digits), so this does not use Money,
 * whose currencies and minor units are the ones Kapu invoices in.
 */

/** ISO 4217 minor units where they are not 2; only used to print amounts canonically. */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

/** A decimal as an integer count of 10^-scale units. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/**
 * The canonical string of a non-negative decimal given as digit strings: leading zeros dropped,
 * trailing fraction zeros dropped down to the currency's minor units, padded up to them
 * (`000473`,`17` EUR → `473.17`; `8`,`850` → `8.85`; `2700`,`` JPY → `2700`).
 */
export function canonicalAmount(whole: string, fraction: string, currency: string): string {
  const minor = minorUnits(currency);
  const w = whole.replace(/^0+(?=\d)/, "") || "0";
  let f = fraction;
  while (f.length > minor && f.endsWith("0")) f = f.slice(0, -1);
  f = f.padEnd(minor, "0");
  return f.length === 0 ? w : `${w}.${f}`;
}

const CANONICAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function toDecimal(amount: string): Decimal {
  const m = CANONICAL.exec(amount);
  if (!m) throw new Error(`Not a canonical decimal: ${amount}`);
  const [, sign = "", whole = "", fraction = ""] = m;
  const units = BigInt(whole + fraction);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function negate(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

export function equalDecimals(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale) === rescale(b, scale);
}

/** A decimal printed canonically for its currency (see canonicalAmount), with a sign. */
export function formatDecimal(d: Decimal, currency: string): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = digits.slice(digits.length - d.scale);
  const text = canonicalAmount(whole, fraction, currency);
  return negative && d.units !== 0n ? `-${text}` : text;
}
