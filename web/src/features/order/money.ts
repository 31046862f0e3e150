import type { BillingCycle, CatalogPrice } from "./types";

/** The billing cycles a customer can choose, shortest first. */
export const CYCLES = [
  "monthly",
  "quarterly",
  "semiannual",
  "annual",
  "biennial",
] as const satisfies readonly BillingCycle[];

export const CYCLE_MONTHS: Record<BillingCycle, number> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
  biennial: 24,
};

export function isCycle(value: string | null | undefined): value is BillingCycle {
  return CYCLES.some((cycle) => cycle === value);
}

// Decimal strings are added as integers of 1/10 000 (no floating point anywhere).
const SCALE = 4;

function toUnits(value: string): bigint {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = value.replace(/^-/, "").split(".");
  const units = BigInt(whole + fraction.padEnd(SCALE, "0").slice(0, SCALE));
  return negative ? -units : units;
}

function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(SCALE + 1, "0");
  const fraction = digits.slice(-SCALE).replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -SCALE)}.${fraction}`;
}

/** The exact sum of decimal strings ("1490.00" + "4990.00" → "6480.00"). */
export function sumDecimals(values: readonly string[]): string {
  return fromUnits(values.reduce((total, value) => total + toUnits(value), 0n));
}

export function isZero(value: string): boolean {
  return toUnits(value) === 0n;
}

/**
 * How much cheaper a longer cycle is than paying monthly for as long, in whole percent
 * (the "annual discount"); null without a monthly price or when it is not cheaper.
 */
export function discountPercent(price: CatalogPrice, monthly: CatalogPrice | undefined) {
  if (monthly === undefined || price.cycle === "monthly" || price.cycle === "one_time") return null;
  const months = BigInt(CYCLE_MONTHS[price.cycle]);
  const full = toUnits(monthly.amount) * months;
  const saved = full - toUnits(price.amount);
  if (full <= 0n || saved <= 0n) return null;
  const percent = Number((saved * 100n + full / 2n) / full);
  return percent > 0 ? percent : null;
}

/** The prices of a product sorted by cycle (shortest first), in the given currency if set. */
export function sortedPrices(prices: readonly CatalogPrice[], currency?: string): CatalogPrice[] {
  const order = (cycle: CatalogPrice["cycle"]) => (cycle === "one_time" ? 0 : CYCLE_MONTHS[cycle]);
  return prices
    .filter((price) => currency === undefined || price.currency === currency)
    .sort((a, b) => order(a.cycle) - order(b.cycle) || a.currency.localeCompare(b.currency));
}
