import { describe, expect, it } from "vitest";
import { Money } from "../../../platform/money/index.ts";
import { computeTotals, displayStatus, formatDocumentNumber } from "./totals.ts";

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

describe("document numbers and status", () => {
  it.each([
    ["KAPU", 2026, 1, "KAPU-2026-000001"],
    ["DBK", 2027, 123456, "DBK-2027-123456"],
  ] as const)("%s %i %i", (series, year, n, expected) => {
    expect(formatDocumentNumber(series, year, n)).toBe(expected);
  });
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
