import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hungarianAccountToIban, ibanOrNull } from "./accounts.ts";
import { datePart, isoDate } from "./dates.ts";
import {
  addDecimals,
  canonicalAmount,
  equalDecimals,
  formatDecimal,
  toDecimal,
} from "./decimal.ts";
import { usableReference, withEntryKeys, type DraftEntry } from "./entry-key.ts";

describe("ibanOrNull", () => {
  it.each([
    ["HU42117730161111101800000000", "HU42117730161111101800000000"],
    ["hu42 1177 3016 1111 1018 0000 0000", "HU42117730161111101800000000"],
    ["DE89-3704-0044-0532-0130-00", "DE89370400440532013000"],
    ["HU43117730161111101800000000", null], // one check digit off
    ["HU42 1177 **** **** 0000 0000", null], // masked
    ["NL47INGB9999999999", null], // made up (an MT940 sample)
    ["11773016-11111018", null], // domestic
    ["", null],
    [null, null],
  ])("%s → %s", (raw, iban) => {
    expect(ibanOrNull(raw)).toBe(iban);
  });
});

describe("hungarianAccountToIban", () => {
  it.each([
    ["11773016-11111018", "HU42117730161111101800000000"],
    ["11773016-11111018-00000000", "HU42117730161111101800000000"],
    ["11600006 00000000 12345676", "HU93116000060000000012345676"],
    ["11773017-11111018", null], // bank/branch check digit wrong
    ["11773016-11111019", null], // account check digit wrong
    ["1177301611111", null],
  ])("%s → %s", (raw, iban) => {
    expect(hungarianAccountToIban(raw)).toBe(iban);
    if (iban) expect(ibanOrNull(iban)).toBe(iban);
  });
});

describe("decimals", () => {
  it.each([
    ["000473", "17", "EUR", "473.17"],
    ["8", "850", "EUR", "8.85"],
    ["18", "15000", "EUR", "18.15"],
    ["0", "12345", "EUR", "0.12345"],
    ["500", "", "EUR", "500.00"],
    ["2700", "", "JPY", "2700"],
    ["2700", "00", "JPY", "2700"],
    ["1", "5", "BHD", "1.500"],
    ["0", "", "HUF", "0.00"],
  ])("canonicalAmount(%s, %s, %s) = %s", (whole, fraction, currency, expected) => {
    expect(canonicalAmount(whole, fraction, currency)).toBe(expected);
  });

  it("adds exactly and prints with a sign", () => {
    const sum = addDecimals(toDecimal("0.1"), toDecimal("-0.30"));
    expect(formatDecimal(sum, "EUR")).toBe("-0.20");
    expect(formatDecimal(addDecimals(toDecimal("-0.5"), toDecimal("0.50")), "EUR")).toBe("0.00");
    expect(equalDecimals(toDecimal("27.050"), toDecimal("27.05"))).toBe(true);
    expect(() => toDecimal("1e3")).toThrow();
  });

  it("round-trips any amount exactly", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale) => {
          const text = formatDecimal({ units, scale }, "EUR");
          expect(equalDecimals(toDecimal(text), { units, scale })).toBe(true);
          expect(formatDecimal(toDecimal(text), "EUR")).toBe(text);
        },
      ),
    );
  });
});

describe("dates", () => {
  it("validates the calendar", () => {
    expect(isoDate(2024, 2, 29)).toBe("2024-02-29");
    expect(isoDate(2100, 2, 29)).toBeNull();
    expect(isoDate(2000, 2, 29)).toBe("2000-02-29");
    expect(isoDate(2026, 4, 31)).toBeNull();
    expect(isoDate(2026, 13, 1)).toBeNull();
  });

  it.each([
    ["2026-11-23", "2026-11-23"],
    ["2026-11-23+01:00", "2026-11-23"],
    ["2026-11-23T23:30:00-05:00", "2026-11-23"],
    ["2026-11-23T23:30:00.123Z", "2026-11-23"],
    ["2026-11-23T23:30", null],
    ["2026-02-30", null],
    ["23.11.2026", null],
  ])("datePart(%s) = %s", (value, date) => {
    expect(datePart(value)).toBe(date);
  });
});

describe("entry keys", () => {
  const draft = (over: Partial<DraftEntry>): DraftEntry => ({
    bookingDate: "2026-11-23",
    valueDate: null,
    amount: "1.00",
    currency: "HUF",
    direction: "credit",
    reversal: false,
    booked: true,
    counterpartyName: null,
    counterpartyIban: null,
    counterpartyAccount: null,
    remittance: "",
    structuredReference: null,
    endToEndId: null,
    bankReference: null,
    transactionCode: null,
    source: "line 1",
    reference: null,
    ...over,
  });

  it("ignores references that are not references", () => {
    for (const r of ["NONREF", "nonref", "NOTPROVIDED", "0000", " ", null, undefined]) {
      expect(usableReference(r)).toBeNull();
    }
    expect(usableReference(" ABC ")).toBe("ABC");
  });

  it("uses the bank reference, numbering repeats within the statement", () => {
    const keys = withEntryKeys([
      draft({ reference: "A" }),
      draft({ reference: "A" }),
      draft({ reference: "NONREF" }),
    ]);
    expect(keys.map((e) => e.entryKey)).toEqual([
      "ref:A",
      "ref:A#2",
      expect.stringMatching(/^h:[0-9a-f]{24}$/),
    ]);
  });

  it("hashes the fields and the ordinal among identical entries, not the position or the source", () => {
    const a = withEntryKeys([
      draft({ source: "line 1" }),
      draft({ source: "line 2" }),
      draft({ amount: "2.00" }),
    ]);
    const b = withEntryKeys([
      draft({ amount: "2.00" }),
      draft({ source: "line 9" }),
      draft({ source: "line 10" }),
    ]);
    expect(new Set(a.map((e) => e.entryKey)).size).toBe(3);
    expect(b.map((e) => e.entryKey).sort()).toEqual(a.map((e) => e.entryKey).sort());
    expect(a[0]).not.toHaveProperty("reference");
  });
});
