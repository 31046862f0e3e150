import { describe, expect, it } from "vitest";
import { Money } from "../../../platform/money/index.ts";
import fc from "fast-check";
import { computeTotals, displayStatus } from "./totals.ts";

const huf = (s: string) => Money.parse(s, "HUF");

describe("computeTotals", () => {
  it.each([
    { name: "one line 27 %", lines: [["1", "10000.00", 2700]], net: "10000.00", vat: "2700.00" },
    {
      name: "quantity with decimals",
      lines: [["1.5", "333.33", 2700]],
      net: "500.00",
      vat: "135.00",
    },
    {
      name: "VAT on the group sum, not on rounded lines",
      lines: [
        ["1", "0.05", 2700],
        ["1", "0.05", 2700],
        ["1", "0.05", 2700],
      ],
      net: "0.15",
      vat: "0.04",
    },
    {
      name: "two rates",
      lines: [
        ["1", "100.00", 2700],
        ["2", "50.00", 500],
      ],
      net: "200.00",
      vat: "32.00",
    },
    { name: "zero-rated", lines: [["3", "10.00", 0]], net: "30.00", vat: "0.00" },
    {
      name: "credit (negative)",
      lines: [["-1", "10000.00", 2700]],
      net: "-10000.00",
      vat: "-2700.00",
    },
  ] as const)("$name", ({ lines, net, vat }) => {
    const t = computeTotals(
      "HUF",
      lines.map(([q, p, bp]) => ({
        quantity: q,
        unitPrice: huf(p),
        vatCategory: bp === 0 ? "Z" : "S",
        vatRateBp: bp,
      })),
    );
    expect(t.net.toDecimalString()).toBe(net);
    expect(t.vat.toDecimalString()).toBe(vat);
    expect(t.gross.equals(t.net.add(t.vat))).toBe(true);
    const lineVat = t.lines.reduce((a, l) => a.add(l.vat), Money.zero("HUF"));
    expect(lineVat.equals(t.vat)).toBe(true);
  });

  it("refuses a line in another currency", () => {
    expect(() =>
      computeTotals("EUR", [
        { quantity: "1", unitPrice: huf("1.00"), vatCategory: "S", vatRateBp: 2700 },
      ]),
    ).toThrow(/currency/);
  });
});

describe("totals add up for any lines and rates (property)", () => {
  const line = fc.record({
    units: fc.integer({ min: 1, max: 1_000_000 }), // quantity × 10 000
    price: fc.bigInt({ min: 0n, max: 10n ** 9n }), // minor units
    discountPct: fc.integer({ min: 0, max: 100 }),
    rateBp: fc.constantFrom(0, 500, 1800, 1900, 2100, 2200, 2400, 2550, 2700),
    category: fc.constantFrom("S", "AE", "O"),
    negative: fc.boolean(),
  });
  it("line nets, line VATs and the VAT per rate sum to the document totals in minor units", () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.constantFrom("HUF", "EUR"),
        (ls, cur) => {
          const currency = cur;
          const inputs = ls.map((l) => {
            const q = `${l.negative ? "-" : ""}${Math.floor(l.units / 10_000)}.${String(l.units % 10_000).padStart(4, "0")}`;
            const unitPrice = Money.of(l.price, currency);
            const lineAmount = unitPrice.multiply(q);
            const discount = Money.of((lineAmount.minor * BigInt(l.discountPct)) / 100n, currency);
            const rate = l.category === "S" ? l.rateBp : 0;
            return { quantity: q, unitPrice, discount, vatCategory: l.category, vatRateBp: rate };
          });
          const t = computeTotals(currency, inputs);
          const sum = (xs: Money[]) => xs.reduce((a, b) => a.add(b), Money.zero(currency));
          expect(sum(t.lines.map((l) => l.net)).equals(t.net)).toBe(true);
          expect(sum(t.lines.map((l) => l.vat)).equals(t.vat)).toBe(true);
          expect(sum(t.lines.map((l) => l.gross)).equals(t.gross)).toBe(true);
          expect(sum(t.breakdown.map((b) => b.taxable)).equals(t.net)).toBe(true);
          expect(sum(t.breakdown.map((b) => b.vat)).equals(t.vat)).toBe(true);
          expect(t.gross.equals(t.net.add(t.vat))).toBe(true);
          // VAT per group is rate × taxable rounded once (EN 16931 BR-CO-17 within rounding).
          for (const b of t.breakdown)
            expect(b.vat.equals(b.taxable.applyRate(b.vatRateBp))).toBe(true);
          // Each line's net is quantity × price − discount.
          t.lines.forEach((l, i) => {
            const x = inputs[i]!;
            expect(l.net.equals(x.unitPrice.multiply(x.quantity).subtract(x.discount))).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("document status", () => {
  it.each([
    ["open", "2026-11-22", "2026-11-23", "overdue"],
    ["open", "2026-11-23", "2026-11-23", "open"],
    ["open", null, "2026-11-23", "open"],
    ["paid", "2026-01-01", "2026-11-23", "paid"],
    ["cancelled", "2026-01-01", "2026-11-23", "cancelled"],
  ] as const)("%s due %s on %s → %s", (status, due, today, expected) => {
    expect(displayStatus(status, due, today)).toBe(expected);
  });
});
