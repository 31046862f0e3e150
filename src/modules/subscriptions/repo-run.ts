import { sql } from "kysely";
import {
  copyRows,
  type BillingRunTrigger,
  type Db,
  type ProductKind,
  type ServiceStatus,
} from "../../platform/db/index.ts";

/**
 * The billing run's SQL: set-based selections and transitions. Every statement is idempotent
 * by its keys or its WHERE clause, so a repeated or resumed run changes nothing twice.
 */

/** Serialises the run's transactions across processes (a second run waits, then finds less). */
export async function lockBillingRun(tx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('kapu:billing-run'))`.execute(tx);
}

// ---------------------------------------------------------------- run history

export async function markInterruptedRuns(db: Db, staleBefore: Date, now: Date): Promise<number> {
  const r = await db
    .updateTable("billing_runs")
    .set({ status: "interrupted", finished_at: now, error: "the process stopped during the run" })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", staleBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertRun(
  db: Db,
  r: {
    id: string;
    runDate: string;
    trigger: BillingRunTrigger;
    status?: "queued" | "running";
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("billing_runs")
    .values({
      id: r.id,
      run_date: r.runDate,
      trigger: r.trigger,
      status: r.status ?? "running",
      started_at: r.now,
      heartbeat_at: r.now,
    })
    .execute();
}

/** A queued run starts (false when it is no longer queued: a retried job runs anew). */
export async function startQueuedRun(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("billing_runs")
    .set({ status: "running", started_at: now, heartbeat_at: now })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function heartbeatRun(
  db: Db,
  id: string,
  counts: Record<string, number>,
  now: Date,
): Promise<void> {
  await db
    .updateTable("billing_runs")
    .set({ heartbeat_at: now, counts: JSON.stringify(counts) })
    .where("id", "=", id)
    .execute();
}

export async function finishRun(
  db: Db,
  id: string,
  r: {
    status: "completed" | "failed";
    counts: Record<string, number>;
    problems: { serviceId: string; code: string; message: string }[];
    error: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable("billing_runs")
    .set({
      status: r.status,
      counts: JSON.stringify(r.counts),
      problems: JSON.stringify(r.problems),
      error: r.error,
      finished_at: r.now,
      heartbeat_at: r.now,
    })
    .where("id", "=", id)
    .execute();
}

export async function listRuns(db: Db, limit: number) {
  return db
    .selectFrom("billing_runs")
    .selectAll()
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export type BillingRunRow = Awaited<ReturnType<typeof listRuns>>[number];

export async function findRun(db: Db, id: string) {
  return db.selectFrom("billing_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

// ---------------------------------------------------------------- renewal documents

export interface RenewalCandidate {
  id: string;
  customer_id: string;
  product_id: string;
  product_name: string;
  product_kind: ProductKind;
  label: string | null;
  domain: string | null;
  billing_cycle: string;
  currency: string;
  price: string;
  next_cycle: string | null;
  next_price: string | null;
  next_due_date: string;
  start_date: string;
  /** The product's reminder days (null: the provider's default). */
  reminder_days: number[] | null;
  /** Reminder stages already sent for this due date. */
  sent: number[];
}

/** A service whose next period may be billed, as renewalOf takes it (billed and recurring). */
const renewalSelect = sql`
  SELECT s.id, s.customer_id, s.product_id, p.name AS product_name, p.kind AS product_kind,
    s.label, s.domain, s.billing_cycle, s.currency, s.price::text AS price, s.next_cycle,
    s.next_price::text AS next_price, s.next_due_date::text AS next_due_date,
    s.start_date::text AS start_date, p.reminder_days,
    coalesce(sent.days, '{}') AS sent
  FROM services s
  JOIN products p ON p.id = s.product_id
  LEFT JOIN LATERAL (
    SELECT array_agg(rm.days_before) AS days FROM service_reminders rm
    WHERE rm.service_id = s.id AND rm.due_date = s.next_due_date) sent ON true
  WHERE s.status IN ('active', 'suspended')
    AND s.billing_cycle <> 'one_time'`;

/**
 * Services whose next period is to be billed on `date`: billed states, recurring, the due date
 * within the product's lead days, not ending before that period, and no renewal document for the
 * period yet. Keyset pages by (due date, id), so services left out (a problem) are passed over.
 */
export async function servicesDueForRenewal(
  tx: Db,
  q: {
    date: string;
    defaultLead: number;
    after: { due: string; id: string } | null;
    limit: number;
  },
): Promise<RenewalCandidate[]> {
  const after = q.after
    ? sql`AND (s.next_due_date, s.id) > (${q.after.due}::date, ${q.after.id})`
    : sql``;
  const r = await sql<RenewalCandidate>`
    ${renewalSelect}
      AND s.next_due_date <= ${q.date}::date + 180
      AND s.next_due_date <= ${q.date}::date + coalesce(p.renewal_lead_days, ${q.defaultLead}::int)
      AND (s.cancel_effective_date IS NULL OR s.next_due_date < s.cancel_effective_date)
      AND NOT EXISTS (SELECT 1 FROM service_renewals r
                      WHERE r.service_id = s.id AND r.period_from = s.next_due_date)
      ${after}
    ORDER BY s.next_due_date, s.id
    LIMIT ${q.limit}`.execute(tx);
  return r.rows;
}

/**
 * One service's next period to bill now (a customer renewing early): the same conditions as
 * servicesDueForRenewal but any due date. Undefined when there is nothing to bill.
 */
export async function renewalCandidateOf(tx: Db, serviceId: string) {
  const r = await sql<RenewalCandidate>`
    ${renewalSelect}
      AND s.id = ${serviceId}
      AND s.next_due_date IS NOT NULL
      AND (s.cancel_effective_date IS NULL OR s.next_due_date < s.cancel_effective_date)
      AND NOT EXISTS (SELECT 1 FROM service_renewals r
                      WHERE r.service_id = s.id AND r.period_from = s.next_due_date)`.execute(tx);
  return r.rows[0];
}

export async function insertRenewals(
  tx: Db,
  rows: readonly {
    serviceId: string;
    periodFrom: string;
    periodTo: string;
    documentId: string;
  }[],
  runId: string | null,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await copyRows(
    "service_renewals",
    ["service_id", "period_from", "period_to", "document_id", "run_id", "created_at"],
    rows.map((r) => ({
      service_id: r.serviceId,
      period_from: r.periodFrom,
      period_to: r.periodTo,
      document_id: r.documentId,
      run_id: runId,
      created_at: now,
    })),
  ).execute(tx);
}

/** A cycle change (C5) takes effect with the renewal document billing the new cycle. */
export async function applyCycleChanges(tx: Db, serviceIds: readonly string[], now: Date) {
  if (serviceIds.length === 0) return;
  await sql`
    UPDATE services SET billing_cycle = next_cycle, price = next_price, next_cycle = NULL,
      next_price = NULL, updated_at = ${now}
    WHERE id = ANY(${serviceIds}::text[]) AND next_cycle IS NOT NULL`.execute(tx);
}

// ---------------------------------------------------------------- reminders

export interface ReminderCandidate {
  id: string;
  customer_id: string;
  product_name: string;
  product_kind: ProductKind;
  label: string | null;
  domain: string | null;
  billing_cycle: string;
  currency: string;
  price: string;
  next_due_date: string;
  start_date: string;
  stages: number[];
  sent: number[];
  language: string;
  document_number: string | null;
}

/**
 * Services that may owe an expiry reminder on `date` (the domain rule decides which): billed,
 * recurring, due within the largest stage, not ending by then, with no reminder sent for this
 * due date at or below the stage reached. A superset of what is sent; keyset pages.
 */
export async function reminderCandidates(
  tx: Db,
  q: {
    date: string;
    defaultStages: readonly number[];
    /** The largest reminder stage of any product: services due later owe nothing yet. */
    maxStage: number;
    after: { due: string; id: string } | null;
    limit: number;
  },
): Promise<ReminderCandidate[]> {
  const after = q.after
    ? sql`AND (s.next_due_date, s.id) > (${q.after.due}::date, ${q.after.id})`
    : sql``;
  const r = await sql<ReminderCandidate>`
    SELECT s.id, s.customer_id, p.name AS product_name, p.kind AS product_kind, s.label,
      s.domain, s.billing_cycle, s.currency, s.price::text AS price,
      s.next_due_date::text AS next_due_date, s.start_date::text AS start_date,
      st.stages, coalesce(sent.days, '{}') AS sent, c.language, d.number AS document_number
    FROM services s
    JOIN products p ON p.id = s.product_id
    JOIN customers c ON c.id = s.customer_id
    CROSS JOIN LATERAL (SELECT coalesce(p.reminder_days, ${[...q.defaultStages]}::int[]) AS stages) st
    CROSS JOIN LATERAL (
      SELECT min(k) AS reached FROM unnest(st.stages) k
      WHERE k >= 1 AND k >= s.next_due_date - ${q.date}::date) reach
    LEFT JOIN LATERAL (
      SELECT array_agg(rm.days_before) AS days FROM service_reminders rm
      WHERE rm.service_id = s.id AND rm.due_date = s.next_due_date) sent ON true
    LEFT JOIN service_renewals rn ON rn.service_id = s.id AND rn.period_from = s.next_due_date
    LEFT JOIN documents d ON d.id = rn.document_id AND d.status = 'open'
    WHERE s.status IN ('active', 'suspended')
      AND s.billing_cycle <> 'one_time'
      AND s.next_due_date > ${q.date}::date
      AND s.next_due_date <= ${q.date}::date + ${q.maxStage}::int
      -- Cheap first (an index probe, before the lateral joins): a stage at or below the days
      -- left already sent means nothing is owed (the stage reached is at least the days left).
      AND NOT EXISTS (SELECT 1 FROM service_reminders rm
                      WHERE rm.service_id = s.id AND rm.due_date = s.next_due_date
                        AND rm.days_before <= s.next_due_date - ${q.date}::date)
      AND reach.reached IS NOT NULL
      AND NOT (coalesce(sent.days, '{}') && ARRAY(SELECT generate_series(1, reach.reached)))
      AND (s.cancel_effective_date IS NULL OR s.next_due_date < s.cancel_effective_date)
      ${after}
    ORDER BY s.next_due_date, s.id
    LIMIT ${q.limit}`.execute(tx);
  return r.rows;
}

/** Records reminders; returns those not recorded before (only they are e-mailed). */
export async function insertReminders(
  tx: Db,
  rows: readonly { serviceId: string; dueDate: string; daysBefore: number }[],
  date: string,
  runId: string | null,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await sql<{ service_id: string }>`
    INSERT INTO service_reminders (service_id, due_date, days_before, sent_on, run_id)
    SELECT r."serviceId", r."dueDate"::date, r."daysBefore", ${date}::date, ${runId}
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS r("serviceId" text, "dueDate" text, "daysBefore" int)
    ON CONFLICT DO NOTHING
    RETURNING service_id`.execute(tx);
  return new Set(r.rows.map((x) => x.service_id));
}

// ---------------------------------------------------------------- transitions

export interface TransitionRow {
  id: string;
  customer_id: string;
  from_status: ServiceStatus;
  status_reason: string;
  product_name: string;
  product_kind: ProductKind;
  label: string | null;
  domain: string | null;
  next_due_date: string;
  language: string;
}

/** The billing run's state changes, each a single UPDATE … RETURNING the changed services. */
export type OverdueTransition = "abandon" | "cancel" | "expire" | "suspend" | "terminate";

export async function transitionServices(
  tx: Db,
  kind: OverdueTransition,
  q: {
    date: string;
    suspendAfterDays: number;
    terminateAfterDays: number;
    abandonAfterDays: number;
    now: Date;
  },
): Promise<TransitionRow[]> {
  // A renewal document for the current period that is paid: the renewal job is about to move the
  // due date, so the service is not overdue.
  const notPaid = sql`NOT EXISTS (
    SELECT 1 FROM service_renewals rn JOIN documents d ON d.id = rn.document_id
    WHERE rn.service_id = s.id AND rn.period_from = s.next_due_date AND d.status = 'paid')`;
  const billedOpen = sql`EXISTS (
    SELECT 1 FROM service_renewals rn JOIN documents d ON d.id = rn.document_id
    WHERE rn.service_id = s.id AND rn.period_from = s.next_due_date AND d.status = 'open')`;
  const rules: Record<OverdueTransition, [ServiceStatus, string, ReturnType<typeof sql>]> = {
    abandon: [
      "cancelled",
      "order_unpaid",
      sql`s.status = 'pending' AND EXISTS (
            SELECT 1 FROM orders o JOIN documents d ON d.id = o.document_id
            WHERE o.id = s.order_id AND d.status = 'open'
              AND d.due_date <= ${q.date}::date - ${q.abandonAfterDays}::int)`,
    ],
    cancel: [
      "cancelled",
      "cancellation",
      sql`s.status IN ('pending', 'active', 'suspended')
          AND s.cancel_effective_date <= ${q.date}::date`,
    ],
    expire: [
      "expired",
      "not_renewed",
      sql`s.status IN ('active', 'suspended') AND p.kind IN ('domain', 'ssl')
          AND s.billing_cycle <> 'one_time' AND s.next_due_date <= ${q.date}::date AND ${notPaid}`,
    ],
    suspend: [
      "suspended",
      "overdue",
      sql`s.status = 'active' AND p.kind NOT IN ('domain', 'ssl')
          AND s.billing_cycle <> 'one_time'
          AND s.next_due_date <= ${q.date}::date - ${q.suspendAfterDays}::int AND ${billedOpen}`,
    ],
    terminate: [
      "terminated",
      "overdue",
      sql`s.status IN ('suspended', 'expired') AND s.billing_cycle <> 'one_time'
          AND s.next_due_date <= ${q.date}::date - ${q.terminateAfterDays}::int AND ${notPaid}
          AND (s.status_reason IS NULL OR s.status_reason IN ('overdue', 'not_renewed'))`,
    ],
  };
  const [to, reason, where] = rules[kind];
  const r = await sql<TransitionRow>`
    WITH changed AS (
      UPDATE services s SET status = ${to}, status_reason = ${reason},
        status_changed_at = ${q.now}, updated_at = ${q.now}
      FROM products p, services old
      WHERE p.id = s.product_id AND old.id = s.id AND ${where}
      RETURNING s.id, s.customer_id, old.status AS from_status, s.status_reason,
        p.name AS product_name,
        p.kind AS product_kind, s.label, s.domain, s.next_due_date::text AS next_due_date
    )
    SELECT ch.*, c.language FROM changed ch JOIN customers c ON c.id = ch.customer_id
    ORDER BY ch.id`.execute(tx);
  return r.rows;
}

/** Cancellation requests of services that just ended become effective. */
export async function markCancellationsEffective(
  tx: Db,
  serviceIds: readonly string[],
  now: Date,
): Promise<void> {
  if (serviceIds.length === 0) return;
  await tx
    .updateTable("cancellation_requests")
    .set({ status: "effective", decided_at: now })
    .where("service_id", "in", serviceIds)
    .where("status", "=", "pending")
    .execute();
}

/** Open renewal proformas of these services (terminated: no longer claimable). */
export async function openRenewalProformas(tx: Db, serviceIds: readonly string[]) {
  if (serviceIds.length === 0) return [];
  return tx
    .selectFrom("service_renewals as rn")
    .innerJoin("documents as d", "d.id", "rn.document_id")
    .where("rn.service_id", "in", serviceIds)
    .where("d.kind", "=", "proforma")
    .where("d.status", "=", "open")
    .select(["d.id", "rn.service_id"])
    .orderBy("d.id")
    .execute();
}

/** The open order proformas of these (abandoned) services. */
export async function openOrderProformas(tx: Db, serviceIds: readonly string[]) {
  if (serviceIds.length === 0) return [];
  return tx
    .selectFrom("services as s")
    .innerJoin("orders as o", "o.id", "s.order_id")
    .innerJoin("documents as d", "d.id", "o.document_id")
    .where("s.id", "in", serviceIds)
    .where("d.status", "=", "open")
    .select("d.id")
    .distinct()
    .orderBy("d.id")
    .execute();
}

/** Who owns a service, and the open document of its current due date (renewal), if any. */
export async function serviceOwner(tx: Db, serviceId: string) {
  const r = await sql<{ customer_id: string; open_document_id: string | null }>`
    SELECT s.customer_id, (
      SELECT d.id FROM service_renewals rn JOIN documents d ON d.id = rn.document_id
      WHERE rn.service_id = s.id AND rn.period_from = s.next_due_date AND d.status = 'open'
      LIMIT 1) AS open_document_id
    FROM services s WHERE s.id = ${serviceId}`.execute(tx);
  return r.rows[0];
}

/** The largest reminder stage in use: the defaults' or a product's own. */
export async function largestReminderStage(db: Db, defaults: readonly number[]): Promise<number> {
  const r = await sql<{ max: number | null }>`
    SELECT max(k)::int AS max FROM products p, unnest(p.reminder_days) k
    WHERE p.reminder_days IS NOT NULL`.execute(db);
  return Math.max(0, ...defaults, r.rows[0]?.max ?? 0);
}
