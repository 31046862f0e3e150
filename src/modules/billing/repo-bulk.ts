import { sql } from "kysely";
import { copyAuditRows, type AuditRow } from "../../platform/audit.ts";
import { copyRows, type Db } from "../../platform/db/index.ts";
import { copyOutboxRows, type OutboxRow } from "../notifications/index.ts";
import {
  documentRowOf,
  ledgerEntryRowsOf,
  ledgerTransactionRowOf,
  lineRowOf,
  type DocumentInsert,
  type LedgerTransactionInsert,
  type LineInsert,
} from "./repo.ts";

/**
 * SQL of bulk issuing (use-cases/bulk-issue.ts): reads keyed by many ids at once, and writes of
 * many rows per statement. A table's new rows go in by `COPY … FROM STDIN` (platform/db's
 * copyRows, decision 50), which PostgreSQL reads with far less work than JSON, on PostgreSQL and
 * PGlite. The large texts (NAV XML) travel joined by U+0001, which XML 1.0 cannot contain, and
 * are split by PostgreSQL (they are bytea, which COPY would want hex-encoded). Balance moves
 * are one upsert whose rows travel as one JSON parameter (`json_to_recordset`; amounts as
 * strings).
 *
 * insertIssuedRows writes a batch of issued documents — documents, lines, ledger, files, audit,
 * mails — as a few statements queued one after the other on the transaction's connection, so the
 * caller can build the next batch meanwhile.
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

export type { LedgerTransactionInsert };

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

const DOCUMENT_COLUMNS = [
  "id",
  "kind",
  "series",
  "number",
  "customer_id",
  "status",
  "issue_date",
  "fulfilment_date",
  "due_date",
  "currency",
  "exchange_rate",
  "exchange_rate_date",
  "net_total",
  "vat_total",
  "gross_total",
  "vat_total_huf",
  "vat_breakdown",
  "buyer",
  "seller",
  "language",
  "corrects_id",
  "correction_type",
  "modification_index",
  "payment_method",
  "payment_reference",
  "cash_accounting",
  "note",
  "proforma_id",
  "paid_amount",
  "paid_at",
  "issued_by",
  "created_at",
] as const;

const LINE_COLUMNS = [
  "id",
  "document_id",
  "position",
  "service_id",
  "product_id",
  "description",
  "quantity",
  "unit",
  "unit_code",
  "unit_price",
  "discount",
  "vat_category",
  "vat_rate_bp",
  "vat_country",
  "vat_reason",
  "net_amount",
  "vat_amount",
  "gross_amount",
  "period_from",
  "period_to",
  "corrects_position",
] as const;

const ledgerTransactionRows = (txns: readonly LedgerTransactionInsert[]) =>
  copyRows(
    "ledger_transactions",
    [
      "id",
      "customer_id",
      "kind",
      "document_id",
      "payment_id",
      "memo",
      "at",
      "actor_type",
      "actor_id",
    ],
    txns.map(ledgerTransactionRowOf),
  );

const ledgerEntryRows = (txns: readonly LedgerTransactionInsert[]) =>
  copyRows(
    "ledger_entries",
    ["txn_id", "customer_id", "account", "currency", "amount"],
    txns.flatMap(ledgerEntryRowsOf),
  );

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

/**
 * Writes a batch of issued documents and everything that goes with them: a `COPY` per table, in
 * the order of their foreign keys (each is checked at its statement's end). The statements' text
 * is built at once, before waiting for `after` (the previous batch's writes), so that Node builds
 * it while PostgreSQL is still busy with those.
 */
export async function insertIssuedRows(
  tx: Db,
  rows: IssuedRows,
  after: Promise<unknown> = Promise.resolve(),
): Promise<void> {
  const statements = [
    rows.documents.length > 0
      ? copyRows("documents", DOCUMENT_COLUMNS, rows.documents.map(documentRowOf))
      : null,
    rows.lines.length > 0
      ? copyRows("document_lines", LINE_COLUMNS, rows.lines.map(lineRowOf))
      : null,
    rows.ledger.length > 0 ? ledgerTransactionRows(rows.ledger) : null,
    rows.ledger.some((t) => t.entries.length > 0) ? ledgerEntryRows(rows.ledger) : null,
    rows.files.length > 0 ? filesSql(rows.files, rows.now) : null,
    rows.audit.length > 0 ? copyAuditRows(rows.audit) : null,
    rows.mails.length > 0 ? copyOutboxRows(rows.mails) : null,
  ].filter((statement) => statement !== null);
  await after;
  for (const statement of statements) await statement.execute(tx);
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
