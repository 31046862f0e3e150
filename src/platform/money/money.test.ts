import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  CURRENCIES,
  CURRENCY_CODES,
  Money,
  MoneyError,
  divideHalfEven,
  isCurrency,
  minorDigits,
  sum,
  type CurrencyCode,
  type MoneyErrorCode,
} from "./index.ts";

const huf = (decimal: string): Money => Money.parse(decimal, "HUF");
const eur = (decimal: string): Money => Money.parse(decimal, "EUR");

function expectMoneyError(fn: () => unknown, code: MoneyErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MoneyError);
  expect((caught as MoneyError).code).toBe(code);
}

const bigAmount = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const currencyArb = fc.constantFrom(...CURRENCY_CODES);

describe("currencies", () => {
  it("knows the minor-unit digits", () => {
    expect(minorDigits("HUF")).toBe(2);
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(Object.keys(CURRENCIES).sort()).toEqual(
      ["CHF", "CZK", "DKK", "EUR", "GBP", "HUF", "JPY", "NOK", "PLN", "RON", "SEK", "USD"].sort(),
    );
  });

  it.each([
    ["HUF", true],
    ["EUR", true],
    ["JPY", true],
    ["huf", false],
    ["XYZ", false],
    ["", false],
    ["toString", false],
    ["__proto__", false],
    [42, false],
    [undefined, false],
  ])("isCurrency(%j) is %s", (value, expected) => {
    expect(isCurrency(value)).toBe(expected);
  });

  it("rejects unknown currencies", () => {
    expectMoneyError(() => Money.of(1n, "XYZ" as CurrencyCode), "money.unknown_currency");
    expectMoneyError(() => Money.zero("huf" as CurrencyCode), "money.unknown_currency");
    expectMoneyError(() => Money.parse("1.00", "" as CurrencyCode), "money.unknown_currency");
  });
});

describe("Money.parse", () => {
  it.each<[string, CurrencyCode, bigint]>([
    ["0", "HUF", 0n],
    ["-0", "HUF", 0n],
    ["1", "HUF", 100n],
    ["1.5", "HUF", 150n],
    ["1.50", "HUF", 150n],
    ["1234.56", "EUR", 123456n],
    ["-0.05", "EUR", -5n],
    ["-12.3", "EUR", -1230n],
    ["007.10", "EUR", 710n],
    ["12", "JPY", 12n],
    ["-12", "JPY", -12n],
    ["123456789012345678901234567890.99", "USD", 12345678901234567890123456789099n],
  ])("parses %j %s as %s minor units", (input, currency, minor) => {
    const money = Money.parse(input, currency);
    expect(money.minor).toBe(minor);
    expect(money.currency).toBe(currency);
  });

  it.each<[string, CurrencyCode]>([
    ["", "HUF"],
    [" ", "HUF"],
    ["1.", "HUF"],
    [".5", "HUF"],
    ["1.234", "HUF"],
    ["1e3", "HUF"],
    ["1E3", "HUF"],
    ["1.5e2", "HUF"],
    [" 1.00", "HUF"],
    ["1.00 ", "HUF"],
    ["1 000", "HUF"],
    ["1,000.00", "HUF"],
    ["1,5", "HUF"],
    ["+1.00", "HUF"],
    ["--1", "HUF"],
    ["-", "HUF"],
    ["NaN", "HUF"],
    ["Infinity", "HUF"],
    ["0x10", "HUF"],
    ["١٢", "HUF"],
    ["1.5", "JPY"],
    ["1.0", "JPY"],
    ["12\n", "HUF"],
  ])("rejects %j for %s", (input, currency) => {
    expectMoneyError(() => Money.parse(input, currency), "money.invalid_amount");
  });

  it("rejects non-string input", () => {
    expectMoneyError(() => Money.parse(12 as unknown as string, "HUF"), "money.invalid_amount");
  });
});

