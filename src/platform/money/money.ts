/**
 * Money: an integer amount of minor units (bigint) plus an ISO 4217 currency.
 *
 * No floating point is used anywhere: amounts are parsed from and printed to decimal strings,
 * multiplication by quantities and rates is exact rational arithmetic on bigints, and the only
 * rounding step is half-even (banker's rounding) back to minor units.
 */

/** Supported currencies and the number of minor-unit digits each uses. */
export const CURRENCIES = {
  HUF: { minorDigits: 2 },
  EUR: { minorDigits: 2 },
  USD: { minorDigits: 2 },
  GBP: { minorDigits: 2 },
  CHF: { minorDigits: 2 },
  CZK: { minorDigits: 2 },
  PLN: { minorDigits: 2 },
  RON: { minorDigits: 2 },
  SEK: { minorDigits: 2 },
  DKK: { minorDigits: 2 },
  NOK: { minorDigits: 2 },
  JPY: { minorDigits: 0 },
} as const satisfies Record<string, { readonly minorDigits: number }>;

export type CurrencyCode = keyof typeof CURRENCIES;

export const CURRENCY_CODES: readonly CurrencyCode[] = Object.freeze(
  Object.keys(CURRENCIES) as CurrencyCode[],
);

export function isCurrency(value: unknown): value is CurrencyCode {
  return typeof value === "string" && Object.hasOwn(CURRENCIES, value);
}

/** Number of minor-unit digits of a currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: CurrencyCode): number {
  return CURRENCIES[assertCurrency(currency)].minorDigits;
}

export type MoneyErrorCode =
  | "money.invalid_amount"
  | "money.currency_mismatch"
  | "money.unknown_currency"
  | "money.invalid_ratio";

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = "MoneyError";
    this.code = code;
  }
}

export interface MoneyJSON {
  amount: string;
  currency: CurrencyCode;
}

/**
 * Divides and rounds the exact quotient half-even (banker's rounding): ties go to the even
 * neighbour. The denominator may be negative; it must not be zero.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (typeof numerator !== "bigint" || typeof denominator !== "bigint") {
    throw new MoneyError("money.invalid_ratio", "divideHalfEven expects bigint arguments");
  }
  if (denominator === 0n) {
    throw new MoneyError("money.invalid_ratio", "Division by zero");
  }
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  // Floor division: n = q*d + r with 0 <= r < d.
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  const twice = 2n * r;
  if (twice > d) return q + 1n;
  if (twice < d) return q;
  return q % 2n === 0n ? q : q + 1n;
}

const DECIMAL_QUANTITY = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into an exact fraction numerator / 10^scale. */
function parseDecimal(value: string): { numerator: bigint; denominator: bigint } | undefined {
  const match = DECIMAL_QUANTITY.exec(value);
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = ""] = match;
  const digits = BigInt(whole + fraction);
  return {
    numerator: sign === "-" ? -digits : digits,
    denominator: 10n ** BigInt(fraction.length),
  };
}

/** The currency code of a stored value (a `char(3)` column); unknown codes throw MoneyError. */
export function assertCurrency(currency: unknown): CurrencyCode {
  if (!isCurrency(currency)) {
    throw new MoneyError("money.unknown_currency", `Unknown currency: ${String(currency)}`);
  }
  return currency;
}

const parsePatterns = new Map<number, RegExp>();

function parsePattern(digits: number): RegExp {
  let pattern = parsePatterns.get(digits);
  if (!pattern) {
    pattern = digits === 0 ? /^(-?)(\d+)$/ : new RegExp(`^(-?)(\\d+)(?:\\.(\\d{1,${digits}}))?$`);
    parsePatterns.set(digits, pattern);
  }
  return pattern;
}

const formatters = new Map<string, Intl.NumberFormat>();

export class Money {
  readonly #minor: bigint;
  readonly #currency: CurrencyCode;

