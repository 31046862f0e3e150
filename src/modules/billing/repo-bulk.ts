import { sql } from "kysely";
import { auditRowsSql, type AuditRow } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/index.ts";
import { outboxRowsSql, type OutboxRow } from "../notifications/index.ts";
import { documentRowOf, lineRowOf, type DocumentInsert, type LineInsert } from "./repo.ts";

/**
 * SQL of bulk issuing (use-cases/bulk-issue.ts): reads keyed by many ids at once, and writes of
 * many rows per statement. A table's rows travel as ONE json parameter expanded by
 * `json_to_recordset`, so a statement has the same shape whatever the number of rows (no
 * 65,535-parameter limit, no per-row SQL to build or parse), on PostgreSQL and PGlite. Amounts
 * travel as JSON strings (bigint, exact); dates as `YYYY-MM-DD`; timestamps as ISO. The large
 * texts (NAV XML) travel joined by U+0001, which XML 1.0 cannot contain, and are split by
 * PostgreSQL: no JSON escaping of 8 KB per document on either side.
 *
 * insertIssuedRows writes a batch of issued documents — documents, lines, ledger, files, audit,
 * mails — in ONE statement (data-modifying CTEs; the foreign keys are checked at its end), so a
 * batch costs one round trip and the caller can build the next batch meanwhile.
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

/** Paid amount and status of documents (after account credit was applied to some). */
export async function settlementOf(tx: Db, documentIds: readonly string[]) {
  if (documentIds.length === 0) return [];
  return tx
    .selectFrom("documents")
    .select(["id", "paid_amount", "status", "paid_at"])
    .where(sql<boolean>`id = ANY(${[...documentIds]}::text[])`)
    .execute();
}

// ---------------------------------------------------------------- a batch of issued documents

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

export interface IssuedRows {
  documents: DocumentInsert[];
  lines: LineInsert[];
  ledger: LedgerTransactionInsert[];
  /** Renderings stored at issue (the NAV XML), as text: PostgreSQL stores them UTF-8 encoded. */
  files: { documentId: string; format: "pdf" | "nav" | "ubl"; text: string }[];
  audit: AuditRow[];
  /** Outbox rows as notifications' queueMail writes them (status queued). */
  mails: OutboxRow[];
  now: Date;
}

/**
 * Documents carry jsonb values (buyer, VAT breakdown): their rows are parsed as jsonb once, so
 * those values are taken as they are (json_to_recordset would parse each again into jsonb,
 * which costs PostgreSQL as much as the rest of the row).
 */
function documentsSql(docs: readonly DocumentInsert[]) {
  // The seller is the same on every document of a run: sent once, not once per row.
  const seller = docs[0]!.seller;
  const shared = docs.every((d) => d.seller === seller);
  const rows = docs.map((d) => {
    const r = documentRowOf(d);
    // JSON has no bigint: amounts travel as strings.
    return {
      ...r,
      net_total: String(r.net_total),
      vat_total: String(r.vat_total),
      gross_total: String(r.gross_total),
      vat_total_huf: String(r.vat_total_huf),
      paid_amount: String(r.paid_amount),
      seller: shared ? undefined : r.seller,
    };
  });
  return sql`
    INSERT INTO documents (id, kind, series, number, customer_id, status, issue_date,
      fulfilment_date, due_date, currency, exchange_rate, exchange_rate_date, net_total, vat_total,
      gross_total, vat_total_huf, vat_breakdown, buyer, seller, language, corrects_id,
      correction_type, modification_index, payment_method, payment_reference, cash_accounting,
      note, proforma_id, paid_amount, paid_at, issued_by, created_at)
    SELECT id, kind, series, number, customer_id, status, issue_date,
      fulfilment_date, due_date, currency, exchange_rate, exchange_rate_date, net_total, vat_total,
      gross_total, vat_total_huf, vat_breakdown, buyer,
      ${shared ? sql`${JSON.stringify(seller)}::jsonb` : sql`seller`}, language, corrects_id,
      correction_type, modification_index, payment_method, payment_reference, cash_accounting,
      note, proforma_id, paid_amount, paid_at, issued_by, created_at
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS r(id text, kind text, series text,
      number text, customer_id text, status text, issue_date date, fulfilment_date date,
      due_date date, currency text, exchange_rate numeric, exchange_rate_date date,
      net_total bigint, vat_total bigint, gross_total bigint, vat_total_huf bigint,
      vat_breakdown jsonb, buyer jsonb, seller jsonb, language text, corrects_id text,
      correction_type text, modification_index integer, payment_method text,
      payment_reference text, cash_accounting boolean, note text, proforma_id text,
      paid_amount bigint, paid_at timestamptz, issued_by text, created_at timestamptz)`;
}