describe("Money.of / zero", () => {
  it("creates from minor units", () => {
    expect(Money.of(123450n, "HUF").toDecimalString()).toBe("1234.50");
    expect(Money.zero("EUR").isZero()).toBe(true);
  });

  it("rejects a number instead of a bigint", () => {
    expectMoneyError(() => Money.of(1 as unknown as bigint, "EUR"), "money.invalid_amount");
  });

  it("is immutable", () => {
    const money = eur("1.00");
    expect(Object.isFrozen(money)).toBe(true);
    expect(() => {
      (money as unknown as { minor: bigint }).minor = 5n;
    }).toThrow(TypeError);
    expect(money.minor).toBe(100n);
  });
});

describe("toDecimalString / format / JSON", () => {
  it.each<[bigint, CurrencyCode, string]>([
    [123450n, "HUF", "1234.50"],
    [-5n, "EUR", "-0.05"],
    [-100n, "EUR", "-1.00"],
    [0n, "EUR", "0.00"],
    [7n, "EUR", "0.07"],
    [12n, "JPY", "12"],
    [-12n, "JPY", "-12"],
    [0n, "JPY", "0"],
  ])("%s %s prints as %j", (minor, currency, expected) => {
    expect(Money.of(minor, currency).toDecimalString()).toBe(expected);
  });

  it.each<[string, CurrencyCode, string, string]>([
    ["1234.50", "USD", "en-US", "$1,234.50"],
    ["-1234.50", "EUR", "de-DE", "-1.234,50\u00a0€"],
    ["1234.50", "HUF", "hu-HU", "1234,50\u00a0Ft"], // Hungarian groups from 5 digits
    ["12345.50", "HUF", "hu-HU", "12\u00a0345,50\u00a0Ft"],
    ["12", "JPY", "en-US", "¥12"],
    [
      "123456789012345678901234.55",
      "HUF",
      "hu-HU",
      "123\u00a0456\u00a0789\u00a0012\u00a0345\u00a0678\u00a0901\u00a0234,55\u00a0Ft",
    ],
  ])("formats %s %s in %s", (amount, currency, locale, expected) => {
    expect(Money.parse(amount, currency).format(locale)).toBe(expected);
  });

  it("formats values beyond 2^53 exactly", () => {
    expect(Money.of(9007199254740993n, "USD").format("en-US")).toBe("$90,071,992,547,409.93");
  });

  it("serialises to JSON with a decimal string amount", () => {
    const money = huf("-1234.5");
    expect(money.toJSON()).toEqual({ amount: "-1234.50", currency: "HUF" });
    expect(JSON.stringify({ total: money })).toBe(
      '{"total":{"amount":"-1234.50","currency":"HUF"}}',
    );
    expect(Money.fromJSON(JSON.parse(JSON.stringify(money))).equals(money)).toBe(true);
    expect(String(money)).toBe("-1234.50 HUF");
  });

  it.each<[unknown, MoneyErrorCode]>([
    [null, "money.invalid_amount"],
    ["1.00 EUR", "money.invalid_amount"],
    [{ amount: 1, currency: "EUR" }, "money.invalid_amount"],
    [{ amount: "1.001", currency: "EUR" }, "money.invalid_amount"],
    [{ amount: "1.00", currency: "XXX" }, "money.unknown_currency"],
    [{ amount: "1.00" }, "money.unknown_currency"],
  ])("fromJSON(%j) throws %s", (value, code) => {
    expectMoneyError(() => Money.fromJSON(value), code);
  });

  it("round-trips parse ↔ toDecimalString for any amount (property)", () => {
    fc.assert(
      fc.property(bigAmount, currencyArb, (minor, currency) => {
        const money = Money.of(minor, currency);
        const text = money.toDecimalString();
        expect(Money.parse(text, currency).equals(money)).toBe(true);
        expect(Money.fromJSON(money.toJSON()).equals(money)).toBe(true);
      }),
    );
  });

  it("round-trips canonical decimal strings (property)", () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 99 }))
      .map(([negative, whole, cents]) => {
        const text = `${whole.toString()}.${cents.toString().padStart(2, "0")}`;
        return negative && (whole !== 0n || cents !== 0) ? `-${text}` : text;
      });
    fc.assert(
      fc.property(canonical, (text) => {
        expect(eur(text).toDecimalString()).toBe(text);
      }),
    );
  });
});

