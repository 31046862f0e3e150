import { sql } from "kysely";
import type {
  CheckoutStatus,
  Db,
  PaymentMethod,
  PaymentSource,
  RefundStatus,
} from "../../platform/db/index.ts";

// ---------------------------------------------------------------- payments

export interface PaymentInsert {
  id: string;
  customerId: string;
  method: PaymentMethod;
  source: PaymentSource;
  gateway: string | null;
  externalId: string;
  currency: string;
  amount: bigint;
  receivedOn: string;
  payer: string | null;
  reference: string | null;
  note: string | null;
  createdBy: string | null;
  now: Date;
}

/** Inserts the payment unless one with this origin exists; returns false for a duplicate. */
export async function insertPaymentOnce(tx: Db, p: PaymentInsert): Promise<boolean> {
  const row = await tx
    .insertInto("payments")
    .values({
      id: p.id,
      customer_id: p.customerId,
      method: p.method,
      source: p.source,
      gateway: p.gateway,
      external_id: p.externalId,
      currency: p.currency,
      amount: p.amount,
      received_on: p.receivedOn,
      payer: p.payer,
      reference: p.reference,
      note: p.note,
      flag: null,
      created_at: p.now,
      created_by: p.createdBy,
    })
    .onConflict((oc) => oc.columns(["source", "external_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function findPaymentByOrigin(db: Db, source: PaymentSource, externalId: string) {
  return db
    .selectFrom("payments")
    .selectAll()
    .where("source", "=", source)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

export async function setPaymentFlag(tx: Db, id: string, flag: string): Promise<void> {
  await tx.updateTable("payments").set({ flag }).where("id", "=", id).execute();
}

export async function lockPayment(tx: Db, id: string) {
  return tx.selectFrom("payments").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function findPayment(db: Db, id: string) {
  return db.selectFrom("payments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function addRefunded(tx: Db, id: string, amount: bigint): Promise<void> {
  await tx
    .updateTable("payments")
    .set({ refunded_amount: sql<bigint>`refunded_amount + ${amount}` })
    .where("id", "=", id)
    .execute();
}

export interface PaymentFilter {
  customerId?: string | undefined;
  method?: PaymentMethod | undefined;
  flagged?: boolean | undefined;
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listPayments(db: Db, f: PaymentFilter) {
  let q = db
    .selectFrom("payments as p")
    .innerJoin("customers as c", "c.id", "p.customer_id")
    .selectAll("p")
    .select(["c.legal_name as customer_name", "c.code as customer_code"]);
  if (f.customerId) q = q.where("p.customer_id", "=", f.customerId);
  if (f.method) q = q.where("p.method", "=", f.method);
  if (f.flagged) q = q.where("p.flag", "is not", null);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([
        eb("p.created_at", "<", new Date(a.createdAt)),
        eb.and([eb("p.created_at", "=", new Date(a.createdAt)), eb("p.id", "<", a.id)]),
      ]),
    );
  }
  return q.orderBy("p.created_at", "desc").orderBy("p.id", "desc").limit(f.limit).execute();
}

/** The documents a payment settled (allocations) with their numbers. */
export async function allocationsOfPayment(db: Db, paymentId: string) {
  return db
    .selectFrom("allocations as a")
    .innerJoin("documents as d", "d.id", "a.document_id")
    .where("a.source_type", "=", "payment")
    .where("a.source_id", "=", paymentId)
    .select(["a.document_id", "a.amount", "d.number", "d.kind", "d.proforma_id"])
    .orderBy("a.created_at")
    .execute();
}

/** What of a payment was kept as credit (ledger payment postings to customer_credit). */
export async function creditOfPayment(db: Db, paymentId: string): Promise<bigint> {
  const row = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.txn_id")
    .where("t.payment_id", "=", paymentId)
    .where("t.kind", "=", "payment")
    .where("e.account", "=", "customer_credit")
    .select(sql<string>`coalesce(sum(e.amount), 0)`.as("credit"))
    .executeTakeFirstOrThrow();
  return -BigInt(row.credit);
}

// ---------------------------------------------------------------- refunds

export async function insertRefund(
  tx: Db,
  r: {
    id: string;
    paymentId: string;
    customerId: string;
    currency: string;
    amount: bigint;
    method: "card" | "transfer" | "cash";
    status: RefundStatus;
    reason: string;
    creditNoteIds: string[];
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await tx
    .insertInto("refunds")
    .values({
      id: r.id,
      payment_id: r.paymentId,
      customer_id: r.customerId,
      currency: r.currency,
      amount: r.amount,
      method: r.method,
      status: r.status,
      gateway_ref: null,
      reason: r.reason,
      credit_note_ids: r.creditNoteIds,
      failure: null,
      created_at: r.now,
      created_by: r.createdBy,
    })
    .execute();
}

export async function updateRefund(
  tx: Db,
  id: string,
  s: { status: RefundStatus; gatewayRef: string | null; failure: string | null },
): Promise<void> {
  await tx
    .updateTable("refunds")
    .set({ status: s.status, gateway_ref: s.gatewayRef, failure: s.failure })
    .where("id", "=", id)
    .execute();
}

export async function refundsOfPayment(db: Db, paymentId: string) {
  return db
    .selectFrom("refunds")
    .selectAll()
    .where("payment_id", "=", paymentId)
    .orderBy("created_at")
    .execute();
}

// ---------------------------------------------------------------- checkouts

export async function insertCheckout(
  tx: Db,
  c: {
    id: string;
    customerId: string;
    gateway: string;
    currency: string;
    amount: bigint;
    documentIds: string[];
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await tx
    .insertInto("checkouts")
    .values({
      id: c.id,
      customer_id: c.customerId,
      gateway: c.gateway,
      gateway_ref: null,
      status: "created",
      currency: c.currency,
      amount: c.amount,
      document_ids: c.documentIds,
      redirect_url: null,
      payment_id: null,
      failure: null,
      created_by: c.createdBy,
      created_at: c.now,
      updated_at: c.now,
    })
    .execute();
}

export async function updateCheckout(
  tx: Db,
  id: string,
  s: {
    status: CheckoutStatus;
    gatewayRef?: string | null;
    redirectUrl?: string | null;
    paymentId?: string | null;
    failure?: string | null;
    now: Date;
  },
): Promise<void> {
  await tx
    .updateTable("checkouts")
    .set({
      status: s.status,
      updated_at: s.now,
      ...(s.gatewayRef !== undefined ? { gateway_ref: s.gatewayRef } : {}),
      ...(s.redirectUrl !== undefined ? { redirect_url: s.redirectUrl } : {}),
      ...(s.paymentId !== undefined ? { payment_id: s.paymentId } : {}),
      ...(s.failure !== undefined ? { failure: s.failure } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export async function lockCheckoutByRef(tx: Db, gateway: string, gatewayRef: string) {
  return tx
    .selectFrom("checkouts")
    .selectAll()
    .where("gateway", "=", gateway)
    .where("gateway_ref", "=", gatewayRef)
    .forUpdate()
    .executeTakeFirst();
}

/** Marks a checkout expired unless an answer arrived meanwhile; true when it did so. */
export async function expireCheckoutIfWaiting(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("checkouts")
    .set({ status: "expired", failure: "no answer from the gateway", updated_at: now })
    .where("id", "=", id)
    .where("status", "in", ["created", "pending"])
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function findCheckout(db: Db, id: string) {
  return db.selectFrom("checkouts").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findCheckoutOfCustomer(db: Db, customerId: string, id: string) {
  return db
    .selectFrom("checkouts")
    .selectAll()
    .where("id", "=", id)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
}

/** Checkouts still waiting for the gateway's answer, created before `before`. */
export async function checkoutsAwaiting(db: Db, before: Date, limit: number) {
  return db
    .selectFrom("checkouts")
    .selectAll()
    .where("status", "in", ["created", "pending"])
    .where("created_at", "<", before)
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

/** Open payable documents of a customer with their open amounts (for a checkout). */
export async function payableDocuments(db: Db, customerId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("documents")
    .select(["id", "kind", "number", "currency", "status", "gross_total", "paid_amount"])
    .where("customer_id", "=", customerId)
    .where("id", "in", ids)
    .execute();
}

// ---------------------------------------------------------------- gateway notifications

export async function insertNotification(
  db: Db,
  n: {
    id: string;
    gateway: string;
    receivedAt: Date;
    signatureOk: boolean;
    eventId: string | null;
    gatewayRef: string | null;
    checkoutId: string | null;
    payload: string;
    outcome: string;
    flag: string | null;
  },
): Promise<void> {
  await db
    .insertInto("gateway_notifications")
    .values({
      id: n.id,
      gateway: n.gateway,
      received_at: n.receivedAt,
      signature_ok: n.signatureOk,
      event_id: n.eventId,
      gateway_ref: n.gatewayRef,
      checkout_id: n.checkoutId,
      payload: n.payload,
      outcome: n.outcome,
      flag: n.flag,
    })
    .execute();
}

export async function listNotifications(
  db: Db,
  f: {
    flagged?: boolean | undefined;
    limit: number;
    before?: { at: string; id: string } | undefined;
  },
) {
  let q = db.selectFrom("gateway_notifications").selectAll();
  if (f.flagged) q = q.where("flag", "is not", null);
  if (f.before) {
    const b = f.before;
    q = q.where((eb) =>
      eb.or([
        eb("received_at", "<", new Date(b.at)),
        eb.and([eb("received_at", "=", new Date(b.at)), eb("id", "<", b.id)]),
      ]),
    );
  }
  return q.orderBy("received_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}

// ---------------------------------------------------------------- payers

/** Remembers who paid for a customer from which account: it confirms later transfers. */
export async function rememberPayer(
  tx: Db,
  p: { customerId: string; account: string; name: string | null; now: Date },
): Promise<void> {
  await tx
    .insertInto("payer_accounts")
    .values({ customer_id: p.customerId, account: p.account, name: p.name, last_seen_at: p.now })
    .onConflict((oc) =>
      oc.columns(["customer_id", "account"]).doUpdateSet({ name: p.name, last_seen_at: p.now }),
    )
    .execute();
}

export async function findCheckoutByPayment(db: Db, paymentId: string) {
  return db
    .selectFrom("checkouts")
    .selectAll()
    .where("payment_id", "=", paymentId)
    .executeTakeFirst();
}

/** Allocations of several payments at once (lists). */
export async function allocationsOfPayments(db: Db, paymentIds: readonly string[]) {
  if (paymentIds.length === 0) return [];
  return db
    .selectFrom("allocations as a")
    .innerJoin("documents as d", "d.id", "a.document_id")
    .where("a.source_type", "=", "payment")
    .where("a.source_id", "in", paymentIds)
    .select(["a.source_id", "a.document_id", "a.amount", "d.number", "d.kind", "d.currency"])
    .orderBy("a.created_at")
    .execute();
}

export async function findPaymentOfCustomer(db: Db, customerId: string, id: string) {
  return db
    .selectFrom("payments")
    .selectAll()
    .where("id", "=", id)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
}

/** Serializes work on one payment origin until the transaction ends. */
export async function lockOrigin(tx: Db, source: PaymentSource, externalId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${source}:${externalId}`}))`.execute(tx);
}
