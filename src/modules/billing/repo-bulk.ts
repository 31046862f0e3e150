import { CompiledQuery, sql } from "kysely";
import type { Db, MailAttachmentJson } from "../../platform/db/index.ts";
import type { Jobs } from "../../platform/jobs/index.ts";
import type { DocumentInsert, LineInsert } from "./repo.ts";

/**
 * SQL of bulk issuing (use-cases/bulk-issue.ts): reads keyed by many ids at once, and writes of
 * many rows per statement. Every write sends its rows as ONE json parameter expanded by
 * `json_to_recordset`, so a statement has the same text and one parameter whatever the number of
 * rows (no 65,535-parameter limit, no per-row SQL to build or parse), on PostgreSQL and PGlite.
 * Amounts travel as JSON strings (bigint, exact); dates as `YYYY-MM-DD`; timestamps as ISO.
 */

const json = (rows: unknown[]): string => JSON.stringify(rows);

// ---------------------------------------------------------------- reads

export async function customersForBilling(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("customers")
    .selectAll()
    .where(sql<boolean>`id = ANY(${[...ids]}::text[])`)
    .execute();
}

/** The latest check of each VAT number (the one buyerVatStatus would look at). */
export async function latestVatChecks(db: Db, vatNumbers: readonly string[]) {
  if (vatNumbers.length === 0) return [];
  return db
    .selectFrom("vat_number_checks")
    .selectAll()
    .distinctOn("vat_number")
    .where(sql<boolean>`vat_number = ANY(${[...vatNumbers]}::text[])`)
    .orderBy("vat_number")
    .orderBy("checked_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export type VatCheckRow = Awaited<ReturnType<typeof latestVatChecks>>[number];

/** Contacts of many customers, each customer's in invoiceRecipients' order. */
export async function contactsOfCustomers(db: Db, customerIds: readonly string[]) {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom("contacts")
    .select(["customer_id", "email", "permissions", "is_primary"])
    .where(sql<boolean>`customer_id = ANY(${[...customerIds]}::text[])`)
    .orderBy("customer_id")
    .orderBy("is_primary", "desc")
    .orderBy("created_at")
    .execute();
}

/** Paid amount and status of documents (after account credit was applied to some). */
export async function settlementOf(tx: Db, documentIds: readonly string[]) {
  if (documentIds.length === 0) return [];
  return tx
    .selectFrom("documents")
    .select(["id", "paid_amount", "status", "paid_at"])
    .where(sql<boolean>`id = ANY(${[...documentIds]}::text[])`)
    .execute();
}

// ---------------------------------------------------------------- documents

export async function insertDocumentsBulk(tx: Db, docs: readonly DocumentInsert[]): Promise<void> {
  if (docs.length === 0) return;
  const rows = docs.map((d) => ({
    id: d.id,
    kind: d.kind,
    series: d.series,
    number: d.number,
    customer_id: d.customerId,
    status: d.status,
    issue_date: d.issueDate,
    fulfilment_date: d.fulfilmentDate,
    due_date: d.dueDate,
    currency: d.currency,
    exchange_rate: d.exchangeRate,
    exchange_rate_date: d.exchangeRateDate,
    net_total: String(d.net),
    vat_total: String(d.vat),
    gross_total: String(d.gross),
    vat_total_huf: String(d.vatHuf),
    vat_breakdown: d.vatBreakdown,
    buyer: d.buyer,
    seller: d.seller,
    language: d.language,
    corrects_id: d.correctsId,
    correction_type: d.correctionType,
    modification_index: d.modificationIndex,
    payment_method: d.paymentMethod,
    payment_reference: d.paymentReference,
    cash_accounting: d.cashAccounting,
    note: d.note,
    proforma_id: d.proformaId,
    paid_amount: String(d.paidAmount),
    paid_at: d.paidAt,
    issued_by: d.issuedBy,
    created_at: d.now,
  }));
  await sql`
    INSERT INTO documents (id, kind, series, number, customer_id, status, issue_date,
      fulfilment_date, due_date, currency, exchange_rate, exchange_rate_date, net_total, vat_total,
      gross_total, vat_total_huf, vat_breakdown, buyer, seller, language, corrects_id,
      correction_type, modification_index, payment_method, payment_reference, cash_accounting,
      note, proforma_id, paid_amount, paid_at, issued_by, created_at)
    SELECT id, kind, series, number, customer_id, status, issue_date,
      fulfilment_date, due_date, currency, exchange_rate, exchange_rate_date, net_total, vat_total,
      gross_total, vat_total_huf, vat_breakdown, buyer, seller, language, corrects_id,
      correction_type, modification_index, payment_method, payment_reference, cash_accounting,
      note, proforma_id, paid_amount, paid_at, issued_by, created_at
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, kind text, series text,
      number text, customer_id text, status text, issue_date date, fulfilment_date date,
      due_date date, currency text, exchange_rate numeric, exchange_rate_date date,
      net_total bigint, vat_total bigint, gross_total bigint, vat_total_huf bigint,
      vat_breakdown jsonb, buyer jsonb, seller jsonb, language text, corrects_id text,
      correction_type text, modification_index integer, payment_method text,
      payment_reference text, cash_accounting boolean, note text, proforma_id text,
      paid_amount bigint, paid_at timestamptz, issued_by text, created_at timestamptz)
  `.execute(tx);
}

export async function insertDocumentLinesBulk(tx: Db, lines: readonly LineInsert[]): Promise<void> {
  if (lines.length === 0) return;
  const rows = lines.map((l) => ({
    id: l.id,
    document_id: l.documentId,
    position: l.position,
    service_id: l.serviceId,
    product_id: l.productId,
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unit_code: l.unitCode,
    unit_price: String(l.unitPrice),
    discount: String(l.discount),
    vat_category: l.vatCategory,
    vat_rate_bp: l.vatRateBp,
    vat_country: l.vatCountry,
    vat_reason: l.vatReason,
    net_amount: String(l.net),
    vat_amount: String(l.vat),
    gross_amount: String(l.gross),
    period_from: l.periodFrom,
    period_to: l.periodTo,
    corrects_position: l.correctsPosition,
  }));
  await sql`
    INSERT INTO document_lines (id, document_id, position, service_id, product_id, description,
      quantity, unit, unit_code, unit_price, discount, vat_category, vat_rate_bp, vat_country,
      vat_reason, net_amount, vat_amount, gross_amount, period_from, period_to, corrects_position)
    SELECT id, document_id, position, service_id, product_id, description,
      quantity, unit, unit_code, unit_price, discount, vat_category, vat_rate_bp, vat_country,
      vat_reason, net_amount, vat_amount, gross_amount, period_from, period_to, corrects_position
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, document_id text, position integer,
      service_id text, product_id text, description text, quantity numeric, unit text,
      unit_code text, unit_price bigint, discount bigint, vat_category text, vat_rate_bp integer,
      vat_country text, vat_reason text, net_amount bigint, vat_amount bigint,
      gross_amount bigint, period_from date, period_to date, corrects_position integer)
  `.execute(tx);
}

/** Renderings stored at issue (the NAV XML), as UTF-8 text converted to bytea by PostgreSQL. */
export async function insertDocumentFilesBulk(
  tx: Db,
  files: readonly { documentId: string; format: "pdf" | "nav" | "ubl"; text: string }[],
  now: Date,
): Promise<void> {
  if (files.length === 0) return;
  const rows = files.map((f) => ({ document_id: f.documentId, format: f.format, text: f.text }));
  await sql`
    INSERT INTO document_files (document_id, format, content, created_at)
    SELECT document_id, format, convert_to(text, 'UTF8'), ${now}::timestamptz
    FROM json_to_recordset(${json(rows)}::json) AS r(document_id text, format text, text text)
  `.execute(tx);
}

// ---------------------------------------------------------------- ledger

export interface LedgerTransactionInsert {
  id: string;
  customerId: string;
  kind: "invoice";
  documentId: string;
  memo: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  currency: string;
  entries: readonly { account: string; amount: bigint }[];
}

export async function insertLedgerBulk(
  tx: Db,
  txns: readonly LedgerTransactionInsert[],
): Promise<void> {
  if (txns.length === 0) return;
  const transactions = txns.map((t) => ({
    id: t.id,
    customer_id: t.customerId,
    kind: t.kind,
    document_id: t.documentId,
    memo: t.memo,
    at: t.at,
    actor_type: t.actorType,
    actor_id: t.actorId,
  }));
  await sql`
    INSERT INTO ledger_transactions (id, customer_id, kind, document_id, payment_id, memo, at,
      actor_type, actor_id)
    SELECT id, customer_id, kind, document_id, NULL, memo, at, actor_type, actor_id
    FROM json_to_recordset(${json(transactions)}::json) AS r(id text, customer_id text,
      kind text, document_id text, memo text, at timestamptz, actor_type text, actor_id text)
  `.execute(tx);
  const entries = txns.flatMap((t) =>
    t.entries.map((e) => ({
      txn_id: t.id,
      customer_id: t.customerId,
      account: e.account,
      currency: t.currency,
      amount: String(e.amount),
    })),
  );
  if (entries.length === 0) return;
  await sql`
    INSERT INTO ledger_entries (txn_id, customer_id, account, currency, amount)
    SELECT txn_id, customer_id, account, currency, amount
    FROM json_to_recordset(${json(entries)}::json) AS r(txn_id text, customer_id text,
      account text, currency text, amount bigint)
  `.execute(tx);
}

/**
 * Moves many stored balances at once: one upsert, rows locked in (customer, currency) order so
 * that concurrent runs take the locks in the same order. Returns the balances after the move.
 */
export async function addToBalancesBulk(
  tx: Db,
  deltas: readonly { customerId: string; currency: string; receivable: bigint; credit: bigint }[],
  now: Date,
): Promise<{ customer_id: string; currency: string; receivable: bigint; credit: bigint }[]> {
  if (deltas.length === 0) return [];
  const rows = deltas.map((d) => ({
    customer_id: d.customerId,
    currency: d.currency,
    receivable: String(d.receivable),
    credit: String(d.credit),
  }));
  const result = await sql<{
    customer_id: string;
    currency: string;
    receivable: bigint;
    credit: bigint;
  }>`
    INSERT INTO customer_balances AS b (customer_id, currency, receivable, credit, updated_at)
    SELECT customer_id, currency, receivable, credit, ${now}::timestamptz
    FROM json_to_recordset(${json(rows)}::json) AS r(customer_id text, currency text,
      receivable bigint, credit bigint)
    ORDER BY customer_id, currency
    ON CONFLICT (customer_id, currency) DO UPDATE SET
      receivable = b.receivable + excluded.receivable,
      credit = b.credit + excluded.credit,
      updated_at = excluded.updated_at
    RETURNING b.customer_id, b.currency, b.receivable, b.credit
  `.execute(tx);
  return result.rows;
}

// ---------------------------------------------------------------- audit, mail, jobs

export interface AuditInsert {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  customerId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

export async function insertAuditBulk(tx: Db, entries: readonly AuditInsert[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    id: e.id,
    at: e.at,
    actor_type: e.actorType,
    actor_id: e.actorId,
    customer_id: e.customerId,
    action: e.action,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    data: e.data,
    request_id: e.requestId,
    ip: e.ip,
  }));
  await sql`
    INSERT INTO audit_log (id, at, actor_type, actor_id, customer_id, action, subject_type,
      subject_id, data, request_id, ip)
    SELECT id, at, actor_type, actor_id, customer_id, action, subject_type, subject_id, data,
      request_id, ip
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, at timestamptz, actor_type text,
      actor_id text, customer_id text, action text, subject_type text, subject_id text,
      data jsonb, request_id text, ip text)
  `.execute(tx);
}

export interface MailInsert {
  id: string;
  type: string;
  language: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  customerId: string | null;
  createdAt: Date;
  attachments: MailAttachmentJson[];
}

/** Outbox rows as notifications' queueMail writes them (status queued). */
export async function insertMailsBulk(tx: Db, mails: readonly MailInsert[]): Promise<void> {
  if (mails.length === 0) return;
  const rows = mails.map((m) => ({
    id: m.id,
    type: m.type,
    language: m.language,
    to_address: m.to,
    subject: m.subject,
    text_body: m.text,
    html_body: m.html,
    customer_id: m.customerId,
    created_at: m.createdAt,
    attachments: m.attachments,
  }));
  await sql`
    INSERT INTO mail_outbox (id, type, language, to_address, subject, text_body, html_body,
      customer_id, user_id, status, created_at, attachments)
    SELECT id, type, language, to_address, subject, text_body, html_body, customer_id, NULL,
      'queued', created_at, attachments
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, type text, language text,
      to_address text, subject text, text_body text, html_body text, customer_id text,
      created_at timestamptz, attachments jsonb)
  `.execute(tx);
}

/**
 * Enqueues many jobs of one queue with pg-boss's own multi-row insert (`insert`), run through
 * the caller's transaction like Jobs.send: the jobs exist exactly when the transaction commits.
 */
export async function sendJobsBulk(
  tx: Db,
  jobs: Jobs,
  name: string,
  data: readonly object[],
): Promise<void> {
  if (data.length === 0) return;
  if (!jobs.names.includes(name)) throw new Error(`Unknown job ${name}`);
  await jobs.boss.insert(
    name,
    data.map((d) => ({ data: d })),
    {
      db: {
        async executeSql(text: string, values?: unknown[]) {
          const result = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: [...result.rows] };
        },
      },
    },
  );
}
