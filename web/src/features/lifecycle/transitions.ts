import type { ServiceStatus } from "../order/types";
import type { StaffTransitionTarget } from "./api";

/**
 * The states staff may move a service to from each state: the server's lifecycle rules
 * (subscriptions/domain/lifecycle.ts) limited to the targets of the staff endpoint. The server
 * checks again; this only keeps impossible choices out of the list.
 */
const STAFF_TARGETS: Record<ServiceStatus, readonly StaffTransitionTarget[]> = {
  pending: ["active", "cancelled"],
  active: ["suspended", "cancelled", "terminated"],
  suspended: ["active", "cancelled", "terminated"],
  cancelled: ["terminated"],
  expired: ["active", "terminated"],
  terminated: [],
};

export function staffTargets(from: ServiceStatus): readonly StaffTransitionTarget[] {
  return STAFF_TARGETS[from];
}

export const SERVICE_STATUSES = [
  "pending",
  "active",
  "suspended",
  "cancelled",
  "expired",
  "terminated",
] as const satisfies readonly ServiceStatus[];

export function isServiceStatus(value: string | null): value is ServiceStatus {
  return SERVICE_STATUSES.some((status) => status === value);
}