  private constructor(minor: bigint, currency: CurrencyCode) {
    this.#minor = minor;
    this.#currency = currency;
    Object.freeze(this);
  }

  /** An amount given in minor units (cents, fillér): `Money.of(123450n, "HUF")` is 1234.50 HUF. */
  static of(minor: bigint, currency: CurrencyCode): Money {
    if (typeof minor !== "bigint") {
      throw new MoneyError("money.invalid_amount", "Minor units must be a bigint");
    }
    return new Money(minor, assertCurrency(currency));
  }

  static zero(currency: CurrencyCode): Money {
    return new Money(0n, assertCurrency(currency));
  }

  /**
   * Parses a plain decimal string: an optional minus sign, digits, and optionally a dot followed by
   * 1..minorDigits digits. Exponents, spaces, plus signs, thousands separators and decimal commas
   * are rejected.
   */
  static parse(decimal: string, currency: CurrencyCode): Money {
    const code = assertCurrency(currency);
    const digits = CURRENCIES[code].minorDigits;
    const match = typeof decimal === "string" ? parsePattern(digits).exec(decimal) : null;
    if (!match) {
      throw new MoneyError(
        "money.invalid_amount",
        `Invalid ${code} amount: ${JSON.stringify(decimal)} (expected up to ${digits} decimals)`,
      );
    }
    const [, sign = "", whole = "", fraction = ""] = match;
    const units = BigInt(whole + fraction.padEnd(digits, "0"));
    return new Money(sign === "-" ? -units : units, code);
  }

  static fromJSON(value: unknown): Money {
    if (typeof value !== "object" || value === null) {
      throw new MoneyError("money.invalid_amount", "Money JSON must be an object");
    }
    const { amount, currency } = value as Record<string, unknown>;
    const code = assertCurrency(currency);
    if (typeof amount !== "string") {
      throw new MoneyError("money.invalid_amount", "Money JSON amount must be a decimal string");
    }
    return Money.parse(amount, code);
  }

  get minor(): bigint {
    return this.#minor;
  }

  get currency(): CurrencyCode {
    return this.#currency;
  }