function linesSql(lines: readonly LineInsert[]) {
  const rows = lines.map((l) => {
    const r = lineRowOf(l);
    return {
      ...r,
      unit_price: String(r.unit_price),
      discount: String(r.discount),
      net_amount: String(r.net_amount),
      vat_amount: String(r.vat_amount),
      gross_amount: String(r.gross_amount),
    };
  });
  return sql`
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
      gross_amount bigint, period_from date, period_to date, corrects_position integer)`;
}

function ledgerTransactionsSql(txns: readonly LedgerTransactionInsert[]) {
  const rows = txns.map((t) => ({
    id: t.id,
    customer_id: t.customerId,
    kind: t.kind,
    document_id: t.documentId,
    memo: t.memo,
    at: t.at,
    actor_type: t.actorType,
    actor_id: t.actorId,
  }));
  return sql`
    INSERT INTO ledger_transactions (id, customer_id, kind, document_id, payment_id, memo, at,
      actor_type, actor_id)
    SELECT id, customer_id, kind, document_id, NULL, memo, at, actor_type, actor_id
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, customer_id text,
      kind text, document_id text, memo text, at timestamptz, actor_type text, actor_id text)`;
}

function ledgerEntriesSql(txns: readonly LedgerTransactionInsert[]) {
  const rows = txns.flatMap((t) =>
    t.entries.map((e) => ({
      txn_id: t.id,
      customer_id: t.customerId,
      account: e.account,
      currency: t.currency,
      amount: String(e.amount),
    })),
  );
  if (rows.length === 0) return null;
  return sql`
    INSERT INTO ledger_entries (txn_id, customer_id, account, currency, amount)
    SELECT txn_id, customer_id, account, currency, amount
    FROM json_to_recordset(${json(rows)}::json) AS r(txn_id text, customer_id text,
      account text, currency text, amount bigint)`;
}

const SEPARATOR = "\u0001";

function filesSql(files: IssuedRows["files"], now: Date) {
  const texts = files.map((f) => {
    if (f.text.includes(SEPARATOR)) throw new Error(`U+0001 in a ${f.format} rendering`);
    return f.text;
  });
  return sql`
    INSERT INTO document_files (document_id, format, content, created_at)
    SELECT document_id, format, convert_to(text, 'UTF8'), ${now}::timestamptz
    FROM unnest(${files.map((f) => f.documentId)}::text[], ${files.map((f) => f.format)}::text[],
      string_to_array(${texts.join(SEPARATOR)}, chr(1))) AS r(document_id, format, text)`;
}

/** Writes a batch of issued documents and everything that goes with them, in one statement. */
export async function insertIssuedRows(tx: Db, rows: IssuedRows): Promise<void> {
  const parts = [
    rows.documents.length > 0 ? documentsSql(rows.documents) : null,
    rows.lines.length > 0 ? linesSql(rows.lines) : null,
    rows.ledger.length > 0 ? ledgerTransactionsSql(rows.ledger) : null,
    ledgerEntriesSql(rows.ledger),
    rows.files.length > 0 ? filesSql(rows.files, rows.now) : null,
    rows.audit.length > 0 ? auditRowsSql(rows.audit) : null,
    rows.mails.length > 0 ? outboxRowsSql(rows.mails) : null,
  ].filter((p) => p !== null);
  if (parts.length === 0) return;
  const ctes = parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p})`);
  await sql`WITH ${sql.join(ctes)} SELECT 1`.execute(tx);
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
