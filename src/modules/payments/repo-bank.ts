import { sql } from "kysely";
import { auditRowsSql, type AuditRow } from "../../platform/audit.ts";
import type { BankLineState, Db } from "../../platform/db/index.ts";
import { outboxRowsSql, type OutboxRow } from "../notifications/index.ts";

/**
 * SQL of bank statement import and the staff queue (use-cases/import-statement.ts and
 * bank-queue.ts). Set-based: many rows travel as ONE json parameter expanded by
 * `json_to_recordset` (the same statement shape whatever the number of rows, no parameter limit,
 * the same on PostgreSQL and PGlite), keyed reads take `= ANY($1)` arrays. Amounts travel as JSON
 * strings (bigint, exact), dates as `YYYY-MM-DD`, instants as ISO strings.
 */

const json = (rows: readonly unknown[]): string => JSON.stringify(rows);

// ---------------------------------------------------------------- imports

export async function insertImport(
  db: Db,
  i: {
    id: string;
    filename: string;
    format: string;
    sha256: string;
    statements: unknown[];
    warnings: string[];
    linesTotal: number;
    startedAt: Date;
    createdBy: string | null;
  },
): Promise<void> {
  await db
    .insertInto("bank_imports")
    .values({
      id: i.id,
      filename: i.filename,
      format: i.format,
      sha256: i.sha256,
      status: "importing",
      lines_total: i.linesTotal,
      warnings: sql`${json(i.warnings)}::jsonb`,
      statements: sql`${json(i.statements)}::jsonb`,
      started_at: i.startedAt,
      created_by: i.createdBy,
    })
    .execute();
}

export interface ImportCounts {
  linesNew: number;
  matched: number;
  credited: number;
  queued: number;
  ignored: number;
}

