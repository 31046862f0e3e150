import { describe, expect, it } from "vitest";
import { cancellationEffectiveDate } from "./cancellation.ts";
import type { RecurringCycle } from "./periods.ts";

describe("when a cancellation takes effect", () => {
  const cases: [string, string, string | null, RecurringCycle | "one_time", string][] = [
    // label, requested on, next due, cycle, effective (first day not provided)
    [
      "two months ahead: end of the current period",
      "2026-10-01",
      "2026-12-01",
      "annual",
      "2026-12-01",
    ],
    [
      "exactly one month ahead: end of the current period",
      "2026-11-01",
      "2026-12-01",
      "annual",
      "2026-12-01",
    ],
    [
      "monthly, a day short of a month: end of the next period",
      "2026-10-31",
      "2026-11-30",
      "monthly",
      "2026-12-30",
    ],
    [
      "less than a month ahead: end of the next period",
      "2026-11-02",
      "2026-12-01",
      "annual",
      "2027-12-01",
    ],
    ["monthly, late: end of next month", "2026-11-20", "2026-12-01", "monthly", "2027-01-01"],
    ["monthly, a month ahead", "2026-10-30", "2026-11-30", "monthly", "2026-11-30"],
    ["already past its due date: at once", "2026-12-05", "2026-12-01", "annual", "2026-12-05"],
    ["a one-off: at once", "2026-11-02", "2026-12-01", "one_time", "2026-11-02"],
    ["no due date: at once", "2026-11-02", null, "annual", "2026-11-02"],
  ];
  for (const [label, requestedOn, nextDue, cycle, expected] of cases)
    it(label, () => {
      expect(
        cancellationEffectiveDate({ requestedOn, nextDue, cycle, anchor: nextDue ?? requestedOn }),
      ).toBe(expected);
    });
});
