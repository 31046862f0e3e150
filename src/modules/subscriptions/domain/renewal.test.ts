import { describe, expect, it } from "vitest";
import { serviceAfterPayment, type RenewalOutcome, type ServiceState } from "./renewal.ts";

describe("serviceAfterPayment", () => {
  const period = { from: "2026-12-01", to: "2027-11-30" };
  it.each<[string, ServiceState, { from: string | null; to: string | null }, RenewalOutcome]>([
    [
      "renews from the due date, not the payment date",
      { status: "active", nextDueDate: "2026-12-01" },
      period,
      { change: "renewed", next: { status: "active", nextDueDate: "2027-12-01" } },
    ],
    [
      "releases a new order and sets its first due date",
      { status: "pending", nextDueDate: null },
      period,
      { change: "released", next: { status: "active", nextDueDate: "2027-12-01" } },
    ],
    [
      "releases a one-time order without a period",
      { status: "pending", nextDueDate: null },
      { from: null, to: null },
      { change: "released", next: { status: "active", nextDueDate: null } },
    ],
    [
      "unsuspends a service suspended for non-payment",
      { status: "suspended", nextDueDate: "2026-12-01" },
      period,
      { change: "unsuspended", next: { status: "active", nextDueDate: "2027-12-01" } },
    ],
    [
      "changes nothing when the period is already covered (paid twice, job retried)",
      { status: "active", nextDueDate: "2027-12-01" },
      period,
      { change: "none", why: "already_covered" },
    ],
    [
      "does not revive a terminated service",
      { status: "terminated", nextDueDate: "2026-12-01" },
      period,
      { change: "none", why: "service_closed" },
    ],
    [
      "does not revive a cancelled service",
      { status: "cancelled", nextDueDate: "2026-12-01" },
      period,
      { change: "none", why: "service_closed" },
    ],
    [
      "a late payment of an old period still moves an overdue due date on",
      { status: "active", nextDueDate: "2026-10-01" },
      { from: "2026-10-01", to: "2026-10-31" },
      { change: "renewed", next: { status: "active", nextDueDate: "2026-11-01" } },
    ],
  ])("%s", (_name, state, p, expected) => {
    expect(serviceAfterPayment(state, p)).toEqual(expected);
  });
});