export async function finishImport(
  tx: Db,
  id: string,
  c: ImportCounts & { finishedAt: Date },
): Promise<void> {
  await tx
    .updateTable("bank_imports")
    .set({
      status: "complete",
      lines_new: c.linesNew,
      matched: c.matched,
      credited: c.credited,
      queued: c.queued,
      ignored: c.ignored,
      finished_at: c.finishedAt,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Earlier imports of the same file left `importing` (the process died) whose lines are all
 * decided now (by this import): complete, with the outcome of their own lines. Returns their ids.
 * An import whose row is locked is finishing itself right now: skipped, not waited for (two
 * imports of one file finishing at once would otherwise wait for each other).
 */
export async function completeInterruptedImports(
  tx: Db,
  sha256: string,
  exceptId: string,
  now: Date,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    UPDATE bank_imports AS i
    SET status = 'complete', finished_at = ${now},
        matched = s.matched, credited = s.credited, queued = s.queued, ignored = s.ignored
    FROM (
      SELECT i2.id,
        count(l.id) FILTER (WHERE l.state IN ('matched', 'assigned'))::int AS matched,
        count(l.id) FILTER (WHERE l.state = 'credit')::int AS credited,
        count(l.id) FILTER (WHERE l.state = 'queued')::int AS queued,
        count(l.id) FILTER (WHERE l.state IN ('ignored', 'dismissed'))::int AS ignored,
        count(l.id) FILTER (WHERE l.state = 'new')::int AS pending
      FROM (
        SELECT id FROM bank_imports
        WHERE sha256 = ${sha256} AND status = 'importing' AND id <> ${exceptId}
        FOR UPDATE SKIP LOCKED
      ) AS i2 LEFT JOIN bank_lines l ON l.import_id = i2.id
      GROUP BY i2.id
    ) AS s
    WHERE i.id = s.id AND s.pending = 0
    RETURNING i.id`.execute(tx);
  return r.rows.map((x) => x.id);
}

/** Whether a file with this SHA-256 was imported completely before. */
export async function importedBefore(db: Db, sha256: string): Promise<boolean> {
  const row = await db
    .selectFrom("bank_imports")
    .select("id")
    .where("sha256", "=", sha256)
    .where("status", "=", "complete")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findImport(db: Db, id: string) {
  return db.selectFrom("bank_imports").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listImports(
  db: Db,
  f: { after?: { startedAt: string; id: string } | undefined; limit: number },
) {
  let q = db.selectFrom("bank_imports").selectAll();
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([
        eb("started_at", "<", new Date(a.startedAt)),
        eb.and([eb("started_at", "=", new Date(a.startedAt)), eb("id", "<", a.id)]),
      ]),
    );
  }
  return q.orderBy("started_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}

// ---------------------------------------------------------------- lines

export interface LineInsert {
  id: string;
  import_id: string;
  account: string;
  entry_key: string;
  booking_date: string;
  value_date: string | null;
  direction: "credit" | "debit";
  currency: string;
  /** Minor units as a decimal string. */
  amount: string;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  counterparty_account: string | null;
  remittance: string;
  structured_reference: string | null;
  bank_reference: string | null;
  reversal: boolean;
  booked: boolean;
}

/** Inserts lines not known yet (per account and entry key); returns how many were new. */
export async function insertLines(db: Db, rows: readonly LineInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`
    INSERT INTO bank_lines (id, import_id, account, entry_key, booking_date, value_date,
      direction, currency, amount, counterparty_name, counterparty_iban, counterparty_account,
      remittance, structured_reference, bank_reference, reversal, booked, state)
    SELECT id, import_id, account, entry_key, booking_date, value_date, direction, currency,
      amount, counterparty_name, counterparty_iban, counterparty_account, remittance,
      structured_reference, bank_reference, reversal, booked, 'new'
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, import_id text, account text,
      entry_key text, booking_date date, value_date date, direction text, currency text,
      amount bigint, counterparty_name text, counterparty_iban text, counterparty_account text,
      remittance text, structured_reference text, bank_reference text, reversal boolean,
      booked boolean)
    ON CONFLICT (account, entry_key) DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/** Lines of these accounts not decided yet, in booking order. */
export async function undecidedLines(db: Db, accounts: readonly string[]) {
  if (accounts.length === 0) return [];
  return db
    .selectFrom("bank_lines")
    .selectAll()
    .where("state", "=", "new")
    .where(sql<boolean>`account = ANY(${[...accounts]}::text[])`)
    .orderBy("booking_date")
    .orderBy("id")
    .execute();
}

/**
 * Locks the lines that are still undecided (in id order, so that concurrent imports of the same
 * lines wait for each other instead of deadlocking) and returns their ids: a line decided
 * meanwhile by another import is not returned and must be left alone.
 */
export async function lockUndecidedLines(tx: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await sql<{ id: string }>`
    SELECT id FROM bank_lines WHERE id = ANY(${[...ids]}::text[]) AND state = 'new'
    ORDER BY id FOR UPDATE`.execute(tx);
  return new Set(r.rows.map((x) => x.id));
}

export interface LineDecision {
  id: string;
  state: BankLineState;
  reason: string | null;
  candidates: unknown[];
  flags: unknown[];
  payment_id: string | null;
}

/** Records decisions of locked, undecided lines; returns how many were updated. */
export async function markLinesDecided(
  tx: Db,
  rows: readonly LineDecision[],
  decidedAt: Date,
  decidedBy: string | null,
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`
    UPDATE bank_lines AS l
    SET state = r.state, reason = r.reason, candidates = r.candidates, flags = r.flags,
        payment_id = r.payment_id, decided_at = ${decidedAt}, decided_by = ${decidedBy}
    FROM json_to_recordset(${json(rows)}::json) AS r(id text, state text, reason text,
      candidates jsonb, flags jsonb, payment_id text)
    WHERE l.id = r.id AND l.state = 'new'`.execute(tx);
  return Number(r.numAffectedRows ?? 0n);
}

function linesWithPayment(db: Db) {
  return db
    .selectFrom("bank_lines as l")
    .leftJoin("payments as p", "p.id", "l.payment_id")
    .selectAll("l")
    .select("p.customer_id as payment_customer_id");
}

export type BankLineView = Awaited<ReturnType<typeof findLine>> & object;

export async function findLine(db: Db, id: string) {
  return linesWithPayment(db).where("l.id", "=", id).executeTakeFirst();
}

export async function linesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return linesWithPayment(db)
    .where(sql<boolean>`l.id = ANY(${[...ids]}::text[])`)
    .orderBy("l.id")
    .execute();
}

/** The lines of an import, in file order (ids are made in order), optionally in one state. */
export async function listImportLines(
  db: Db,
  f: {
    importId: string;
    state?: BankLineState | undefined;
    afterId?: string | undefined;
    limit: number;
  },
) {
  let q = linesWithPayment(db).where("l.import_id", "=", f.importId);
  if (f.state) q = q.where("l.state", "=", f.state);
  if (f.afterId) q = q.where("l.id", ">", f.afterId);
  return q.orderBy("l.id").limit(f.limit).execute();
}

/** The staff queue: lines waiting for a decision, oldest booking first. */
export async function listQueuedLines(
  db: Db,
  f: { after?: { bookingDate: string; id: string } | undefined; limit: number },
) {
  let q = linesWithPayment(db).where("l.state", "=", "queued");
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([
        eb("l.booking_date", ">", a.bookingDate),
        eb.and([eb("l.booking_date", "=", a.bookingDate), eb("l.id", ">", a.id)]),
      ]),
    );
  }
  return q.orderBy("l.booking_date").orderBy("l.id").limit(f.limit).execute();
}

