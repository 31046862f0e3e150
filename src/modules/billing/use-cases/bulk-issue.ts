import type { Actor } from "../../../platform/audit.ts";
import { addDays, localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { textToHtml } from "../../../platform/mail/index.ts";
import type { Money } from "../../../platform/money/index.ts";
import type { DocumentView, Party } from "../domain/document.ts";
import { postingsFor } from "../domain/ledger.ts";
import { formatDocumentNumber, paymentReferenceFor } from "../domain/numbering.ts";
import { isEu, type BuyerVatStatus } from "../domain/vat.ts";
import { isNavReportable } from "../export/nav.ts";
import { documentFilename, documentIssuedMail } from "../mails.ts";
import {
  buyerParty,
  reserveDocumentSequences,
  type BillingCustomerRow,
  type DocumentFullRow,
  type DocumentInsert,
  type DocumentLineRow,
  type LineInsert,
} from "../repo.ts";
import {
  addToBalancesBulk,
  contactsOfCustomers,
  customersForBilling,
  insertAuditBulk,
  insertDocumentFilesBulk,
  insertDocumentLinesBulk,
  insertDocumentsBulk,
  insertLedgerBulk,
  insertMailsBulk,
  latestVatChecks,
  sendJobsBulk,
  settlementOf,
  type AuditInsert,
  type LedgerTransactionInsert,
  type MailInsert,
  type VatCheckRow,
} from "../repo-bulk.ts";
import { getInvoicingSettings, requireSeller, type InvoicingSettings } from "../settings.ts";
import { documentViewFrom, navXmlOf, storeBreakdown } from "../view.ts";
import {
  badRequest,
  composeDocument,
  decideLines,
  exchangeRateFor,
  seriesFor,
  validateLines,
  type IssueRequest,
  type LineRequest,
  type PreparedLine,
} from "./issue-document.ts";
import { applyAccountCredit } from "./ledger.ts";

/**
 * Bulk issuing: many proformas and invoices at once (the daily billing run), with the legal
 * result of issueDocument for each — same numbering, VAT decisions, totals, frozen buyer and
 * seller, ledger postings and balances, account credit applied, NAV XML stored, e-mail queued —
 * but set-based:
 *
 * 1. Prepare, before anything is written: every request is validated; customers, VAT evidence
 *    and contacts are read in one query each, VAT rates once per (buyer country, buyer status,
 *    tax point) group (decideLines over the group's lines), exchange rates once per (currency,
 *    tax point). Bad input anywhere — an invalid line, an unknown customer, a missing VAT or
 *    exchange rate, an unverified EU VAT number — throws before the first write: nothing is
 *    issued at all.
 * 2. Write in chunks of `chunkSize` documents, each chunk ONE transaction: its numbers are
 *    reserved per series and year with one counter upsert (reserveDocumentSequences; the counter
 *    rows stay locked until the chunk commits), then documents, lines, ledger transactions and
 *    entries, stored balances (one upsert), NAV XML, audit rows, outbox mails and their jobs are
 *    written with one multi-row statement each. A chunk commits with its numbers or not at all.
 *
 * What a crash or error leaves: the chunks committed before it, complete (documents with their
 * lines, ledger, balances, files, audit and mails) and numbered without gaps; nothing of the chunk
 * in flight (its counter increments roll back with it, so the next number follows the last
 * committed one); nothing of the chunks after it. When earlier chunks had committed the error is a
 * BulkIssueError listing them, so the caller can retry the rest. A concurrent issueDocument of
 * the same series waits for the chunk in flight (at most one chunk's time) and takes the next
 * number after it: numbers stay gapless and unique.
 *
 * PDFs are never rendered here: the outbox mail names the PDF as an attachment, which the mail
 * job renders on sending (or the first download does) and keeps.
 */

export type BulkInvoiceRequest = Omit<IssueRequest, "proformaId">;

export interface BulkIssueOptions {
  /** Documents per transaction (default 5,000). Infinity = the whole run in one transaction. */
  chunkSize?: number;
  /**
   * Queue the "document issued" e-mail (with the PDF, rendered at send time) for each document,
   * as issueDocument does (default true). false = the caller notifies the customers itself.
   * A request's own `silent` is honoured either way.
   */
  notify?: boolean;
  /** Called after each chunk commits. */
  onChunk?: (progress: { chunk: number; chunks: number; issued: number }) => void;
}

export interface BulkIssuedDocument {
  /** Position of the request in the input. */
  index: number;
  id: string;
  number: string;
  kind: "proforma" | "invoice";
  customerId: string;
  gross: Money;
}

export interface BulkIssueResult {
  /** In request order. */
  documents: BulkIssuedDocument[];
  chunks: number;
  /** Where the time went (ms): preparation, JS work per chunk (NAV XML, mails), SQL. */
  timings: { prepareMs: number; composeMs: number; navMs: number; mailMs: number; sqlMs: number };
}

/** Some chunks committed before a later one failed: `issued` are in the database, the rest not. */
export class BulkIssueError extends Error {
  override readonly name = "BulkIssueError";
  readonly issued: BulkIssuedDocument[];

  constructor(cause: unknown, issued: BulkIssuedDocument[]) {
    super(
      `Bulk issuing stopped after ${issued.length} documents: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.issued = issued;
  }
}

const DEFAULT_CHUNK = 5_000;
/** The outbox job of the notifications module (its queueMail enqueues the same). */
const SEND_MAIL_JOB = "mail.send";
/** issueDocument's currencies. */
const CURRENCIES = new Set(["HUF", "EUR"]);

type Seller = Party & { country: string };

interface Pending {
  index: number;
  req: BulkInvoiceRequest;
  customer: BillingCustomerRow;
  issueDate: string;
  fulfilmentDate: string | null;
  dueDate: string;
  taxPoint: string;
  series: string;
  year: number;
  lines: PreparedLine[];
  exchange: { rate: string; date: string } | null;
}

/**
 * The buyer's VAT status from the latest evidence on its EU VAT number: buyerVatStatus's rules,
 * with the evidence passed in instead of read per customer.
 */
export function buyerVatStatusFrom(
  customer: BillingCustomerRow,
  seller: Seller,
  settings: InvoicingSettings,
  now: Date,
  check: Pick<VatCheckRow, "checked_at" | "source" | "result"> | undefined,
): { status: BuyerVatStatus; viesFallback: boolean } {
  if (customer.kind === "person" || !customer.eu_vat_number)
    return {
      status: customer.kind === "person" ? "consumer" : "business_unvalidated",
      viesFallback: false,
    };
  if (customer.country === seller.country || !isEu(customer.country))
    return { status: "business_unvalidated", viesFallback: false };
  const maxAgeMs = settings.viesMaxAgeDays * 86_400_000;
  const fresh = check && now.getTime() - new Date(check.checked_at).getTime() <= maxAgeMs;
  if (check && fresh && check.source === "vies" && check.result === "valid")
    return { status: "business_validated", viesFallback: false };
  if (check && fresh && check.result === "invalid")
    return { status: "business_unvalidated", viesFallback: false };
  if (settings.viesUnavailable === "fallback_consumer")
    return { status: "business_unvalidated", viesFallback: true };
  throw new AppError(
    "billing.vat_number_unverified",
    409,
    `The buyer's EU VAT number ${customer.eu_vat_number} has no valid VIES confirmation from the last ${settings.viesMaxAgeDays} days, and the provider waits for one before invoicing. Check it again (VIES may be unreachable) and retry.`,
  );
}

/** An error of one request, located: `requests.<i>.<path>`. */
function atRequest(error: unknown, index: number, customerId: string): unknown {
  if (!(error instanceof AppError)) return error;
  const errors = (error.errors ?? [{ path: "", message: error.message }]).map((e) => ({
    path: e.path ? `requests.${index}.${e.path}` : `requests.${index}`,
    message: e.message,
  }));
  return new AppError(
    error.code,
    error.status,
    `Request ${index} (customer ${customerId}): ${error.message}`,
    { errors, cause: error },
  );
}

/** "1.5" → "1.5000": the quantity as numeric(18, 4) reads back, for the in-memory view. */
function storedQuantity(q: string): string {
  const [int = "0", frac = ""] = q.split(".");
  return `${int.replace(/^0+(?=\d)/, "")}.${frac.padEnd(4, "0")}`;
}

/** Where a customer's documents are e-mailed: invoiceRecipients' choice, over preloaded rows. */
function recipientsFrom(
  rows: readonly { email: string; permissions: string[]; is_primary: boolean }[],
): string[] {
  const billing = rows.filter(
    (r) => r.permissions.includes("owner") || r.permissions.includes("billing"),
  );
  const chosen = billing.length > 0 ? billing : rows.slice(0, 1);
  return [...new Set(chosen.map((r) => r.email.toLowerCase()))];
}

/** Step 1: validation, VAT decisions and exchange rates for every request, nothing written. */
async function prepare(
  deps: Pick<Deps, "db" | "clock" | "config">,
  requests: readonly BulkInvoiceRequest[],
  seller: Seller,
  settings: InvoicingSettings,
): Promise<Pending[]> {
  const db = deps.db;
  const now = deps.clock.now();
  const today = localDate(now, deps.config.timeZone);
  requests.forEach((req, i) => {
    try {
      if (!CURRENCIES.has(req.currency))
        throw badRequest(
          "billing.unsupported_currency",
          "Documents are issued in HUF or EUR.",
          "currency",
        );
      validateLines(req.lines, req.currency);
    } catch (error) {
      throw atRequest(error, i, req.customerId);
    }
  });
  const customers = new Map(
    (await customersForBilling(db, [...new Set(requests.map((r) => r.customerId))])).map((c) => [
      c.id,
      c,
    ]),
  );
  const evidenceNeeded = [...customers.values()].filter(
    (c) => c.kind === "company" && c.eu_vat_number && c.country !== seller.country,
  );
  const checks = new Map(
    (await latestVatChecks(db, [...new Set(evidenceNeeded.map((c) => c.eu_vat_number!))])).map(
      (c) => [c.vat_number, c],
    ),
  );

  const pending: Pending[] = [];
  const groups = new Map<
    string,
    {
      buyerCountry: string;
      buyer: { status: BuyerVatStatus; viesFallback: boolean };
      taxPoint: string;
      lines: LineRequest[];
      members: Pending[];
    }
  >();
  requests.forEach((req, index) => {
    try {
      const customer = customers.get(req.customerId);
      if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
      const issueDate = req.issueDate ?? today;
      const fulfilmentDate = req.kind === "proforma" ? null : (req.fulfilmentDate ?? issueDate);
      const taxPoint = fulfilmentDate ?? issueDate;
      const dueDays = req.kind === "proforma" ? settings.proformaDueDays : settings.invoiceDueDays;
      const dueDate = req.dueDate ?? addDays(issueDate, dueDays);
      if (dueDate < issueDate)
        throw badRequest(
          "billing.invalid_due_date",
          "The due date is before the issue date.",
          "dueDate",
        );
      const buyer = buyerVatStatusFrom(
        customer,
        seller,
        settings,
        now,
        customer.eu_vat_number ? checks.get(customer.eu_vat_number) : undefined,
      );
      const p: Pending = {
        index,
        req,
        customer,
        issueDate,
        fulfilmentDate,
        dueDate,
        taxPoint,
        series: seriesFor(settings, req.kind),
        year: Number(issueDate.slice(0, 4)),
        lines: [],
        exchange: null,
      };
      pending.push(p);
      const key = `${customer.country}|${buyer.status}|${buyer.viesFallback}|${taxPoint}`;
      const group = groups.get(key) ?? {
        buyerCountry: customer.country,
        buyer,
        taxPoint,
        lines: [],
        members: [],
      };
      group.lines.push(...req.lines);
      group.members.push(p);
      groups.set(key, group);
    } catch (error) {
      throw atRequest(error, index, req.customerId);
    }
  });

  // VAT: decideLines once per group of requests that share the decision's inputs.
  for (const g of groups.values()) {
    let decided: PreparedLine[];
    try {
      decided = await decideLines(db, g.lines, {
        seller,
        buyerCountry: g.buyerCountry,
        buyer: g.buyer,
        taxPoint: g.taxPoint,
      });
    } catch (error) {
      const first = g.members[0]!;
      throw atRequest(error, first.index, first.req.customerId);
    }
    let offset = 0;
    for (const p of g.members) {
      p.lines = decided.slice(offset, offset + p.req.lines.length);
      offset += p.req.lines.length;
    }
  }

  // Exchange rates: once per currency and tax point.
  const rates = new Map<string, { rate: string; date: string } | null>();
  for (const p of pending) {
    const key = `${p.req.currency}|${p.taxPoint}`;
    if (!rates.has(key)) {
      try {
        rates.set(key, await exchangeRateFor(db, p.req.currency, p.taxPoint));
      } catch (error) {
        throw atRequest(error, p.index, p.req.customerId);
      }
    }
    p.exchange = rates.get(key) ?? null;
  }
  return pending;
}

/** The document row as the database will hand it back, for the renderers (documentViewFrom). */
function storedRow(d: DocumentInsert): DocumentFullRow {
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

function storedLine(l: LineInsert): DocumentLineRow {
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

/**
 * Issues proformas and invoices in bulk (see the top of this file). Each request is what
 * issueDocument takes; the result lists the documents in request order.
 */
export async function issueInvoicesInBulk(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  requests: readonly BulkInvoiceRequest[],
  actor: Actor,
  options: BulkIssueOptions = {},
): Promise<BulkIssueResult> {
  const started = performance.now();
  const timings = { prepareMs: 0, composeMs: 0, navMs: 0, mailMs: 0, sqlMs: 0 };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!(chunkSize >= 1)) throw new RangeError("chunkSize must be at least 1");
  const notify = options.notify ?? true;
  if (requests.length === 0) return { documents: [], chunks: 0, timings };

  const [seller, settings] = await Promise.all([
    requireSeller(deps.db),
    getInvoicingSettings(deps.db),
  ]);
  const pending = await prepare(deps, requests, seller, settings);
  const mailed = pending.filter((p) => notify && !p.req.silent);
  const contacts = new Map<string, { email: string; permissions: string[]; is_primary: boolean }[]>();
  for (const c of await contactsOfCustomers(deps.db, [
    ...new Set(mailed.map((p) => p.customer.id)),
  ])) {
    const list = contacts.get(c.customer_id) ?? [];
    list.push(c);
    contacts.set(c.customer_id, list);
  }
  // Numbers follow the issue dates within a series (then the request order).
  const ordered = [...pending].sort((a, b) =>
    a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : a.index - b.index,
  );
  timings.prepareMs = performance.now() - started;

  const chunks = Math.ceil(ordered.length / Math.min(chunkSize, ordered.length));
  const issued: BulkIssuedDocument[] = [];
  for (let c = 0; c < chunks; c++) {
    const chunk = ordered.slice(c * chunkSize, (c + 1) * chunkSize);
    let done: BulkIssuedDocument[];
    try {
      done = await deps.db
        .transaction()
        .execute((tx) =>
          writeChunk(tx, deps, chunk, { seller, settings, actor, notify, contacts, timings }),
        );
    } catch (error) {
      if (issued.length === 0) throw error;
      throw new BulkIssueError(error, issued.sort((a, b) => a.index - b.index));
    }
    issued.push(...done);
    options.onChunk?.({ chunk: c + 1, chunks, issued: issued.length });
  }
  return { documents: issued.sort((a, b) => a.index - b.index), chunks, timings };
}

interface ChunkContext {
  seller: Seller;
  settings: InvoicingSettings;
  actor: Actor;
  notify: boolean;
  contacts: Map<string, { email: string; permissions: string[]; is_primary: boolean }[]>;
  timings: BulkIssueResult["timings"];
}

/** Step 2, one chunk in its transaction: numbers, then every row with one statement per table. */
async function writeChunk(
  tx: Deps["db"],
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  chunk: readonly Pending[],
  ctx: ChunkContext,
): Promise<BulkIssuedDocument[]> {
  const { seller, settings, actor, timings } = ctx;
  const sqlTime = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    timings.sqlMs += performance.now() - t;
  };

  // Numbers: one reservation per series and year, in a fixed order (no lock-order deadlocks).
  const sequences = new Map<Pending, number>();
  const bySeries = new Map<string, Pending[]>();
  for (const p of chunk) {
    const key = `${p.series}\u0000${p.year}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), p]);
  }
  for (const key of [...bySeries.keys()].sort()) {
    const members = bySeries.get(key)!;
    const { series, year } = members[0]!;
    let first = 0;
    await sqlTime(async () => {
      first = await reserveDocumentSequences(tx, series, year, members.length);
    });
    members.forEach((p, k) => sequences.set(p, first + k));
  }

  let t = performance.now();
  const now = deps.clock.now();
  const nowMs = now.getTime();
  const issuedBy = actor.type === "user" ? actor.userId : actor.name;
  const docs: DocumentInsert[] = [];
  const lines: LineInsert[] = [];
  const ledger: LedgerTransactionInsert[] = [];
  const audit: AuditInsert[] = [];
  const views: DocumentView[] = [];
  const balances = new Map<
    string,
    { customerId: string; currency: string; receivable: bigint; credit: bigint }
  >();
  const buyers = new Map<string, Party>();
  const result: BulkIssuedDocument[] = [];
  for (const p of chunk) {
    const { req, customer } = p;
    const sequence = sequences.get(p)!;
    let buyer = buyers.get(customer.id);
    if (!buyer) buyers.set(customer.id, (buyer = buyerParty(customer)));
    const input = {
      kind: req.kind,
      customerId: customer.id,
      buyer,
      seller,
      language: customer.language === "en" ? ("en" as const) : ("hu" as const),
      currency: req.currency,
      issueDate: p.issueDate,
      fulfilmentDate: p.fulfilmentDate,
      dueDate: p.dueDate,
      exchange: p.exchange,
      paymentMethod: req.paymentMethod ?? "transfer",
      note: req.note?.trim() || null,
      lines: p.lines,
      cashAccounting: settings.cashAccounting,
    };
    const { totals, breakdown, vatHuf } = composeDocument(input);
    const number = formatDocumentNumber(settings.numberFormat, p.series, p.year, sequence);
    const id = newId("inv", nowMs);
    const doc: DocumentInsert = {
      id,
      kind: req.kind,
      series: p.series,
      number,
      customerId: customer.id,
      status: totals.gross.isZero() ? "paid" : "open",
      issueDate: p.issueDate,
      fulfilmentDate: p.fulfilmentDate,
      dueDate: p.dueDate,
      currency: req.currency,
      exchangeRate: p.exchange?.rate ?? null,
      exchangeRateDate: p.exchange?.date ?? null,
      net: totals.net.minor,
      vat: totals.vat.minor,
      gross: totals.gross.minor,
      vatHuf,
      vatBreakdown: storeBreakdown(breakdown) as unknown as Record<string, unknown>[],
      buyer,
      seller,
      language: input.language,
      correctsId: null,
      correctionType: null,
      modificationIndex: null,
      paymentMethod: input.paymentMethod,
      paymentReference: paymentReferenceFor(p.series, p.year, sequence),
      cashAccounting: input.cashAccounting,
      note: input.note,
      proformaId: null,
      paidAmount: 0n,
      paidAt: totals.gross.isZero() ? now : null,
      issuedBy,
      now,
    };
    docs.push(doc);
    const docLines = p.lines.map(
      (l, i): LineInsert => ({
        id: newId("inl", nowMs),
        documentId: id,
        position: i + 1,
        serviceId: l.serviceId,
        productId: l.productId,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitCode: l.unit,
        unitPrice: l.unitPrice.minor,
        discount: l.discount.minor,
        vatCategory: l.vatCategory,
        vatRateBp: l.vatRateBp,
        vatCountry: l.vatCountry,
        vatReason: l.vatReason,
        net: totals.lines[i]!.net.minor,
        vat: totals.lines[i]!.vat.minor,
        gross: totals.lines[i]!.gross.minor,
        periodFrom: l.periodFrom,
        periodTo: l.periodTo,
        correctsPosition: l.correctsPosition,
      }),
    );
    lines.push(...docLines);
    views.push(documentViewFrom(storedRow(doc), docLines.map(storedLine), null));
    audit.push({
      id: newId("aud", nowMs),
      at: now,
      actorType: actor.type,
      actorId: issuedBy,
      customerId: customer.id,
      action: `billing.${req.kind}_issued`,
      subjectType: "document",
      subjectId: id,
      data: { number, gross: totals.gross.toJSON() },
      requestId: actor.type === "user" ? (actor.requestId ?? null) : null,
      ip: actor.type === "user" ? (actor.ip ?? null) : null,
    });
    if (req.kind === "invoice") {
      // postLedger's transaction and balance movement, one row set per chunk.
      const entries = postingsFor({ kind: "invoice", net: doc.net, vat: doc.vat });
      ledger.push({
        id: newId("ltx", nowMs),
        customerId: customer.id,
        kind: "invoice",
        documentId: id,
        memo: number,
        at: now,
        actorType: actor.type,
        actorId: issuedBy,
        currency: req.currency,
        entries,
      });
      const key = `${customer.id}\u0000${req.currency}`;
      const b = balances.get(key) ?? {
        customerId: customer.id,
        currency: req.currency,
        receivable: 0n,
        credit: 0n,
      };
      for (const e of entries) {
        if (e.account === "receivable") b.receivable += e.amount;
        if (e.account === "customer_credit") b.credit += e.amount;
      }
      balances.set(key, b);
    }
    result.push({
      index: p.index,
      id,
      number,
      kind: req.kind,
      customerId: customer.id,
      gross: totals.gross,
    });
  }
  timings.composeMs += performance.now() - t;

  t = performance.now();
  const files: { documentId: string; format: "nav"; text: string }[] = [];
  for (const view of views) {
    if (isNavReportable(view))
      files.push({ documentId: view.id, format: "nav", text: await navXmlOf(tx, view) });
  }
  timings.navMs += performance.now() - t;

  await sqlTime(async () => {
    await insertDocumentsBulk(tx, docs);
    await insertDocumentLinesBulk(tx, lines);
    await insertLedgerBulk(tx, ledger);
    const moved = await addToBalancesBulk(
      tx,
      [...balances.values()].filter((b) => b.receivable !== 0n || b.credit !== 0n),
      now,
    );
    await insertDocumentFilesBulk(tx, files, now);
    await insertAuditBulk(tx, audit);
    // Credit held on an account settles its new invoices (issueDocument's applyAccountCredit),
    // only for the few accounts that hold credit; their documents' paid amounts are re-read so
    // the e-mails state what is still due.
    if (settings.applyCreditAutomatically) {
      const withCredit = moved.filter((b) => b.credit < 0n);
      for (const b of withCredit)
        await applyAccountCredit(tx, deps, b.customer_id, b.currency, actor);
      if (withCredit.length > 0) {
        const accounts = new Set(withCredit.map((b) => `${b.customer_id}\u0000${b.currency}`));
        const touched = views.filter((v, k) =>
          accounts.has(`${docs[k]!.customerId}\u0000${v.currency}`),
        );
        const paid = new Map((await settlementOf(tx, touched.map((v) => v.id))).map((r) => [r.id, r]));
        for (const v of touched) {
          const s = paid.get(v.id);
          if (s) v.totals = { ...v.totals, paid: s.paid_amount, due: v.totals.gross - s.paid_amount };
        }
      }
    }
  });

  if (ctx.notify) {
    t = performance.now();
    const mails: MailInsert[] = [];
    const link = (id: string) => `${deps.config.baseUrl}/finances/documents/${id}`;
    chunk.forEach((p, k) => {
      if (p.req.silent) return;
      const view = views[k]!;
      const recipients = recipientsFrom(ctx.contacts.get(p.customer.id) ?? []);
      if (recipients.length === 0) return;
      const mail = documentIssuedMail(view.language, view, link(view.id));
      const html = textToHtml(mail.text, view.language);
      const attachments = [
        { kind: "document_pdf" as const, documentId: view.id, filename: documentFilename(view) },
      ];
      for (const to of recipients)
        mails.push({
          id: newId("msg", nowMs),
          type: `billing.${view.kind}_issued`,
          language: view.language,
          to,
          subject: mail.subject,
          text: mail.text,
          html,
          customerId: p.customer.id,
          createdAt: now,
          attachments,
        });
    });
    timings.mailMs += performance.now() - t;
    await sqlTime(async () => {
      await insertMailsBulk(tx, mails);
      await sendJobsBulk(
        tx,
        deps.jobs,
        SEND_MAIL_JOB,
        mails.map((m) => ({ id: m.id })),
      );
    });
  }
  return result;
}