describe("divideHalfEven", () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 10n, 0n], // 0.5 → 0
    [15n, 10n, 2n], // 1.5 → 2
    [25n, 10n, 2n], // 2.5 → 2
    [35n, 10n, 4n], // 3.5 → 4
    [-5n, 10n, 0n], // -0.5 → 0
    [-15n, 10n, -2n], // -1.5 → -2
    [-25n, 10n, -2n], // -2.5 → -2
    [-35n, 10n, -4n], // -3.5 → -4
    [14n, 10n, 1n], // 1.4 → 1
    [16n, 10n, 2n], // 1.6 → 2
    [-14n, 10n, -1n],
    [-16n, 10n, -2n],
    [25n, -10n, -2n], // negative denominator
    [-25n, -10n, 2n],
    [15n, -10n, -2n],
    [7n, 1n, 7n],
    [0n, 7n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
  ])("%s / %s → %s", (numerator, denominator, expected) => {
    expect(divideHalfEven(numerator, denominator)).toBe(expected);
  });

  it("rejects a zero denominator", () => {
    expectMoneyError(() => divideHalfEven(1n, 0n), "money.invalid_ratio");
  });

  it("is within half a unit of the exact quotient and symmetric under negation (property)", () => {
    const nonZero = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).filter((d) => d !== 0n);
    fc.assert(
      fc.property(bigAmount, nonZero, (n, d) => {
        const q = divideHalfEven(n, d);
        // |n/d - q| <= 1/2  ⇔  |n - q*d| * 2 <= |d|
        const error = n - q * d;
        const absError = error < 0n ? -error : error;
        const absD = d < 0n ? -d : d;
        expect(2n * absError <= absD).toBe(true);
        if (2n * absError === absD) expect(q % 2n).toBe(0n);
        expect(divideHalfEven(-n, d)).toBe(-q);
        expect(divideHalfEven(n, -d)).toBe(-q);
      }),
    );
  });
});