export async function lockLine(tx: Db, id: string) {
  return tx
    .selectFrom("bank_lines")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function decideQueuedLine(
  tx: Db,
  id: string,
  d: {
    state: "assigned" | "dismissed";
    reason: string | null;
    paymentId: string | null;
    at: Date;
    by: string | null;
  },
): Promise<boolean> {
  const r = await tx
    .updateTable("bank_lines")
    .set({
      state: d.state,
      ...(d.reason !== null ? { reason: d.reason } : {}),
      payment_id: d.paymentId,
      decided_at: d.at,
      decided_by: d.by,
    })
    .where("id", "=", id)
    .where("state", "=", "queued")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Documents by id, whoever's (a staff assignment names them; the first one's customer pays). */
export async function documentsForAssignment(tx: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, never>();
  const rows = await tx
    .selectFrom("documents")
    .select(["id", "kind", "number", "currency", "status", "customer_id"])
    .where(sql<boolean>`id = ANY(${[...ids]}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

// ---------------------------------------------------------------- what lines can match

/** A proforma or invoice as the matcher needs it. */
export interface PayableRow {
  id: string;
  kind: "proforma" | "invoice" | "credit_note";
  customer_id: string;
  number: string;
  payment_reference: string | null;
  currency: string;
  gross_total: bigint;
  paid_amount: bigint;
  status: "open" | "paid" | "cancelled";
  superseded_by_id: string | null;
}

const PAYABLE_COLUMNS = sql.raw(
  "d.id, d.kind, d.customer_id, d.number, d.payment_reference, d.currency, d.gross_total, d.paid_amount, d.status, d.superseded_by_id",
);

/** Proformas and invoices (any status) with these RF references. */
export async function payablesByReferences(
  db: Db,
  references: readonly string[],
): Promise<PayableRow[]> {
  if (references.length === 0) return [];
  const r = await sql<PayableRow>`
    SELECT ${PAYABLE_COLUMNS} FROM documents d
    WHERE d.payment_reference = ANY(${[...references]}::text[])
      AND d.kind IN ('proforma', 'invoice')`.execute(db);
  return r.rows;
}

export async function payablesByIds(db: Db, ids: readonly string[]): Promise<PayableRow[]> {
  if (ids.length === 0) return [];
  const r = await sql<PayableRow>`
    SELECT ${PAYABLE_COLUMNS} FROM documents d
    WHERE d.id = ANY(${[...ids]}::text[]) AND d.kind IN ('proforma', 'invoice')`.execute(db);
  return r.rows;
}

/**
 * Every document series in use, with one proforma or invoice of each (the matcher tells a
 * number of a known series from noise by them). A skip scan over the (series, number) index:
 * one probe per series, however many documents there are.
 */
export async function seriesInUse(db: Db): Promise<{ series: string[]; samples: PayableRow[] }> {
  const r = await sql<{ series: string }>`
    WITH RECURSIVE s AS (
      (SELECT series FROM documents ORDER BY series LIMIT 1)
      UNION ALL
      SELECT (SELECT d.series FROM documents d WHERE d.series > s.series ORDER BY d.series LIMIT 1)
      FROM s WHERE s.series IS NOT NULL
    )
    SELECT series FROM s WHERE series IS NOT NULL`.execute(db);
  const series = r.rows.map((x) => x.series);
  if (series.length === 0) return { series, samples: [] };
  const samples = await sql<PayableRow>`
    SELECT x.* FROM unnest(${series}::text[]) AS s(series)
    CROSS JOIN LATERAL (
      SELECT ${PAYABLE_COLUMNS} FROM documents d
      WHERE d.series = s.series AND d.payment_reference IS NOT NULL
      ORDER BY d.number LIMIT 1
    ) AS x`.execute(db);
  return { series, samples: samples.rows };
}

/** Open proformas and invoices of these customers. */
export async function openPayablesOfCustomers(
  db: Db,
  customerIds: readonly string[],
): Promise<PayableRow[]> {
  if (customerIds.length === 0) return [];
  const r = await sql<PayableRow>`
    SELECT ${PAYABLE_COLUMNS} FROM documents d
    WHERE d.customer_id = ANY(${[...customerIds]}::text[]) AND d.status = 'open'
      AND d.kind IN ('proforma', 'invoice')`.execute(db);
  return r.rows;
}

/**
 * Up to `perAmount` open proformas and invoices for each (currency, open amount). One join: with
 * an index on (currency, gross_total - paid_amount) of open documents it is index lookups (the
 * currencies are bpchar like the column, so that the index applies); without one, one scan.
 */
export async function openPayablesByAmounts(
  db: Db,
  wanted: readonly { currency: string; amount: bigint }[],
  perAmount: number,
): Promise<PayableRow[]> {
  if (wanted.length === 0) return [];
  const r = await sql<PayableRow & { rn: number }>`
    SELECT * FROM (
      SELECT ${PAYABLE_COLUMNS},
        row_number() OVER (PARTITION BY d.currency, d.gross_total - d.paid_amount ORDER BY d.id) AS rn
      FROM documents d
      JOIN unnest(${wanted.map((w) => w.currency)}::bpchar[], ${wanted.map((w) => w.amount.toString())}::bigint[])
        AS w(currency, amount)
        ON d.currency = w.currency AND d.gross_total - d.paid_amount = w.amount
      WHERE d.status = 'open' AND d.kind IN ('proforma', 'invoice')
    ) x WHERE rn <= ${perAmount}`.execute(db);
  return r.rows;
}

/** What is known of customers as payers: their names, and the accounts and names seen paying. */
export async function payerIdentities(db: Db) {
  const [customers, payers] = await Promise.all([
    db.selectFrom("customers").select(["id", "name", "legal_name"]).execute(),
    db.selectFrom("payer_accounts").select(["customer_id", "account", "name"]).execute(),
  ]);
  return { customers, payers };
}

// ---------------------------------------------------------------- applying payments in bulk

/** Locks proformas and invoices in id order; their settlement as it is now. */
export async function lockPayables(
  tx: Db,
  ids: readonly string[],
): Promise<Map<string, PayableRow>> {
  if (ids.length === 0) return new Map();
  const r = await sql<PayableRow>`
    SELECT ${PAYABLE_COLUMNS} FROM documents d WHERE d.id = ANY(${[...ids]}::text[])
    ORDER BY d.id FOR UPDATE`.execute(tx);
  return new Map(r.rows.map((d) => [d.id, d]));
}

/** The language of customers (the receipt e-mail's; its recipients come from notifications). */
export async function mailTargets(db: Db, customerIds: readonly string[]) {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom("customers")
    .select(["id", "language"])
    .where(sql<boolean>`id = ANY(${[...customerIds]}::text[])`)
    .execute();
}

export interface BulkPaymentRows {
  payments: {
    id: string;
    customer_id: string;
    external_id: string;
    currency: string;
    amount: string;
    received_on: string;
    payer: string | null;
    reference: string | null;
    flag: string | null;
  }[];
  /** One ledger transaction per allocation: cash debited, receivable credited by `amount`. */
  transactions: {
    id: string;
    customer_id: string;
    document_id: string;
    payment_id: string;
    memo: string;
    currency: string;
    amount: string;
  }[];
  allocations: {
    id: string;
    document_id: string;
    payment_id: string;
    amount: string;
    ledger_txn_id: string;
  }[];
  /** The documents' settlement after the chunk. */
  documents: { id: string; paid_amount: string; status: "open" | "paid"; paid_at: string | null }[];
  /** Receivable moved per customer and currency (negative). */
  balances: { customer_id: string; currency: string; receivable: string }[];
  payers: { customer_id: string; account: string; name: string | null }[];
  audit: AuditRow[];
  mails: OutboxRow[];
}

/**
 * Writes payments of invoices in ONE statement (data-modifying CTEs; the foreign keys are
 * checked at its end): the payments, their ledger transactions and entries, allocations, the
 * documents' settlement, the stored balances, the payers seen, audit rows and receipt mails —
 * the rows receivePayment writes for each, for a chunk at once.
 */
export async function writeBulkPayments(
  tx: Db,
  rows: BulkPaymentRows,
  c: { now: Date; actorType: string; actorId: string | null },
): Promise<void> {
  if (rows.payments.length === 0) return;
  const now = c.now.toISOString();
  const audit = rows.audit.length > 0 ? auditRowsSql(rows.audit) : sql`SELECT 1`;
  const mails = rows.mails.length > 0 ? outboxRowsSql(rows.mails) : sql`SELECT 1`;
  const txns = json(rows.transactions);
  await sql`
    WITH p AS (
      INSERT INTO payments (id, customer_id, method, source, gateway, external_id, currency,
        amount, received_on, payer, reference, note, flag, created_at, created_by)
      SELECT id, customer_id, 'transfer', 'bank', NULL, external_id, currency, amount,
        received_on, payer, reference, NULL, flag, ${now}::timestamptz, ${c.actorId}
      FROM json_to_recordset(${json(rows.payments)}::json) AS r(id text, customer_id text,
        external_id text, currency text, amount bigint, received_on date, payer text,
        reference text, flag text)
    ), t AS (
      INSERT INTO ledger_transactions (id, customer_id, kind, document_id, payment_id, memo, at,
        actor_type, actor_id)
      SELECT id, customer_id, 'payment', document_id, payment_id, memo, ${now}::timestamptz,
        ${c.actorType}, ${c.actorId}
      FROM json_to_recordset(${txns}::json) AS r(id text, customer_id text, document_id text,
        payment_id text, memo text)
    ), e AS (
      INSERT INTO ledger_entries (txn_id, customer_id, account, currency, amount)
      SELECT r.id, r.customer_id, x.account, r.currency, x.sign * r.amount
      FROM json_to_recordset(${txns}::json) AS r(id text, customer_id text, currency text,
        amount bigint)
      CROSS JOIN (VALUES (1, 'cash', 1), (2, 'receivable', -1)) AS x(n, account, sign)
    ), a AS (
      INSERT INTO allocations (id, document_id, source_type, source_id, amount, created_at,
        ledger_txn_id)
      SELECT id, document_id, 'payment', payment_id, amount, ${now}::timestamptz, ledger_txn_id
      FROM json_to_recordset(${json(rows.allocations)}::json) AS r(id text, document_id text,
        payment_id text, amount bigint, ledger_txn_id text)
    ), d AS (
      UPDATE documents SET paid_amount = r.paid_amount, status = r.status, paid_at = r.paid_at
      FROM json_to_recordset(${json(rows.documents)}::json) AS r(id text, paid_amount bigint,
        status text, paid_at timestamptz)
      WHERE documents.id = r.id
    ), b AS (
      INSERT INTO customer_balances (customer_id, currency, receivable, credit, updated_at)
      SELECT customer_id, currency, receivable, 0, ${now}::timestamptz
      FROM json_to_recordset(${json(rows.balances)}::json) AS r(customer_id text,
        currency text, receivable bigint)
      ON CONFLICT (customer_id, currency) DO UPDATE
        SET receivable = customer_balances.receivable + excluded.receivable,
            updated_at = excluded.updated_at
    ), pa AS (
      INSERT INTO payer_accounts (customer_id, account, name, last_seen_at)
      SELECT customer_id, account, name, ${now}::timestamptz
      FROM json_to_recordset(${json(rows.payers)}::json) AS r(customer_id text, account text,
        name text)
      ON CONFLICT (customer_id, account) DO UPDATE
        SET name = excluded.name, last_seen_at = excluded.last_seen_at
    ), au AS (${audit}), m AS (${mails})
    SELECT 1`.execute(tx);
}
