import { describe, expect, it } from "vitest";
import { DEFAULT_REMINDER_DAYS, reminderStage } from "./reminders.ts";

describe("which expiry reminder is due", () => {
  const annual = 365;
  const cases: [string, number, number, number[], number | null][] = [
    // label, daysLeft, periodDays, sentStages, expected
    ["61 days left: nothing yet", 61, annual, [], null],
    ["60 days left: the first", 60, annual, [], 60],
    ["45 days left, 60 sent: nothing", 45, annual, [60], null],
    ["30 days left, 60 sent", 30, annual, [60], 30],
    ["a missed 60 at 40 days: the 60 stage once", 40, annual, [], 60],
    ["after downtime, 10 days left, 60 sent: only the 14 (no flood)", 10, annual, [60], 14],
    ["14 sent, still 10 days left: nothing", 10, annual, [60, 14], null],
    ["7 days left", 7, annual, [60, 30, 14], 7],
    ["1 day left", 1, annual, [60, 30, 14, 7], 1],
    ["due today: overdue handling, not a reminder", 0, annual, [], null],
    ["past due: nothing", -3, annual, [], null],
    ["monthly, 30 days left right after renewal: no 30-day reminder", 30, 31, [], null],
    ["monthly, 14 days left", 14, 31, [], 14],
    ["February, 28-day period, 14 days left", 14, 28, [], 14],
    ["quarterly, 40 days left: the 60-day stage is skipped", 40, 92, [], null],
    ["quarterly, 30 days left", 30, 92, [], 30],
    ["a stage sent later than this one (clock moved back): nothing", 20, annual, [7], null],
  ];
  for (const [label, daysLeft, periodDays, sent, expected] of cases)
    it(label, () => {
      expect(
        reminderStage({ daysLeft, periodDays, stages: DEFAULT_REMINDER_DAYS, sentStages: sent }),
      ).toBe(expected);
    });

  it("takes a product's own stages, ignoring nonsense ones", () => {
    expect(
      reminderStage({ daysLeft: 3, periodDays: 365, stages: [90, 3, 0, -1], sentStages: [] }),
    ).toBe(3);
    expect(reminderStage({ daysLeft: 3, periodDays: 365, stages: [], sentStages: [] })).toBe(null);
  });
});
