import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { Money, assertCurrency } from "../../../platform/money/index.ts";
import { lockService, setServicePrice } from "../repo.ts";
import { cancelProforma, createCreditNote } from "../../billing/index.ts";
import { catalogPrice } from "../../catalog/index.ts";
import { cancellationEffectiveDate } from "../domain/cancellation.ts";
import { canTransition } from "../domain/lifecycle.ts";
import { isRecurring, nextDueDate, type RecurringCycle } from "../domain/periods.ts";
import {
  clearCancellation,
  findPendingCancellation,
  insertCancellationRequest,
  renewalDocumentsFrom,
  setCancelEffectiveDate,
  setNextCycle,
  updateCancellationRequest,
} from "../repo-cancel.ts";

export interface CancellationResult {
  id: string;
  serviceId: string;
  effectiveDate: string;
  documents: { id: string; number: string; action: "cancelled" | "credited" }[];
}

/**
 * A cancellation request (C4), from the portal (it counts as written) or by staff. The service
 * ends on the effective date — the end of the current period with at least a month's notice,
 * else the end of the next (domain/cancellation.ts) — or on the date staff set. Renewal
 * documents of periods from that date on are cancelled (open proforma) or credited (invoice,
 * or the final invoice of a paid proforma). One pending request per service.
 */
export async function requestCancellation(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  input: {
    serviceId: string;
    /** The customer asking; null when staff act. */
    customerId: string | null;
    reason: string | null;
    /** Staff only: the first day not provided, instead of the notice rule. */
    effectiveDate?: string;
  },
  actor: Actor,
): Promise<CancellationResult> {
  return deps.db.transaction().execute(async (tx) => {
    const s = await lockService(tx, input.serviceId);
    if (!s || (input.customerId !== null && s.customer_id !== input.customerId))
      throw errors.notFound("service");
    if (!["pending", "active", "suspended"].includes(s.status))
      throw new AppError(
        "subscriptions.not_cancellable",
        409,
        `The service is ${s.status}; only pending, active or suspended services can be cancelled.`,
      );
    if (await findPendingCancellation(tx, s.id))
      throw new AppError(
        "subscriptions.cancellation_pending",
        409,
        "A cancellation of this service is already pending. Withdraw it first to change it.",
      );
    const today = localDate(deps.clock.now(), deps.config.timeZone);
    if (input.effectiveDate !== undefined && input.effectiveDate < today)
      throw new AppError(
        "subscriptions.invalid_effective_date",
        400,
        "The effective date cannot be in the past.",
      );
    const effective =
      input.effectiveDate ??
      cancellationEffectiveDate({
        requestedOn: today,
        nextDue: s.next_due_date,
        cycle: s.billing_cycle,
        anchor: s.start_date,
      });
    const now = deps.clock.now();
    const documents = await settleDocumentsFrom(tx, deps, s.id, effective, actor);
    await setCancelEffectiveDate(tx, s.id, effective, now);
    const id = newId("cnr", now.getTime());
    await insertCancellationRequest(tx, {
      id,
      serviceId: s.id,
      customerId: s.customer_id,
      requestedAt: now,
      requestedBy: actor.type === "user" ? actor.userId : actor.name,
      reason: input.reason,
      effectiveDate: effective,
      documents,
      staffSet: input.effectiveDate !== undefined,
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "service.cancellation_requested",
      subjectType: "service",
      subjectId: s.id,
      customerId: s.customer_id,
      data: { effectiveDate: effective, reason: input.reason, documents },
    });
    return { id, serviceId: s.id, effectiveDate: effective, documents };
  });
}

/** Documents billing periods from `effective` on: cancel or credit them. */
async function settleDocumentsFrom(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  serviceId: string,
  effective: string,
  actor: Actor,
): Promise<CancellationResult["documents"]> {
  const out: CancellationResult["documents"] = [];
  for (const d of await renewalDocumentsFrom(tx, serviceId, effective)) {
    if (d.kind === "proforma" && d.status === "open") {
      await cancelProforma(tx, deps, d.id, "service cancelled", actor);
      out.push({ id: d.id, number: d.number, action: "cancelled" });
    } else if (d.invoice_id && d.invoice_number) {
      await createCreditNote(
        tx,
        deps,
        {
          documentId: d.invoice_id,
          mode: "storno",
          reason: "service cancelled",
          adminFee: false,
        },
        actor,
      );
      out.push({ id: d.invoice_id, number: d.invoice_number, action: "credited" });
    }
  }
  return out;
}

