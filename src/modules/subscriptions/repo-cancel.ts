import { sql } from "kysely";
import type { CancellationStatus, Db } from "../../platform/db/index.ts";

export async function findPendingCancellation(db: Db, serviceId: string) {
  return db
    .selectFrom("cancellation_requests")
    .selectAll()
    .where("service_id", "=", serviceId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

export async function insertCancellationRequest(
  tx: Db,
  r: {
    id: string;
    serviceId: string;
    customerId: string;
    requestedAt: Date;
    requestedBy: string | null;
    reason: string | null;
    effectiveDate: string;
    documents: { id: string; number: string; action: "cancelled" | "credited" }[];
    staffSet: boolean;
  },
): Promise<void> {
  await tx
    .insertInto("cancellation_requests")
    .values({
      id: r.id,
      service_id: r.serviceId,
      customer_id: r.customerId,
      requested_at: r.requestedAt,
      requested_by: r.requestedBy,
      reason: r.reason,
      effective_date: r.effectiveDate,
      status: "pending",
      documents: JSON.stringify(r.documents),
      decided_at: r.staffSet ? r.requestedAt : null,
      decided_by: r.staffSet ? r.requestedBy : null,
    })
    .execute();
}

export async function updateCancellationRequest(
  tx: Db,
  id: string,
  u: {
    status: CancellationStatus;
    decidedAt: Date;
    decidedBy: string | null;
    reason: string | null;
  },
): Promise<void> {
  await tx
    .updateTable("cancellation_requests")
    .set({
      status: u.status,
      decided_at: u.decidedAt,
      decided_by: u.decidedBy,
      decision_reason: u.reason,
    })
    .where("id", "=", id)
    .execute();
}

export async function setCancelEffectiveDate(tx: Db, serviceId: string, date: string, now: Date) {
  await tx
    .updateTable("services")
    .set({ cancel_effective_date: date, updated_at: now })
    .where("id", "=", serviceId)
    .execute();
}

/**
 * Clears a service's cancellation; renewal records whose documents were cancelled go, so the
 * next billing run bills those periods again.
 */
export async function clearCancellation(tx: Db, serviceId: string, now: Date) {
  await tx
    .updateTable("services")
    .set({ cancel_effective_date: null, updated_at: now })
    .where("id", "=", serviceId)
    .execute();
  await sql`
    DELETE FROM service_renewals r USING documents d
    WHERE r.service_id = ${serviceId} AND d.id = r.document_id AND d.status = 'cancelled'`.execute(
    tx,
  );
}

/** Renewal documents of periods starting on or after `from`, with the final invoice of a paid proforma. */
export async function renewalDocumentsFrom(tx: Db, serviceId: string, from: string) {
  const r = await sql<{
    id: string;
    kind: "proforma" | "invoice";
    number: string;
    status: string;
    invoice_id: string | null;
    invoice_number: string | null;
  }>`
    SELECT d.id, d.kind, d.number, d.status,
      CASE WHEN d.kind = 'invoice' AND d.status <> 'cancelled' THEN d.id ELSE f.id END AS invoice_id,
      CASE WHEN d.kind = 'invoice' AND d.status <> 'cancelled' THEN d.number ELSE f.number END AS invoice_number
    FROM service_renewals r
    JOIN documents d ON d.id = r.document_id
    LEFT JOIN documents f ON f.id = d.final_invoice_id
    WHERE r.service_id = ${serviceId} AND r.period_from >= ${from}::date AND d.status <> 'cancelled'
    ORDER BY r.period_from`.execute(tx);
  return r.rows;
}

export async function setNextCycle(
  tx: Db,
  serviceId: string,
  next: { cycle: string; price: bigint } | null,
  now: Date,
) {
  await tx
    .updateTable("services")
    .set({
      next_cycle: (next?.cycle ?? null) as "annual" | null,
      next_price: next?.price ?? null,
      updated_at: now,
    })
    .where("id", "=", serviceId)
    .execute();
}

export async function listCancellations(
  db: Db,
  f: { status?: CancellationStatus; customerId?: string; limit: number },
) {
  let q = db
    .selectFrom("cancellation_requests as r")
    .innerJoin("services as s", "s.id", "r.service_id")
    .innerJoin("products as p", "p.id", "s.product_id")
    .innerJoin("customers as c", "c.id", "r.customer_id")
    .select([
      "r.id",
      "r.service_id",
      "r.customer_id",
      "c.name as customer_name",
      "p.name as product_name",
      "s.label",
      "s.domain",
      "r.requested_at",
      "r.reason",
      "r.effective_date",
      "r.status",
      "r.decided_at",
      "r.decision_reason",
      "r.documents",
    ]);
  if (f.status) q = q.where("r.status", "=", f.status);
  if (f.customerId) q = q.where("r.customer_id", "=", f.customerId);
  return q.orderBy("r.requested_at", "desc").orderBy("r.id", "desc").limit(f.limit).execute();
}
