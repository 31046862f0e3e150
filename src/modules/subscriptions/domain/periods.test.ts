import { describe, expect, it } from "vitest";
import { nextDueDate, periodDays, periodFrom, type RecurringCycle } from "./periods.ts";

describe("nextDueDate keeps the start's day of the month", () => {
  const cases: [string, RecurringCycle, string, string][] = [
    ["2026-01-15", "monthly", "2025-12-15", "2026-02-15"],
    ["2026-01-31", "monthly", "2025-10-31", "2026-02-28"],
    ["2026-02-28", "monthly", "2025-10-31", "2026-03-31"],
    ["2026-02-28", "monthly", "2026-02-28", "2026-03-28"],
    ["2027-02-28", "monthly", "2024-01-30", "2027-03-30"],
    ["2023-12-31", "quarterly", "2023-12-31", "2024-03-31"],
    ["2024-02-29", "annual", "2024-02-29", "2025-02-28"],
    ["2025-02-28", "annual", "2024-02-29", "2026-02-28"],
    ["2027-02-28", "annual", "2024-02-29", "2028-02-29"],
    ["2026-08-31", "semiannual", "2026-08-31", "2027-02-28"],
    ["2026-11-23", "biennial", "2026-11-23", "2028-11-23"],
  ];
  for (const [due, cycle, anchor, expected] of cases)
    it(`${due} ${cycle} (anchor ${anchor}) → ${expected}`, () => {
      expect(nextDueDate(due, cycle, anchor)).toBe(expected);
    });
});

describe("the period starting on a due date", () => {
  it("ends the day before the next due date", () => {
    expect(periodFrom("2026-12-01", "annual", "2025-12-01")).toEqual({
      from: "2026-12-01",
      to: "2027-11-30",
    });
    expect(periodFrom("2026-01-31", "monthly", "2026-01-31")).toEqual({
      from: "2026-01-31",
      to: "2026-02-27",
    });
  });
  it("counts its days", () => {
    expect(periodDays("2026-02-01", "monthly", "2026-02-01")).toBe(28);
    expect(periodDays("2026-01-01", "annual", "2026-01-01")).toBe(365);
    expect(periodDays("2027-03-01", "annual", "2027-03-01")).toBe(366);
  });
});