describe("add / subtract / negate / abs / compare", () => {
  it("adds and subtracts", () => {
    expect(eur("1.10").add(eur("2.20")).toDecimalString()).toBe("3.30");
    expect(eur("1.10").subtract(eur("2.20")).toDecimalString()).toBe("-1.10");
    expect(eur("1.10").negate().toDecimalString()).toBe("-1.10");
    expect(eur("-1.10").abs().toDecimalString()).toBe("1.10");
    expect(eur("1.10").abs().toDecimalString()).toBe("1.10");
    expect(eur("0").negate().isZero()).toBe(true);
  });

  it("reports sign", () => {
    expect(eur("-0.01").isNegative()).toBe(true);
    expect(eur("-0.01").isPositive()).toBe(false);
    expect(eur("0.01").isPositive()).toBe(true);
    expect(eur("0").isZero()).toBe(true);
    expect(eur("0").isPositive()).toBe(false);
    expect(eur("0").isNegative()).toBe(false);
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ["1.00", "2.00", -1],
    ["2.00", "1.00", 1],
    ["1.00", "1.0", 0],
    ["-5", "0", -1],
  ])("compare(%s, %s) = %s", (a, b, expected) => {
    expect(eur(a).compare(eur(b))).toBe(expected);
  });

  it("equals requires the same currency and amount and never throws", () => {
    expect(eur("1").equals(eur("1.00"))).toBe(true);
    expect(eur("1").equals(huf("1"))).toBe(false);
    expect(eur("1").equals(eur("1.01"))).toBe(false);
  });

  it("throws on a currency mismatch", () => {
    expectMoneyError(() => eur("1").add(huf("1")), "money.currency_mismatch");
    expectMoneyError(() => eur("1").subtract(huf("1")), "money.currency_mismatch");
    expectMoneyError(() => eur("1").compare(huf("1")), "money.currency_mismatch");
    expectMoneyError(() => sum([eur("1"), huf("1")], "EUR"), "money.currency_mismatch");
    expectMoneyError(() => sum([eur("1")], "HUF"), "money.currency_mismatch");
  });

  it("sums a list", () => {
    expect(sum([], "HUF").equals(Money.zero("HUF"))).toBe(true);
    expect(sum([huf("1.25"), huf("2.50"), huf("-0.75")], "HUF").toDecimalString()).toBe("3.00");
    expect(sum(new Set([huf("1")]), "HUF").toDecimalString()).toBe("1.00");
  });

  it("stays exact beyond 2^53", () => {
    const big = Money.of(2n ** 53n, "USD");
    const one = Money.of(1n, "USD");
    expect(big.add(one).minor).toBe(9007199254740993n);
    expect(big.add(one).add(one).subtract(big).minor).toBe(2n);
    const huge = Money.parse("99999999999999999999999999.99", "EUR");
    expect(huge.add(Money.of(1n, "EUR")).toDecimalString()).toBe("100000000000000000000000000.00");
    expect(huge.multiply("3").toDecimalString()).toBe("299999999999999999999999999.97");
    expect(huge.applyRate(2700).toDecimalString()).toBe("27000000000000000000000000.00");
  });

  it("addition is commutative and associative; subtract inverts add (property)", () => {
    fc.assert(
      fc.property(bigAmount, bigAmount, bigAmount, currencyArb, (a, b, c, currency) => {
        const [x, y, z] = [a, b, c].map((minor) => Money.of(minor, currency)) as [
          Money,
          Money,
          Money,
        ];
        expect(x.add(y).equals(y.add(x))).toBe(true);
        expect(
          x
            .add(y)
            .add(z)
            .equals(x.add(y.add(z))),
        ).toBe(true);
        expect(x.add(y).subtract(y).equals(x)).toBe(true);
        expect(x.subtract(y).equals(x.add(y.negate()))).toBe(true);
        expect(x.subtract(y).equals(y.subtract(x).negate())).toBe(true);
        expect(x.add(Money.zero(currency)).equals(x)).toBe(true);
        expect(sum([x, y, z], currency).equals(x.add(y).add(z))).toBe(true);
      }),
    );
  });

  it("compare is antisymmetric and agrees with subtraction (property)", () => {
    fc.assert(
      fc.property(bigAmount, bigAmount, (a, b) => {
        const x = Money.of(a, "EUR");
        const y = Money.of(b, "EUR");
        expect(x.compare(y)).toBe(-y.compare(x) || 0);
        const diff = x.subtract(y);
        expect(x.compare(y)).toBe(diff.isZero() ? 0 : diff.isNegative() ? -1 : 1);
      }),
    );
  });
});

describe("multiply", () => {
  it.each<[string, string | bigint, string]>([
    ["10.00", "3", "30.00"],
    ["10.00", 3n, "30.00"],
    ["10.00", -2n, "-20.00"],
    ["10.00", "1.5", "15.00"],
    ["10.00", "0.333", "3.33"],
    ["0.10", "0.25", "0.02"], // 2.5 minor → 2 (half-even)
    ["0.30", "0.25", "0.08"], // 7.5 minor → 8
    ["-0.10", "0.25", "-0.02"],
    ["1.00", "0.005", "0.00"], // 0.5 → 0
    ["1.00", "0.015", "0.02"], // 1.5 → 2
    ["1.00", "0.025", "0.02"], // 2.5 → 2
    ["-1.00", "0.025", "-0.02"],
    ["19.99", "12", "239.88"],
    ["19.99", "0", "0.00"],
    ["19.99", "-1.5", "-29.98"], // -2998.5 minor → -2998
    ["4990.00", "0.0001", "0.50"],
    ["33.33", "1.000000000000000000001", "33.33"],
  ])("%s × %s = %s", (amount, quantity, expected) => {
    expect(eur(amount).multiply(quantity).toDecimalString()).toBe(expected);
  });

  it("rounds JPY to whole yen", () => {
    expect(Money.parse("100", "JPY").multiply("0.125").toDecimalString()).toBe("12");
    expect(Money.parse("100", "JPY").multiply("0.135").toDecimalString()).toBe("14");
  });

  it.each(["", "1e2", "1,5", " 1", "1.", ".5", "+1", "abc", "NaN"])("rejects quantity %j", (q) => {
    expectMoneyError(() => eur("1").multiply(q), "money.invalid_amount");
  });

  it("rejects a number quantity", () => {
    expectMoneyError(() => eur("1").multiply(1.5 as unknown as string), "money.invalid_amount");
  });

  it("integer string and bigint quantities agree (property)", () => {
    fc.assert(
      fc.property(bigAmount, fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), (minor, q) => {
        const money = Money.of(minor, "EUR");
        expect(money.multiply(q.toString()).equals(money.multiply(q))).toBe(true);
        expect(money.multiply(q).minor).toBe(minor * q);
      }),
    );
  });
});

