import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  creditorReference,
  DEFAULT_NUMBER_FORMAT,
  formatDocumentNumber,
  isValidCreditorReference,
  numberFormatProblem,
  paymentReferenceFor,
} from "./numbering.ts";

describe("document number formats", () => {
  it.each([
    [DEFAULT_NUMBER_FORMAT, "KAPU", 2026, 123, "KAPU-2026-000123"],
    ["{series}/{year}/{seq}", "SZ", 2027, 5, "SZ/2027/5"],
    ["{year}-{seq:4}", "X", 2026, 12345, "2026-12345"],
    ["E{series}{year}{seq:8}", "K", 2026, 42, "EK202600000042"],
  ])("%s with %s %d #%d → %s", (format, series, year, seq, expected) => {
    expect(numberFormatProblem(format)).toBeNull();
    expect(formatDocumentNumber(format, series, year, seq)).toBe(expected);
  });

  it.each([
    ["", "1–60"],
    ["{series}-{year}", "{seq}"],
    ["{series}-{seq:6}", "{year}"],
    ["{year}-{seq}-{seq}", "once"],
    ["{year}-{seq}-{month}", "Unknown token"],
    ["{year}#{seq}", "Only letters"],
  ])("rejects %j (%s)", (format, message) => {
    expect(numberFormatProblem(format)).toContain(message);
  });
});

describe("RF creditor reference (ISO 11649)", () => {
  it("matches the published example RF18539007547034", () => {
    expect(creditorReference("539007547034")).toBe("RF18539007547034");
    expect(isValidCreditorReference("RF18 5390 0754 7034")).toBe(true);
  });

  it("builds references from series, year and sequence", () => {
    const ref = paymentReferenceFor("DBK", 2026, 123);
    expect(ref).toMatch(/^RF\d{2}DBK2026000123$/);
    expect(isValidCreditorReference(ref)).toBe(true);
  });

  // MOD 97-10 catches every single substitution of a digit by a digit or a letter by a letter;
  // a digit typed as a letter can slip through (~0.7 %), as the standard accepts.
  it("detects any single character typed wrong within its class", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.nat(), fc.nat(), (seq, pos, pick) => {
        const ref = paymentReferenceFor("DBK", 2026, seq);
        const i = 2 + (pos % (ref.length - 2));
        const pool = /\d/.test(ref[i]!) ? "0123456789" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const ch = pool[pick % pool.length]!;
        if (ref[i] === ch) return;
        const typo = ref.slice(0, i) + ch + ref.slice(i + 1);
        expect(isValidCreditorReference(typo)).toBe(false);
      }),
    );
  });
});
