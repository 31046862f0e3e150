import { addDays } from "../../../platform/clock.ts";

export type ServiceStatus =
  "pending" | "active" | "suspended" | "cancelled" | "expired" | "terminated";

export interface ServiceState {
  status: ServiceStatus;
  nextDueDate: string | null;
}

export type RenewalOutcome =
  | { change: "released" | "renewed" | "unsuspended"; next: ServiceState }
  | { change: "none"; why: "already_covered" | "service_closed" };

/**
 * What a paid invoice line billing `period` does to its service (C2, renewal half):
 * - a pending service (a new order) is released for provisioning and becomes active;
 * - a period reaching past the due date moves the due date to the day after it (paying
 *   a renewal extends from the due date, not from the payment date);
 * - a service suspended for non-payment is unsuspended;
 * - a period already covered (the same invoice paid again, a job retried) changes nothing;
 * - a cancelled, expired or terminated service is not revived by money: staff decide.
 */
export function serviceAfterPayment(
  s: ServiceState,
  period: { from: string | null; to: string | null },
): RenewalOutcome {
  if (s.status === "cancelled" || s.status === "terminated" || s.status === "expired")
    return { change: "none", why: "service_closed" };
  const extends_ = period.to !== null && (s.nextDueDate === null || period.to >= s.nextDueDate);
  const nextDueDate = extends_ && period.to ? addDays(period.to, 1) : s.nextDueDate;
  if (s.status === "pending")
    return { change: "released", next: { status: "active", nextDueDate } };
  if (!extends_) return { change: "none", why: "already_covered" };
  if (s.status === "suspended")
    return { change: "unsuspended", next: { status: "active", nextDueDate } };
  return { change: "renewed", next: { status: s.status, nextDueDate } };
}
