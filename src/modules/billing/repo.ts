import { sql } from "kysely";
import type {
  AllocationSource,
  Db,
  DocumentKind,
  DocumentStatus,
  LedgerAccount,
  LedgerTransactionKind,
} from "../../platform/db/index.ts";
import type { Party } from "./domain/document.ts";
import { storedQuantity } from "./domain/quantity.ts";

// ---------------------------------------------------------------- settings

// ---------------------------------------------------------------- numbering

/** Next number of a series in a year. The upsert locks the counter row until commit: gapless. */
export async function nextDocumentSequence(tx: Db, series: string, year: number): Promise<number> {
  const row = await tx
    .insertInto("document_counters")
    .values({ series, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(["series", "year"])
        .doUpdateSet((eb) => ({ last_number: eb("document_counters.last_number", "+", 1) })),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/** Reserves `count` consecutive numbers at once (bulk issuing); returns the first. */
export async function reserveDocumentSequences(
  tx: Db,
  series: string,
  year: number,
  count: number,
): Promise<number> {
  const row = await tx
    .insertInto("document_counters")
    .values({ series, year, last_number: count })
    .onConflict((oc) =>
      oc
        .columns(["series", "year"])
        .doUpdateSet((eb) => ({ last_number: eb("document_counters.last_number", "+", count) })),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number - count + 1;
}

// ---------------------------------------------------------------- buyers

export async function findCustomerForBilling(db: Db, customerId: string) {
  return db.selectFrom("customers").selectAll().where("id", "=", customerId).executeTakeFirst();
}

export type BillingCustomerRow = NonNullable<Awaited<ReturnType<typeof findCustomerForBilling>>>;

export function buyerParty(c: BillingCustomerRow): Party {
  return {
    name: c.legal_name,
    country: c.country,
    postalCode: c.postal_code,
    city: c.city,
    addressLine: c.address_line,
    taxNumber: c.tax_number,
    euVatNumber: c.eu_vat_number,
    kind: c.kind,
    eInvoiceAddress:
      c.einvoice_scheme && c.einvoice_id
        ? { scheme: c.einvoice_scheme, id: c.einvoice_id, operatorId: c.einvoice_operator }
        : null,
  };
}

// ---------------------------------------------------------------- VAT

export interface VatRateRow {
  id: string;
  country: string;
  rate_bp: number;
  valid_from: string;
  valid_to: string | null;
  note: string;
}

export async function listVatRates(db: Db, country?: string): Promise<VatRateRow[]> {
  let q = db
    .selectFrom("vat_rates")
    .select(["id", "country", "rate_bp", "valid_from", "valid_to", "note"])
    .orderBy("country")
    .orderBy("valid_from");
  if (country) q = q.where("country", "=", country);
  return q.execute();
}

export async function ratesForCountries(db: Db, countries: string[]): Promise<VatRateRow[]> {
  if (countries.length === 0) return [];
  return db
    .selectFrom("vat_rates")
    .select(["id", "country", "rate_bp", "valid_from", "valid_to", "note"])
    .where("country", "in", countries)
    .execute();
}

/** Serialises changes to one country's rates (no overlapping periods). */
export async function lockVatCountry(tx: Db, country: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`vat:${country}`}))`.execute(tx);
}

export async function insertVatRate(
  tx: Db,
  r: {
    id: string;
    country: string;
    rateBp: number;
    validFrom: string;
    note: string;
    by: string | null;
    now: Date;
  },
) {
  await tx
    .insertInto("vat_rates")
    .values({
      id: r.id,
      country: r.country,
      rate_bp: r.rateBp,
      valid_from: r.validFrom,
      valid_to: null,
      note: r.note,
      created_at: r.now,
      created_by: r.by,
    })
    .execute();
}

export async function closeVatRate(tx: Db, id: string, validTo: string) {
  await tx.updateTable("vat_rates").set({ valid_to: validTo }).where("id", "=", id).execute();
}

export async function latestVatCheck(db: Db, vatNumber: string) {
  return db
    .selectFrom("vat_number_checks")
    .selectAll()
    .where("vat_number", "=", vatNumber)
    .orderBy("checked_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertVatCheck(
  tx: Db,
  c: {
    id: string;
    customerId: string | null;
    vatNumber: string;
    source: "offline" | "vies";
    result: "valid" | "invalid" | "unavailable";
    name: string | null;
    address: string | null;
    requestIdentifier: string | null;
    detail: string | null;
    checkedAt: Date;
  },
) {
  await tx
    .insertInto("vat_number_checks")
    .values({
      id: c.id,
      customer_id: c.customerId,
      vat_number: c.vatNumber,
      source: c.source,
      result: c.result,
      name: c.name,
      address: c.address,
      request_identifier: c.requestIdentifier,
      detail: c.detail,
      checked_at: c.checkedAt,
    })
    .execute();
}

export async function listVatChecksOfCustomer(db: Db, customerId: string) {
  return db
    .selectFrom("vat_number_checks")
    .selectAll()
    .where("customer_id", "=", customerId)
    .orderBy("checked_at", "desc")
    .limit(20)
    .execute();
}

// ---------------------------------------------------------------- exchange rates

export async function exchangeRateOn(db: Db, currency: string, date: string) {
  return db
    .selectFrom("exchange_rates")
    .select(["rate", "rate_date"])
    .where("currency", "=", currency)
    .where("rate_date", "<=", date)
    .orderBy("rate_date", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function upsertExchangeRate(
  tx: Db,
  r: { currency: string; date: string; rate: string; source: string; now: Date },
) {
  await tx
    .insertInto("exchange_rates")
    .values({
      currency: r.currency,
      rate_date: r.date,
      rate: r.rate,
      source: r.source,
      created_at: r.now,
    })
    .onConflict((oc) =>
      oc.columns(["currency", "rate_date"]).doUpdateSet({ rate: r.rate, source: r.source }),
    )
    .execute();
}

export async function listExchangeRates(db: Db, limit = 60) {
  return db
    .selectFrom("exchange_rates")
    .select(["currency", "rate_date", "rate", "source"])
    .orderBy("rate_date", "desc")
    .orderBy("currency")
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- documents

export interface DocumentInsert {
  id: string;
  kind: DocumentKind;
  series: string;
  number: string;
  customerId: string;
  status: DocumentStatus;
  issueDate: string;
  fulfilmentDate: string | null;
  dueDate: string | null;
  currency: string;
  exchangeRate: string | null;
  exchangeRateDate: string | null;
  net: bigint;
  vat: bigint;
  gross: bigint;
  vatHuf: bigint;
  vatBreakdown: Record<string, unknown>[];
  buyer: Party;
  seller: Party;
  language: string;
  correctsId: string | null;
  correctionType: "storno" | "modification" | null;
  modificationIndex: number | null;
  paymentMethod: "transfer" | "card" | "cash" | "other";
  paymentReference: string | null;
  cashAccounting: boolean;
  note: string | null;
  proformaId: string | null;
  paidAmount: bigint;
  paidAt: Date | null;
  issuedBy: string | null;
  now: Date;
}

/**
 * A document as its row reads back from the database (snake_case, lifecycle columns empty). The
 * one mapping of DocumentInsert to columns: inserts, bulk inserts and in-memory views use it.
 */
export function documentRowOf(d: DocumentInsert): DocumentFullRow {
  return {
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
    net_total: d.net,
    vat_total: d.vat,
    gross_total: d.gross,
    vat_total_huf: d.vatHuf,
    vat_breakdown: d.vatBreakdown,
    buyer: d.buyer as unknown as Record<string, unknown>,
    seller: d.seller as unknown as Record<string, unknown>,
    language: d.language,
    corrects_id: d.correctsId,
    correction_type: d.correctionType,
    modification_index: d.modificationIndex,
    payment_method: d.paymentMethod,
    payment_reference: d.paymentReference,
    cash_accounting: d.cashAccounting,
    note: d.note,
    proforma_id: d.proformaId,
    paid_amount: d.paidAmount,
    paid_at: d.paidAt,
    cancelled_at: null,
    cancel_reason: null,
    superseded_by_id: null,
    final_invoice_id: null,
    issued_by: d.issuedBy,
    created_at: d.now,
  };
}

/** A line as its row reads back from the database (quantity padded to 4 decimals). */
export function lineRowOf(l: LineInsert): DocumentLineRow {
  return {
    id: l.id,
    document_id: l.documentId,
    position: l.position,
    service_id: l.serviceId,
    product_id: l.productId,
    description: l.description,
    quantity: storedQuantity(l.quantity),
    unit: l.unit,
    unit_code: l.unitCode,
    unit_price: l.unitPrice,
    discount: l.discount,
    vat_category: l.vatCategory,
    vat_rate_bp: l.vatRateBp,
    vat_country: l.vatCountry,
    vat_reason: l.vatReason,
    net_amount: l.net,
    vat_amount: l.vat,
    gross_amount: l.gross,
    period_from: l.periodFrom,
    period_to: l.periodTo,
    corrects_position: l.correctsPosition,
  };
}

function documentValues(d: DocumentInsert) {
  const row = documentRowOf(d);
  return {
    ...row,
    vat_breakdown: JSON.stringify(row.vat_breakdown),
    buyer: JSON.stringify(row.buyer),
    seller: JSON.stringify(row.seller),
  };
}

export async function insertDocument(tx: Db, d: DocumentInsert): Promise<void> {
  await tx.insertInto("documents").values(documentValues(d)).execute();
}

export async function insertDocuments(tx: Db, docs: DocumentInsert[]): Promise<void> {
  if (docs.length === 0) return;
  await tx.insertInto("documents").values(docs.map(documentValues)).execute();
}

export interface LineInsert {
  id: string;
  documentId: string;
  position: number;
  serviceId: string | null;
  productId: string | null;
  description: string;
  quantity: string;
  unit: string;
  unitCode: "piece" | "hour" | "day" | "month" | "year";
  unitPrice: bigint;
  discount: bigint;
  vatCategory: string;
  vatRateBp: number;
  vatCountry: string;
  vatReason: string;
  net: bigint;
  vat: bigint;
  gross: bigint;
  periodFrom: string | null;
  periodTo: string | null;
  correctsPosition: number | null;
}

export async function insertDocumentLines(tx: Db, lines: LineInsert[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.insertInto("document_lines").values(lines.map(lineRowOf)).execute();
}

export async function findDocument(db: Db, id: string) {
  return db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
}

export type DocumentFullRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

/** Locks the document row for the rest of the transaction (settlement, corrections). */
export async function lockDocument(tx: Db, id: string) {
  return tx.selectFrom("documents").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function findDocumentByNumber(db: Db, number: string) {
  return db.selectFrom("documents").selectAll().where("number", "=", number).executeTakeFirst();
}

export async function findDocumentOfCustomer(db: Db, customerId: string, id: string) {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("customer_id", "=", customerId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listDocumentLines(db: Db, documentId: string) {
  return db
    .selectFrom("document_lines")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("position")
    .execute();
}

export type DocumentLineRow = Awaited<ReturnType<typeof listDocumentLines>>[number];

export interface DocumentFilter {
  customerId?: string | undefined;
  kind?: DocumentKind | undefined;
  status?: DocumentStatus | undefined;
  /** Open and past due on this date. */
  overdueOn?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  after?: { issueDate: string; id: string } | undefined;
  limit: number;
}

const listColumns = [
  "documents.id",
  "documents.kind",
  "documents.number",
  "documents.status",
  "documents.issue_date",
  "documents.due_date",
  "documents.fulfilment_date",
  "documents.currency",
  "documents.net_total",
  "documents.vat_total",
  "documents.gross_total",
  "documents.paid_amount",
  "documents.customer_id",
  "documents.correction_type",
  "documents.corrects_id",
  "documents.payment_reference",
  "documents.final_invoice_id",
  "documents.superseded_by_id",
] as const;

/** Documents newest first, keyset-paged on (issue_date, id). */
export async function listDocuments(db: Db, f: DocumentFilter) {
  let q = db
    .selectFrom("documents")
    .innerJoin("customers", "customers.id", "documents.customer_id")
    .select([...listColumns, "customers.name as customer_name", "customers.code as customer_code"]);
  if (f.customerId) q = q.where("documents.customer_id", "=", f.customerId);
  if (f.kind) q = q.where("documents.kind", "=", f.kind);
  if (f.status) q = q.where("documents.status", "=", f.status);
  if (f.overdueOn)
    q = q.where("documents.status", "=", "open").where("documents.due_date", "<", f.overdueOn);
  if (f.from) q = q.where("documents.issue_date", ">=", f.from);
  if (f.to) q = q.where("documents.issue_date", "<=", f.to);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["documents.number"]), "like", like),
        eb(eb.fn("lower", ["customers.name"]), "like", like),
        eb("customers.code", "=", f.q!.toUpperCase()),
      ]),
    );
  }
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([
        eb("documents.issue_date", "<", a.issueDate),
        eb.and([eb("documents.issue_date", "=", a.issueDate), eb("documents.id", "<", a.id)]),
      ]),
    );
  }
  return q
    .orderBy("documents.issue_date", "desc")
    .orderBy("documents.id", "desc")
    .limit(f.limit)
    .execute();
}

export type DocumentListRow = Awaited<ReturnType<typeof listDocuments>>[number];

export async function listCorrectionsOf(db: Db, originalId: string) {
  return db
    .selectFrom("documents")
    .select(["id", "number", "kind", "gross_total", "issue_date", "correction_type"])
    .where("corrects_id", "=", originalId)
    .orderBy("created_at")
    .execute();
}

/** Sum per original line position of the quantities already corrected (negative). */
export async function correctedQuantities(db: Db, originalId: string) {
  return db
    .selectFrom("document_lines")
    .innerJoin("documents", "documents.id", "document_lines.document_id")
    .select([
      "document_lines.corrects_position as position",
      sql<string>`sum(document_lines.quantity)`.as("quantity"),
      sql<string>`sum(document_lines.net_amount)`.as("net"),
    ])
    .where("documents.corrects_id", "=", originalId)
    .groupBy("document_lines.corrects_position")
    .execute();
}

/**
 * Lines the invoice chain of `originalId` has before correction number `modificationIndex`:
 * the original's lines plus those of every earlier correction (NAV numbers on from there).
 */
export async function chainLineCountBefore(db: Db, originalId: string, modificationIndex: number) {
  const row = await db
    .selectFrom("document_lines")
    .innerJoin("documents", "documents.id", "document_lines.document_id")
    .select(sql<string>`count(*)`.as("n"))
    .where((eb) =>
      eb.or([
        eb("documents.id", "=", originalId),
        eb.and([
          eb("documents.corrects_id", "=", originalId),
          eb("documents.modification_index", "<", modificationIndex),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateDocumentSettlement(
  tx: Db,
  id: string,
  s: { paidAmount: bigint; status: DocumentStatus; paidAt: Date | null },
) {
  await tx
    .updateTable("documents")
    .set({ paid_amount: s.paidAmount, status: s.status, paid_at: s.paidAt })
    .where("id", "=", id)
    .execute();
}

export async function markDocumentCancelled(
  tx: Db,
  id: string,
  c: { at: Date; reason: string; supersededBy: string | null },
) {
  await tx
    .updateTable("documents")
    .set({
      status: "cancelled",
      cancelled_at: c.at,
      cancel_reason: c.reason,
      superseded_by_id: c.supersededBy,
    })
    .where("id", "=", id)
    .execute();
}

export async function linkFinalInvoice(tx: Db, proformaId: string, invoiceId: string, at: Date) {
  await tx
    .updateTable("documents")
    .set({ final_invoice_id: invoiceId, status: "paid", paid_at: at })
    .where("id", "=", proformaId)
    .execute();
}

/** Open invoices of a customer in a currency, oldest due first (for applying credit). */
export async function openInvoicesOf(tx: Db, customerId: string, currency: string) {
  return tx
    .selectFrom("documents")
    .select(["id", "gross_total", "paid_amount", "due_date"])
    .where("customer_id", "=", customerId)
    .where("currency", "=", currency)
    .where("kind", "=", "invoice")
    .where("status", "=", "open")
    .orderBy("due_date")
    .orderBy("id")
    .forUpdate()
    .execute();
}

// ---------------------------------------------------------------- allocations and ledger

export async function insertAllocation(
  tx: Db,
  a: {
    id: string;
    documentId: string;
    sourceType: AllocationSource;
    sourceId: string | null;
    amount: bigint;
    ledgerTxnId: string;
    now: Date;
  },
) {
  await tx
    .insertInto("allocations")
    .values({
      id: a.id,
      document_id: a.documentId,
      source_type: a.sourceType,
      source_id: a.sourceId,
      amount: a.amount,
      ledger_txn_id: a.ledgerTxnId,
      created_at: a.now,
    })
    .execute();
}

export async function listAllocationsOf(db: Db, documentId: string) {
  return db
    .selectFrom("allocations")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("created_at")
    .execute();
}

/** A ledger transaction with its entries, as it is written (one at a time or in bulk). */
export interface LedgerTransactionInsert {
  id: string;
  customerId: string;
  kind: LedgerTransactionKind;
  documentId: string | null;
  paymentId: string | null;
  memo: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  currency: string;
  entries: readonly { account: LedgerAccount; amount: bigint }[];
}

export const ledgerTransactionRowOf = (t: LedgerTransactionInsert) => ({
  id: t.id,
  customer_id: t.customerId,
  kind: t.kind,
  document_id: t.documentId,
  payment_id: t.paymentId,
  memo: t.memo,
  at: t.at,
  actor_type: t.actorType,
  actor_id: t.actorId,
});

export const ledgerEntryRowsOf = (t: LedgerTransactionInsert) =>
  t.entries.map((e) => ({
    txn_id: t.id,
    customer_id: t.customerId,
    account: e.account,
    currency: t.currency,
    amount: e.amount,
  }));

export async function insertLedgerTransaction(tx: Db, t: LedgerTransactionInsert) {
  await tx.insertInto("ledger_transactions").values(ledgerTransactionRowOf(t)).execute();
  if (t.entries.length > 0)
    await tx.insertInto("ledger_entries").values(ledgerEntryRowsOf(t)).execute();
}

export async function addToBalance(
  tx: Db,
  b: { customerId: string; currency: string; receivable: bigint; credit: bigint; now: Date },
) {
  await tx
    .insertInto("customer_balances")
    .values({
      customer_id: b.customerId,
      currency: b.currency,
      receivable: b.receivable,
      credit: b.credit,
      updated_at: b.now,
    })
    .onConflict((oc) =>
      oc.columns(["customer_id", "currency"]).doUpdateSet((eb) => ({
        receivable: eb("customer_balances.receivable", "+", b.receivable),
        credit: eb("customer_balances.credit", "+", b.credit),
        updated_at: b.now,
      })),
    )
    .execute();
}

/** The balance row, locked: serialises everything that moves this customer's money. */
export async function lockBalance(tx: Db, customerId: string, currency: string, now: Date) {
  await tx
    .insertInto("customer_balances")
    .values({ customer_id: customerId, currency, receivable: 0n, credit: 0n, updated_at: now })
    .onConflict((oc) => oc.columns(["customer_id", "currency"]).doNothing())
    .execute();
  return tx
    .selectFrom("customer_balances")
    .select(["receivable", "credit"])
    .where("customer_id", "=", customerId)
    .where("currency", "=", currency)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function balancesOf(db: Db, customerId: string) {
  return db
    .selectFrom("customer_balances")
    .select(["currency", "receivable", "credit"])
    .where("customer_id", "=", customerId)
    .orderBy("currency")
    .execute();
}

/** The customer's ledger: transactions with their receivable and credit movement. */
export async function ledgerOf(
  db: Db,
  customerId: string,
  range: { currency?: string | undefined; from?: Date | undefined; before?: Date | undefined },
) {
  let q = db
    .selectFrom("ledger_transactions as t")
    .innerJoin("ledger_entries as e", "e.txn_id", "t.id")
    .leftJoin("documents as d", "d.id", "t.document_id")
    .select([
      "t.id",
      "t.kind",
      "t.at",
      "t.memo",
      "t.document_id",
      "t.payment_id",
      "d.number as document_number",
      "e.currency",
      sql<string>`sum(case when e.account = 'receivable' then e.amount else 0 end)`.as(
        "receivable",
      ),
      sql<string>`sum(case when e.account = 'customer_credit' then e.amount else 0 end)`.as(
        "credit",
      ),
    ])
    .where("t.customer_id", "=", customerId)
    .groupBy([
      "t.id",
      "t.kind",
      "t.at",
      "t.memo",
      "t.document_id",
      "t.payment_id",
      "d.number",
      "e.currency",
    ])
    .orderBy("t.at")
    .orderBy("t.id");
  if (range.currency) q = q.where("e.currency", "=", range.currency);
  if (range.from) q = q.where("t.at", ">=", range.from);
  if (range.before) q = q.where("t.at", "<", range.before);
  return q.execute();
}

/** Net balance (receivable + credit) of a customer before a moment, per currency. */
export async function balanceBefore(db: Db, customerId: string, currency: string, before: Date) {
  const row = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.txn_id")
    .select(sql<string>`coalesce(sum(e.amount), 0)`.as("amount"))
    .where("e.customer_id", "=", customerId)
    .where("e.currency", "=", currency)
    .where("e.account", "in", ["receivable", "customer_credit"])
    .where("t.at", "<", before)
    .executeTakeFirstOrThrow();
  return BigInt(row.amount);
}

// ---------------------------------------------------------------- ledger verification

/** Transactions whose entries do not sum to zero per currency. */
export async function unbalancedTransactions(db: Db) {
  return db
    .selectFrom("ledger_entries")
    .select(["txn_id", "currency", sql<string>`sum(amount)`.as("sum")])
    .groupBy(["txn_id", "currency"])
    .having(sql`sum(amount)`, "<>", 0)
    .execute();
}

/** Stored balances next to the sums recomputed from entries, where they differ. */
export async function balanceDifferences(db: Db) {
  const result = await sql<{
    customer_id: string;
    currency: string;
    stored_receivable: string | null;
    stored_credit: string | null;
    receivable: string | null;
    credit: string | null;
  }>`
    WITH sums AS (
      SELECT customer_id, currency,
             sum(CASE WHEN account = 'receivable' THEN amount ELSE 0 END) AS receivable,
             sum(CASE WHEN account = 'customer_credit' THEN amount ELSE 0 END) AS credit
      FROM ledger_entries
      WHERE account IN ('receivable', 'customer_credit')
      GROUP BY customer_id, currency
    )
    SELECT coalesce(b.customer_id, s.customer_id) AS customer_id,
           coalesce(b.currency, s.currency) AS currency,
           b.receivable AS stored_receivable, b.credit AS stored_credit,
           s.receivable, s.credit
    FROM customer_balances b
    FULL JOIN sums s ON s.customer_id = b.customer_id AND s.currency = b.currency
    WHERE coalesce(b.receivable, 0) <> coalesce(s.receivable, 0)
       OR coalesce(b.credit, 0) <> coalesce(s.credit, 0)
  `.execute(db);
  return result.rows;
}

/** Customers whose receivable differs from the open amounts of their invoices. */
export async function receivableVersusDocuments(db: Db) {
  const result = await sql<{
    customer_id: string;
    currency: string;
    receivable: string | null;
    open_amount: string | null;
  }>`
    WITH r AS (
      SELECT customer_id, currency, sum(amount) AS receivable
      FROM ledger_entries WHERE account = 'receivable'
      GROUP BY customer_id, currency
    ), o AS (
      SELECT customer_id, currency, sum(gross_total - paid_amount) AS open_amount
      FROM documents
      WHERE kind = 'invoice' AND status <> 'cancelled'
        AND EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.document_id = documents.id)
      GROUP BY customer_id, currency
    )
    SELECT coalesce(r.customer_id, o.customer_id) AS customer_id,
           coalesce(r.currency, o.currency) AS currency,
           r.receivable, o.open_amount
    FROM r FULL JOIN o ON o.customer_id = r.customer_id AND o.currency = r.currency
    WHERE coalesce(r.receivable, 0) <> coalesce(o.open_amount, 0)
  `.execute(db);
  return result.rows;
}

/** Accounts holding a positive "credit" (the customer owing through the credit account). */
export async function negativeCredits(db: Db) {
  return db
    .selectFrom("ledger_entries")
    .select(["customer_id", "currency", sql<string>`sum(amount)`.as("credit")])
    .where("account", "=", "customer_credit")
    .groupBy(["customer_id", "currency"])
    .having(sql`sum(amount)`, ">", 0)
    .execute();
}

export async function countLedger(db: Db) {
  const row = await db
    .selectFrom("ledger_transactions")
    .select([
      sql<string>`count(*)`.as("transactions"),
      sql<string>`count(distinct customer_id)`.as("customers"),
    ])
    .executeTakeFirstOrThrow();
  return { transactions: Number(row.transactions), customers: Number(row.customers) };
}

// ---------------------------------------------------------------- renderings

export async function getDocumentFile(db: Db, documentId: string, format: "pdf" | "nav" | "ubl") {
  const row = await db
    .selectFrom("document_files")
    .select("content")
    .where("document_id", "=", documentId)
    .where("format", "=", format)
    .executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}

export async function putDocumentFile(
  db: Db,
  documentId: string,
  format: "pdf" | "nav" | "ubl",
  content: Uint8Array,
  now: Date,
) {
  await db
    .insertInto("document_files")
    .values({ document_id: documentId, format, content, created_at: now })
    .onConflict((oc) => oc.columns(["document_id", "format"]).doNothing())
    .execute();
}

// ---------------------------------------------------------------- statements

export async function customersForStatements(db: Db, from: Date, before: Date) {
  const result = await sql<{ customer_id: string; currency: string }>`
    SELECT DISTINCT e.customer_id, e.currency
    FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.txn_id
    WHERE e.account IN ('receivable', 'customer_credit') AND t.at >= ${from} AND t.at < ${before}
    UNION
    SELECT customer_id, currency FROM customer_balances WHERE receivable + credit <> 0
  `.execute(db);
  return result.rows;
}

export async function claimStatementRun(
  tx: Db,
  customerId: string,
  period: string,
  now: Date,
): Promise<boolean> {
  const r = await tx
    .insertInto("statement_runs")
    .values({ customer_id: customerId, period, mail_id: null, created_at: now })
    .onConflict((oc) => oc.columns(["customer_id", "period"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The service periods an invoice's lines bill (renewal when it is paid). */
export async function servicePeriodsOf(db: Db, documentId: string) {
  return db
    .selectFrom("document_lines as l")
    .innerJoin("documents as d", "d.id", "l.document_id")
    .where("l.document_id", "=", documentId)
    .where("l.service_id", "is not", null)
    .select(["l.service_id", "l.period_from", "l.period_to", "d.status", "d.kind", "d.number"])
    .orderBy("l.position")
    .execute();
}
