import { addDays, addMonths, daysBetween } from "../../../platform/clock.ts";

export type BillingCycle =
  "monthly" | "quarterly" | "semiannual" | "annual" | "biennial" | "one_time";
export type RecurringCycle = Exclude<BillingCycle, "one_time">;

export const CYCLE_MONTHS: Readonly<Record<RecurringCycle, number>> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
  biennial: 24,
};

export function isRecurring(cycle: BillingCycle): cycle is RecurringCycle {
  return cycle !== "one_time";
}

/**
 * The due date one cycle after `due`, keeping the day of the month of the service's start
 * (`anchor`): a service started on 31 January is due on 28 February, then 31 March, not 28 March.
 */
export function nextDueDate(due: string, cycle: RecurringCycle, anchor: string): string {
  const next = addMonths(due, CYCLE_MONTHS[cycle]);
  const anchorDay = Number(anchor.slice(8, 10));
  const day = Number(next.slice(8, 10));
  if (day >= anchorDay) return next;
  // Clamped earlier: move back up towards the anchor day as far as this month allows.
  const monthEnd = addDays(addMonths(`${next.slice(0, 8)}01`, 1), -1);
  const target = Math.min(anchorDay, Number(monthEnd.slice(8, 10)));
  return `${next.slice(0, 8)}${String(target).padStart(2, "0")}`;
}

/** The billing period that starts on the due date: [due, next due − 1 day]. */
export function periodFrom(
  due: string,
  cycle: RecurringCycle,
  anchor: string,
): { from: string; to: string } {
  return { from: due, to: addDays(nextDueDate(due, cycle, anchor), -1) };
}

/** Length of the period starting on `due`, in days. */
export function periodDays(due: string, cycle: RecurringCycle, anchor: string): number {
  return daysBetween(due, nextDueDate(due, cycle, anchor));
}