describe("applyRate (VAT)", () => {
  it.each<[string, number, string]>([
    // 27 % (Hungary)
    ["100.00", 2700, "27.00"],
    ["10000.00", 2700, "2700.00"],
    ["0.01", 2700, "0.00"], // 0.27 minor → 0
    ["0.02", 2700, "0.01"], // 0.54 → 1
    ["0.50", 2700, "0.14"], // 13.5 → 14
    ["1.50", 2700, "0.40"], // 40.5 → 40
    ["12345.67", 2700, "3333.33"], // 333333.09 → 333333
    ["-100.00", 2700, "-27.00"],
    ["-1.50", 2700, "-0.40"],
    // 25.5 % (Finland)
    ["100.00", 2550, "25.50"],
    ["1.00", 2550, "0.26"], // 25.5 → 26
    ["0.02", 2550, "0.01"], // 0.51 → 1
    ["3.00", 2550, "0.76"], // 76.5 → 76
    ["99.99", 2550, "25.50"], // 2549.745 → 2550
    // 5 %
    ["100.00", 500, "5.00"],
    ["0.10", 500, "0.00"], // 0.5 → 0
    ["0.30", 500, "0.02"], // 1.5 → 2
    ["0.50", 500, "0.02"], // 2.5 → 2
    ["0.70", 500, "0.04"], // 3.5 → 4
    ["-0.50", 500, "-0.02"],
    // 0 %
    ["100.00", 0, "0.00"],
    ["-100.00", 0, "0.00"],
    // 100 %
    ["12.34", 10000, "12.34"],
  ])("%s at %s bp = %s", (net, bp, vat) => {
    expect(eur(net).applyRate(bp).toDecimalString()).toBe(vat);
  });

  it("rounds JPY VAT to whole yen", () => {
    expect(Money.parse("1050", "JPY").applyRate(1000).toDecimalString()).toBe("105");
    expect(Money.parse("5", "JPY").applyRate(1000).toDecimalString()).toBe("0"); // 0.5 → 0
    expect(Money.parse("15", "JPY").applyRate(1000).toDecimalString()).toBe("2"); // 1.5 → 2
  });

  it.each([27.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("rejects rate %s", (bp) => {
    expectMoneyError(() => eur("1").applyRate(bp), "money.invalid_ratio");
  });

  it("agrees with multiply by the equivalent decimal (property)", () => {
    fc.assert(
      fc.property(bigAmount, fc.integer({ min: 0, max: 10_000 }), (minor, bp) => {
        const money = Money.of(minor, "HUF");
        const quantity = `${Math.trunc(bp / 10_000)}.${String(bp % 10_000).padStart(4, "0")}`;
        expect(money.applyRate(bp).equals(money.multiply(quantity))).toBe(true);
        expect(money.negate().applyRate(bp).equals(money.applyRate(bp).negate())).toBe(true);
      }),
    );
  });
});

describe("allocate", () => {
  it.each<[string, bigint[], string[]]>([
    ["100.00", [1n, 1n, 1n], ["33.34", "33.33", "33.33"]],
    ["0.05", [1n, 1n, 1n], ["0.02", "0.02", "0.01"]],
    ["-0.05", [1n, 1n, 1n], ["-0.02", "-0.02", "-0.01"]],
    ["-100.00", [1n, 1n, 1n], ["-33.34", "-33.33", "-33.33"]],
    ["100.00", [70n, 30n], ["70.00", "30.00"]],
    ["0.01", [1n, 1n], ["0.01", "0.00"]],
    ["0.01", [1n, 2n], ["0.00", "0.01"]],
    ["10.00", [0n, 1n, 0n], ["0.00", "10.00", "0.00"]],
    ["10.00", [1n], ["10.00"]],
    ["0.00", [1n, 2n, 3n], ["0.00", "0.00", "0.00"]],
    ["1.00", [1n, 1n, 1n, 1n, 1n, 1n], ["0.17", "0.17", "0.17", "0.17", "0.16", "0.16"]],
    ["0.10", [1n, 2n, 3n], ["0.02", "0.03", "0.05"]],
    // the larger remainder wins over the earlier index: 4 cents 1:2 → 1.33 and 2.67
    ["0.04", [1n, 2n], ["0.01", "0.03"]],
  ])("%s split by %s", (amount, ratios, expected) => {
    const parts = eur(amount).allocate(ratios);
    expect(parts.map((part) => part.toDecimalString())).toEqual(expected);
    expect(parts.every((part) => part.currency === "EUR")).toBe(true);
  });

  it.each<[bigint[], string]>([
    [[], "empty"],
    [[-1n, 2n], "negative"],
    [[0n, 0n], "all zero"],
    [[1 as unknown as bigint], "not bigint"],
  ])("rejects ratios [%s] (%s)", (ratios) => {
    expectMoneyError(() => eur("1").allocate(ratios), "money.invalid_ratio");
  });

  it("sums exactly and stays within one unit of the exact share (property)", () => {
    const ratiosArb = fc
      .array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 12 })
      .filter((ratios) => ratios.some((ratio) => ratio > 0n));
    fc.assert(
      fc.property(bigAmount, ratiosArb, (minor, ratios) => {
        const money = Money.of(minor, "HUF");
        const parts = money.allocate(ratios);
        expect(parts).toHaveLength(ratios.length);
        expect(sum(parts, "HUF").equals(money)).toBe(true);
        const total = ratios.reduce((a, b) => a + b, 0n);
        parts.forEach((part, i) => {
          const ratio = ratios[i] ?? 0n;
          // |part*total - minor*ratio| < total
          const error = part.minor * total - minor * ratio;
          expect((error < 0n ? -error : error) < total).toBe(true);
          if (ratio === 0n) expect(part.isZero()).toBe(true);
          if (!part.isZero()) expect(part.isNegative()).toBe(minor < 0n);
        });
        expect(
          money
            .negate()
            .allocate(ratios)
            .map((p) => p.minor),
        ).toEqual(parts.map((p) => -p.minor));
      }),
    );
  });

  it("gives equal ratios parts that differ by at most one minor unit (property)", () => {
    fc.assert(
      fc.property(bigAmount, fc.integer({ min: 1, max: 20 }), (minor, count) => {
        const parts = Money.of(minor, "EUR").allocate(Array.from({ length: count }, () => 1n));
        const values = parts.map((p) => p.minor);
        const max = values.reduce((a, b) => (a > b ? a : b));
        const min = values.reduce((a, b) => (a < b ? a : b));
        expect(max - min <= 1n).toBe(true);
        // ties go to the earliest index: absolute values never increase along the list
        const abs = values.map((v) => (v < 0n ? -v : v));
        for (let i = 1; i < abs.length; i++) {
          expect((abs[i] ?? 0n) <= (abs[i - 1] ?? 0n)).toBe(true);
        }
      }),
    );
  });
});
