import { describe, expect, it } from "vitest";
import { quantityFromUnits, quantityUnits, storedQuantity, trimDecimal } from "./quantity.ts";

describe("quantities", () => {
  it.each([
    ["1", 10_000n, "1", "1.0000"],
    ["2.5", 25_000n, "2.5", "2.5000"],
    ["0.0001", 1n, "0.0001", "0.0001"],
    ["-1.25", -12_500n, "-1.25", "-1.2500"],
    ["10.0000", 100_000n, "10", "10.0000"],
  ])("%s ↔ %d units", (q, units, back, stored) => {
    expect(quantityUnits(q)).toBe(units);
    expect(quantityFromUnits(units)).toBe(back);
    expect(storedQuantity(q)).toBe(stored);
  });

  it.each([
    ["1.5000", "1.5"],
    ["2.0000", "2"],
    ["100.0000", "100"],
    ["395.120000", "395.12"],
    ["100", "100"],
  ])("trims %s to %s", (s, t) => {
    expect(trimDecimal(s)).toBe(t);
  });
});