/** The customer (or staff) withdraws a pending cancellation: the service goes on. */
export async function withdrawCancellation(
  deps: Pick<Deps, "db" | "clock">,
  input: { serviceId: string; customerId: string | null; reason: string | null },
  actor: Actor,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const s = await lockService(tx, input.serviceId);
    if (!s || (input.customerId !== null && s.customer_id !== input.customerId))
      throw errors.notFound("service");
    const pending = await findPendingCancellation(tx, s.id);
    if (!pending)
      throw new AppError("subscriptions.no_pending_cancellation", 409, "Nothing to withdraw.");
    const now = deps.clock.now();
    await updateCancellationRequest(tx, pending.id, {
      status: input.customerId === null ? "overridden" : "withdrawn",
      decidedAt: now,
      decidedBy: actor.type === "user" ? actor.userId : actor.name,
      reason: input.reason,
    });
    // Periods whose documents the request cancelled are billed again by the next run.
    await clearCancellation(tx, s.id, now);
    await writeAudit(tx, deps.clock, actor, {
      action: "service.cancellation_withdrawn",
      subjectType: "service",
      subjectId: s.id,
      customerId: s.customer_id,
      data: { request: pending.id, reason: input.reason },
    });
  });
}

/**
 * A billing cycle change (C5): the catalog's price for the new cycle applies from the next
 * period not yet billed. Choosing the current cycle drops a pending change.
 */
export async function changeBillingCycle(
  deps: Pick<Deps, "db" | "clock">,
  input: { serviceId: string; customerId: string | null; cycle: RecurringCycle },
  actor: Actor,
): Promise<{
  cycle: RecurringCycle;
  price: bigint;
  currency: string;
  effectiveFrom: string | null;
}> {
  return deps.db.transaction().execute(async (tx) => {
    const s = await lockService(tx, input.serviceId);
    if (!s || (input.customerId !== null && s.customer_id !== input.customerId))
      throw errors.notFound("service");
    if (!["active", "suspended"].includes(s.status) || !isRecurring(s.billing_cycle))
      throw new AppError(
        "subscriptions.cycle_not_changeable",
        409,
        "Only an active recurring service can change its billing cycle.",
      );
    const now = deps.clock.now();
    if (input.cycle === s.billing_cycle) {
      await setNextCycle(tx, s.id, null, now);
      return { cycle: input.cycle, price: s.price, currency: s.currency, effectiveFrom: null };
    }
    const catalog = await catalogPrice(tx, s.product_id, input.cycle, assertCurrency(s.currency));
    const price = catalog?.minor ?? null;
    if (price === null)
      throw new AppError(
        "subscriptions.cycle_not_offered",
        409,
        `The product has no ${input.cycle} price in ${s.currency}.`,
      );
    await setNextCycle(tx, s.id, { cycle: input.cycle, price }, now);
    const billed = s.next_due_date
      ? (await renewalDocumentsFrom(tx, s.id, s.next_due_date)).length > 0
      : false;
    const effectiveFrom =
      s.next_due_date && billed
        ? nextDueDate(s.next_due_date, s.billing_cycle, s.start_date)
        : s.next_due_date;
    await writeAudit(tx, deps.clock, actor, {
      action: "service.cycle_change_requested",
      subjectType: "service",
      subjectId: s.id,
      customerId: s.customer_id,
      data: { from: s.billing_cycle, to: input.cycle, price: price.toString(), effectiveFrom },
    });
    return { cycle: input.cycle, price, currency: s.currency, effectiveFrom };
  });
}

/** Staff move a service to another state (C1: allowed transitions only), with a reason. */
export async function changeServiceStatus(
  deps: Pick<Deps, "db" | "clock">,
  input: {
    serviceId: string;
    to: "active" | "suspended" | "cancelled" | "terminated";
    reason: string;
  },
  actor: Actor,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const s = await lockService(tx, input.serviceId);
    if (!s) throw errors.notFound("service");
    if (!canTransition(s.status, input.to))
      throw new AppError(
        "subscriptions.transition_not_allowed",
        409,
        `A ${s.status} service cannot become ${input.to}.`,
      );
    const now = deps.clock.now();
    await tx
      .updateTable("services")
      .set({
        status: input.to,
        status_reason: `staff: ${input.reason}`,
        status_changed_at: now,
        updated_at: now,
      })
      .where("id", "=", s.id)
      .execute();
    await writeAudit(tx, deps.clock, actor, {
      action: `service.${input.to === "active" ? "reactivated" : input.to}`,
      subjectType: "service",
      subjectId: s.id,
      customerId: s.customer_id,
      data: { from: s.status, to: input.to, reason: input.reason },
    });
  });
}

/** Staff change a service's own price (grandfathered prices stay until staff change them). */
export async function changeServicePrice(
  deps: Pick<Deps, "db" | "clock">,
  input: { serviceId: string; price: string; reason: string },
  actor: Actor,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const s = await lockService(tx, input.serviceId);
    if (!s) throw errors.notFound("service");
    let price: Money;
    try {
      price = Money.parse(input.price, assertCurrency(s.currency));
    } catch {
      throw new AppError("subscriptions.invalid_price", 400, `${input.price} is not a price.`);
    }
    const now = deps.clock.now();
    await setServicePrice(tx, s.id, price.minor, now);
    await writeAudit(tx, deps.clock, actor, {
      action: "service.price_changed",
      subjectType: "service",
      subjectId: s.id,
      customerId: s.customer_id,
      data: {
        from: Money.of(s.price, assertCurrency(s.currency)).toJSON(),
        to: price.toJSON(),
        reason: input.reason,
      },
    });
  });
}
