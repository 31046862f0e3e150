import type { ServiceStatus } from "./renewal.ts";

/**
 * The service lifecycle (C1): which state may follow which, and why.
 *
 * pending → active (released after payment) | cancelled (the order was dropped)
 * active → suspended (overdue, staff) | cancelled (cancellation effective) | expired (a domain or
 *   certificate not renewed by its expiry) | terminated (staff)
 * suspended → active (paid, staff) | cancelled | expired | terminated (overdue for long, staff)
 * cancelled → terminated (cleaned up) · expired → active (renewed late, staff) | terminated
 * terminated: final.
 */
const ALLOWED: Readonly<Record<ServiceStatus, readonly ServiceStatus[]>> = {
  pending: ["active", "cancelled"],
  active: ["suspended", "cancelled", "expired", "terminated"],
  suspended: ["active", "cancelled", "expired", "terminated"],
  cancelled: ["terminated"],
  expired: ["active", "terminated"],
  terminated: [],
};

export function canTransition(from: ServiceStatus, to: ServiceStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedTransitions(from: ServiceStatus): readonly ServiceStatus[] {
  return ALLOWED[from];
}

/** Services in these states are still billed: renewal documents, reminders, overdue checks. */
export const BILLED_STATES: readonly ServiceStatus[] = ["active", "suspended"];

/** Closed services: nothing is billed or provided any more. */
export const CLOSED_STATES: readonly ServiceStatus[] = ["cancelled", "expired", "terminated"];