  add(other: Money): Money {
    this.#assertSameCurrency(other);
    return new Money(this.#minor + other.#minor, this.#currency);
  }

  subtract(other: Money): Money {
    this.#assertSameCurrency(other);
    return new Money(this.#minor - other.#minor, this.#currency);
  }

  negate(): Money {
    return new Money(-this.#minor, this.#currency);
  }

  abs(): Money {
    return this.#minor < 0n ? this.negate() : this;
  }

  /**
   * Multiplies by a quantity: a bigint or a decimal string ("3", "1.5", "0.333", "-2"); the exact
   * product is rounded half-even to minor units.
   */
  multiply(quantity: string | bigint): Money {
    if (typeof quantity === "bigint") {
      return new Money(this.#minor * quantity, this.#currency);
    }
    const parsed = typeof quantity === "string" ? parseDecimal(quantity) : undefined;
    if (!parsed) {
      throw new MoneyError(
        "money.invalid_amount",
        `Invalid quantity: ${JSON.stringify(quantity)} (expected a decimal string)`,
      );
    }
    return new Money(
      divideHalfEven(this.#minor * parsed.numerator, parsed.denominator),
      this.#currency,
    );
  }

  /**
   * Applies a rate given in basis points (hundredths of a percent): 27 % = 2700, 25.5 % = 2550.
   * Returns this × basisPoints / 10000 rounded half-even, e.g. the VAT on a net amount.
   */
  applyRate(basisPoints: number): Money {
    if (!Number.isSafeInteger(basisPoints)) {
      throw new MoneyError(
        "money.invalid_ratio",
        `Rate must be an integer number of basis points, got ${String(basisPoints)}`,
      );
    }
    return new Money(divideHalfEven(this.#minor * BigInt(basisPoints), 10_000n), this.#currency);
  }

  /**
   * Splits the amount into parts proportional to `ratios` that sum exactly to this amount
   * (largest-remainder method; leftover minor units go to the largest remainders, ties to the
   * earliest index). Negative amounts are split like their absolute value, then negated.
   */
  allocate(ratios: readonly bigint[]): Money[] {
    if (ratios.length === 0) {
      throw new MoneyError("money.invalid_ratio", "allocate needs at least one ratio");
    }
    let total = 0n;
    for (const ratio of ratios) {
      if (typeof ratio !== "bigint" || ratio < 0n) {
        throw new MoneyError("money.invalid_ratio", "Ratios must be non-negative bigints");
      }
      total += ratio;
    }
    if (total === 0n) {
      throw new MoneyError("money.invalid_ratio", "At least one ratio must be positive");
    }
    const negative = this.#minor < 0n;
    const amount = negative ? -this.#minor : this.#minor;
    const parts = ratios.map((ratio) => (amount * ratio) / total);
    const remainders = ratios.map((ratio, index) => ({ index, rest: (amount * ratio) % total }));
    let leftover = amount - parts.reduce((a, b) => a + b, 0n);
    // Stable sort keeps the earliest index first among equal remainders.
    remainders.sort((a, b) => (a.rest === b.rest ? 0 : a.rest > b.rest ? -1 : 1));
    for (const { index } of remainders) {
      if (leftover === 0n) break;
      parts[index] = (parts[index] ?? 0n) + 1n;
      leftover -= 1n;
    }
    return parts.map((part) => new Money(negative ? -part : part, this.#currency));
  }

  isZero(): boolean {
    return this.#minor === 0n;
  }

  isNegative(): boolean {
    return this.#minor < 0n;
  }

  isPositive(): boolean {
    return this.#minor > 0n;
  }

  compare(other: Money): -1 | 0 | 1 {
    this.#assertSameCurrency(other);
    if (this.#minor === other.#minor) return 0;
    return this.#minor < other.#minor ? -1 : 1;
  }

  /** Same currency and same amount. Never throws. */
  equals(other: Money): boolean {
    return (
      other instanceof Money && this.#currency === other.#currency && this.#minor === other.#minor
    );
  }

  /** Plain decimal string with exactly minorDigits decimals: "1234.50", "-0.05", "12" (JPY). */
  toDecimalString(): string {
    const digits = CURRENCIES[this.#currency].minorDigits;
    const negative = this.#minor < 0n;
    const abs = (negative ? -this.#minor : this.#minor).toString();
    const sign = negative ? "-" : "";
    if (digits === 0) return sign + abs;
    const padded = abs.padStart(digits + 1, "0");
    return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  }

  /** Locale-aware currency formatting, exact for any magnitude (no conversion to number). */
  format(locale: string): string {
    const digits = CURRENCIES[this.#currency].minorDigits;
    const key = `${locale}\u0000${this.#currency}`;
    let formatter = formatters.get(key);
    if (!formatter) {
      formatter = new Intl.NumberFormat(locale, {
        style: "currency",
        currency: this.#currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      formatters.set(key, formatter);
    }
    return formatter.format(this.toDecimalString() as Intl.StringNumericLiteral);
  }

  toJSON(): MoneyJSON {
    return { amount: this.toDecimalString(), currency: this.#currency };
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.#currency}`;
  }

  #assertSameCurrency(other: Money): void {
    if (!(other instanceof Money)) {
      throw new MoneyError("money.invalid_amount", "Expected a Money value");
    }
    if (other.#currency !== this.#currency) {
      throw new MoneyError(
        "money.currency_mismatch",
        `Currency mismatch: ${this.#currency} and ${other.#currency}`,
      );
    }
  }
}

/** Sum of a list of amounts in one currency; an empty list gives zero. */
export function sum(list: Iterable<Money>, currency: CurrencyCode): Money {
  let total = Money.zero(currency);
  for (const item of list) total = total.add(item);
  return total;
}
