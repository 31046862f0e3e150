import { addMonths } from "../../../platform/clock.ts";
import { nextDueDate, type RecurringCycle } from "./periods.ts";

/**
 * When a cancellation takes effect (C4). The answer is the first day the service is no longer
 * provided (and billed):
 * - requested at least one month before the next period starts: at the end of the current
 *   period (the next due date);
 * - otherwise at the end of the next period (one cycle later);
 * - a one-off or an already lapsed service (no next due date, or due date passed): at once.
 * `requestedOn` is the day the request arrived (portal requests count as written).
 */
export function cancellationEffectiveDate(input: {
  requestedOn: string;
  nextDue: string | null;
  cycle: RecurringCycle | "one_time";
  anchor: string;
}): string {
  const { requestedOn, nextDue, cycle, anchor } = input;
  if (nextDue === null || cycle === "one_time" || nextDue <= requestedOn) return requestedOn;
  if (requestedOn <= addMonths(nextDue, -1)) return nextDue;
  return nextDueDate(nextDue, cycle, anchor);
}
