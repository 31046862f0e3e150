import { auditRow, type Actor } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import type { Money } from "../../../platform/money/index.ts";
import type { DocumentView, Party } from "../domain/document.ts";
import { postingsFor } from "../domain/ledger.ts";
import { needsVatEvidence, type BuyerVatStatus } from "../domain/vat.ts";
import {
  enqueueMailJobs,
  outboxRow,
  recipientsOf,
  type OutboxRow,
} from "../../notifications/index.ts";
import { isNavReportable } from "../export/nav.ts";
import { documentFilename, documentIssuedMail, type MailLead } from "../mails.ts";
import {
  buyerParty,
  documentRowOf,
  lineRowOf,
  reserveDocumentSequences,
  type BillingCustomerRow,
} from "../repo.ts";
import {
  addToBalancesBulk,
  customersForBilling,
  insertIssuedRows,
  latestVatChecks,
  settlementOf,
  type IssuedRows,
  type LedgerTransactionInsert,
} from "../repo-bulk.ts";
import { getInvoicingSettings, requireSeller, type InvoicingSettings } from "../settings.ts";
import { documentViewFrom, navXmlOf } from "../view.ts";
import {
  buyerVatStatusOf,
  composeDocument,
  documentDates,
  documentRows,
  decideLines,
  exchangeRateFor,
  seriesFor,
  validateRequest,
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
 *    rows stay locked until the chunk commits); the stored balances move with one upsert (which
 *    also tells which accounts hold credit); then, per batch of `batchSize` documents (the first
 *    a fifth of that, so that PostgreSQL starts early), documents, lines, ledger transactions and
 *    entries, NAV XML, audit rows and outbox mails go in by a `COPY` per table, sent without
 *    waiting so that the next batch is built (totals, NAV XML, e-mail texts) while PostgreSQL
 *    writes this one; last, credit held on accounts is applied and the mail jobs are enqueued
 *    with one pg-boss insert. A chunk commits with its numbers or not at
 *    all.
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

export type BulkInvoiceRequest = Omit<IssueRequest, "proformaId" | "deferFollowUp"> & {
  /**
   * The document's e-mail carries another module's notice too (the billing run's expiry
   * reminder on the day the renewal proforma goes out: one mail instead of two). It opens the
   * mail, in the document's language, and its addresses (as notifications' recipientsOf gives them) receive it besides the
   * account's invoice addresses.
   */
  mail?: { lead: (language: "hu" | "en") => MailLead; alsoTo: readonly string[] };
};

export interface BulkIssueOptions {
  /** Documents per transaction (default 5,000). Infinity = the whole run in one transaction. */
  chunkSize?: number;
  /**
   * Queue the "document issued" e-mail (with the PDF, rendered at send time) for each document,
   * as issueDocument does (default true). false = the caller notifies the customers itself.
   * A request's own `silent` is honoured either way.
   */
  notify?: boolean;
  /**
   * Documents per statement within a chunk (default 500): big enough to amortise a round trip,
   * small enough that building the next batch overlaps with the database writing this one.
   */
  batchSize?: number;
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
  /** The e-mails queued (one per document and recipient). */
  mails: number;
  /**
   * Where the time went, ms: preparation (validation, reads, VAT decisions); the JavaScript work
   * of the chunks (composing rows and views, NAV XML, e-mail texts), which overlaps with the
   * database writing the previous batch; and the time spent only waiting for the database.
   */
  timings: {
    prepareMs: number;
    composeMs: number;
    navMs: number;
    mailMs: number;
    waitMs: number;
  };
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
const DEFAULT_BATCH = 500;
/** The outbox job of the notifications module (its queueMail enqueues the same). */
/** issueDocument's currencies. */

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

/**
 * Step 1: validation, VAT decisions and exchange rates for every request, nothing written.
 * `skipped` given: a request that cannot be issued (an AppError: bad line, unknown customer,
 * missing VAT or exchange rate, unverified VAT number) is recorded there and left out instead of
 * failing them all; anything else still throws.
 */
async function prepare(
  deps: Pick<Deps, "db" | "clock" | "config">,
  requests: readonly BulkInvoiceRequest[],
  seller: Seller,
  settings: InvoicingSettings,
  skipped?: SkippedRequest[],
): Promise<Pending[]> {
  const db = deps.db;
  const now = deps.clock.now();
  const today = localDate(now, deps.config.timeZone);
  const excluded = new Set<number>();
  const fail = (error: unknown, index: number, customerId: string): void => {
    const located = atRequest(error, index, customerId);
    if (!skipped || !(located instanceof AppError)) throw located;
    excluded.add(index);
    skipped.push({ index, code: located.code, message: located.message });
  };
  requests.forEach((req, i) => {
    try {
      validateRequest(req);
    } catch (error) {
      fail(error, i, req.customerId);
    }
  });
  const customers = new Map(
    (await customersForBilling(db, [...new Set(requests.map((r) => r.customerId))])).map((c) => [
      c.id,
      c,
    ]),
  );
  const evidenceNeeded = [...customers.values()].filter((c) =>
    needsVatEvidence(
      { kind: c.kind, euVatNumber: c.eu_vat_number, country: c.country },
      seller.country,
    ),
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
    if (excluded.has(index)) return;
    try {
      const customer = customers.get(req.customerId);
      if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
      const { issueDate, fulfilmentDate, taxPoint, dueDate } = documentDates(req, settings, today);
      const buyer = buyerVatStatusOf(
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
      fail(error, index, req.customerId);
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
      for (const p of g.members) fail(error, p.index, p.req.customerId);
      continue;
    }
    let offset = 0;
    for (const p of g.members) {
      p.lines = decided.slice(offset, offset + p.req.lines.length);
      offset += p.req.lines.length;
    }
  }

  // Exchange rates: once per currency and tax point.
  const rates = new Map<string, { rate: string; date: string } | null | Error>();
  for (const p of pending) {
    if (excluded.has(p.index)) continue;
    const key = `${p.req.currency}|${p.taxPoint}`;
    if (!rates.has(key)) {
      try {
        rates.set(key, await exchangeRateFor(db, p.req.currency, p.taxPoint));
      } catch (error) {
        rates.set(key, error instanceof Error ? error : new Error(String(error)));
      }
    }
    const rate = rates.get(key);
    if (rate instanceof Error) fail(rate, p.index, p.req.customerId);
    else p.exchange = rate ?? null;
  }
  return pending.filter((p) => !excluded.has(p.index));
}

/** A request left out by a tolerant bulk issue, with the problem's code and message. */
export interface SkippedRequest {
  index: number;
  code: string;
  message: string;
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
  const timings = { prepareMs: 0, composeMs: 0, navMs: 0, mailMs: 0, waitMs: 0 };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!(chunkSize >= 1 && batchSize >= 1))
    throw new RangeError("chunkSize and batchSize must be at least 1");
  const notify = options.notify ?? true;
  if (requests.length === 0) return { documents: [], chunks: 0, mails: 0, timings };

  const { seller, settings, ordered, contacts } = await prepareAll(deps, requests, notify);
  timings.prepareMs = performance.now() - started;

  const size = Math.min(chunkSize, ordered.length);
  const chunks = Math.ceil(ordered.length / size);
  const issued: BulkIssuedDocument[] = [];
  let mails = 0;
  for (let c = 0; c < chunks; c++) {
    const chunk = ordered.slice(c * size, (c + 1) * size);
    let done: { issued: BulkIssuedDocument[]; mails: number };
    try {
      done = await deps.db.transaction().execute((tx) =>
        writeChunk(tx, deps, chunk, {
          seller,
          settings,
          actor,
          notify,
          contacts,
          timings,
          batchSize,
        }),
      );
    } catch (error) {
      if (issued.length === 0) throw error;
      throw new BulkIssueError(
        error,
        issued.sort((a, b) => a.index - b.index),
      );
    }
    issued.push(...done.issued);
    mails += done.mails;
    try {
      options.onChunk?.({ chunk: c + 1, chunks, issued: issued.length });
    } catch (error) {
      throw new BulkIssueError(
        error,
        issued.sort((a, b) => a.index - b.index),
      );
    }
  }
  return { documents: issued.sort((a, b) => a.index - b.index), chunks, mails, timings };
}

/** Everything before the first write: settings, the prepared requests in number order, contacts. */
async function prepareAll(
  deps: Pick<Deps, "db" | "clock" | "config">,
  requests: readonly BulkInvoiceRequest[],
  notify: boolean,
  skipped?: SkippedRequest[],
) {
  const [seller, settings] = await Promise.all([
    requireSeller(deps.db),
    getInvoicingSettings(deps.db),
  ]);
  const pending = await prepare(deps, requests, seller, settings, skipped);
  // Every document kind's mail routes alike (by "invoices"): one query for all of them.
  const contacts = notify
    ? await recipientsOf(
        deps.db,
        "billing.invoice_issued",
        pending.filter((p) => !p.req.silent).map((p) => p.customer.id),
      )
    : new Map<string, string[]>();
  // Numbers follow the issue dates within a series (then the request order).
  const ordered = [...pending].sort((a, b) =>
    a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : a.index - b.index,
  );
  return { seller, settings, ordered, contacts };
}

/**
 * Bulk issuing inside the caller's transaction, as one chunk: the caller writes its own rows
 * (e.g. the billing run's renewal records) in the same transaction, so both commit or neither.
 * With `skipInvalid`, requests that cannot be issued are returned in `skipped` (with the
 * problem's code and message) instead of failing the rest.
 */
export async function issueInvoicesInTransaction(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  requests: readonly BulkInvoiceRequest[],
  actor: Actor,
  options: { notify?: boolean; batchSize?: number; skipInvalid?: boolean } = {},
): Promise<{ documents: BulkIssuedDocument[]; skipped: SkippedRequest[]; mails: number }> {
  const skipped: SkippedRequest[] = [];
  if (requests.length === 0) return { documents: [], skipped, mails: 0 };
  const notify = options.notify ?? true;
  const txDeps = { ...deps, db: tx };
  const { seller, settings, ordered, contacts } = await prepareAll(
    txDeps,
    requests,
    notify,
    options.skipInvalid ? skipped : undefined,
  );
  if (ordered.length === 0) return { documents: [], skipped, mails: 0 };
  const timings = { prepareMs: 0, composeMs: 0, navMs: 0, mailMs: 0, waitMs: 0 };
  const { issued: documents, mails } = await writeChunk(tx, deps, ordered, {
    seller,
    settings,
    actor,
    notify,
    contacts,
    timings,
    batchSize: options.batchSize ?? DEFAULT_BATCH,
  });
  return { documents: documents.sort((a, b) => a.index - b.index), skipped, mails };
}

interface ChunkContext {
  seller: Seller;
  settings: InvoicingSettings;
  actor: Actor;
  notify: boolean;
  /** Recipients of each customer's document mail. */
  contacts: Map<string, string[]>;
  timings: BulkIssueResult["timings"];
  batchSize: number;
}

const account = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;

/** Lets the statements queued so far go out before the next stretch of synchronous work. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Step 2, one chunk in its transaction (see the top of this file). */
async function writeChunk(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  chunk: readonly Pending[],
  ctx: ChunkContext,
): Promise<{ issued: BulkIssuedDocument[]; mails: number }> {
  const { settings, timings } = ctx;
  const wait = async <T>(promise: Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await promise;
    } finally {
      timings.waitMs += performance.now() - t;
    }
  };
  const now = deps.clock.now();

  const sequences = await wait(reserveNumbers(tx, chunk));

  // Totals first: the balances move before the rows are written (one upsert, locking the
  // accounts), which tells which accounts hold credit to apply to the new invoices.
  let t = performance.now();
  const composed = composeChunk(chunk, ctx);
  timings.composeMs += performance.now() - t;
  const moved = await wait(addToBalancesBulk(tx, balanceDeltas(composed), now));
  const withCredit = new Set(
    settings.applyCreditAutomatically
      ? moved.filter((b) => b.credit < 0n).map((b) => account(b.customer_id, b.currency))
      : [],
  );

  // Batches: each is written by a few statements, sent without waiting; the next is built
  // meanwhile.
  const issued: BulkIssuedDocument[] = [];
  const mailIds: string[] = [];
  const mailAfterCredit: Built[] = [];
  const inflight: Promise<void>[] = [];
  let failed = false;
  let settled: PromiseSettledResult<void>[] = [];
  try {
    // The first batch is small, so that the database starts writing early.
    for (
      let start = 0, size = Math.max(1, Math.floor(ctx.batchSize / 5));
      start < composed.length;
      start += size, size = ctx.batchSize
    ) {
      t = performance.now();
      const built = composed
        .slice(start, start + size)
        .map((c) => buildDocument(c, sequences.get(c.p)!, ctx, now));
      let t2 = performance.now();
      timings.composeMs += t2 - t;
      const rows = emptyRows(now);
      for (const b of built) {
        rows.documents.push(b.doc);
        rows.lines.push(...b.lines);
        rows.audit.push(b.audit);
        if (b.ledger) rows.ledger.push(b.ledger);
        // afterIssue: the NAV XML of an invoice NAV must receive is stored at issue.
        if (isNavReportable(b.view))
          rows.files.push({
            documentId: b.doc.id,
            format: "nav",
            text: await navXmlOf(tx, b.view),
          });
        issued.push(b.issued);
      }
      t = performance.now();
      timings.navMs += t - t2;
      for (const b of built) {
        if (!ctx.notify || b.p.req.silent) continue;
        if (withCredit.has(account(b.doc.customerId, b.doc.currency))) mailAfterCredit.push(b);
        else rows.mails.push(...mailsFor(b, ctx, deps.config.baseUrl, now));
      }
      mailIds.push(...rows.mails.map((m) => m.id));
      t2 = performance.now();
      timings.mailMs += t2 - t;
      // A batch's statements follow the previous batch's (a failure is then reported by its
      // own batch, not by a later statement refused by the aborted transaction).
      const written = insertIssuedRows(tx, rows, inflight.at(-1));
      // Awaited below, where a failure aborts the chunk; no point building more after one.
      written.catch(() => (failed = true));
      inflight.push(written);
      await yieldToIo();
      if (failed) break;
    }
  } finally {
    // Every statement settles before anything leaves: the rollback must not overtake them.
    settled = await wait(Promise.allSettled(inflight));
  }
  const failure = settled.find((r) => r.status === "rejected");
  if (failure) throw failure.reason;

  // Credit held on an account settles its new invoices (issueDocument's applyAccountCredit), for
  // the few accounts that hold credit; their e-mails follow, stating what is still due.
  if (withCredit.size > 0) {
    const mails = await wait(
      applyCredit(tx, deps, [...withCredit], mailAfterCredit, ctx, deps.config.baseUrl, now),
    );
    mailIds.push(...mails.map((m) => m.id));
  }
  await wait(enqueueMailJobs(tx, deps, mailIds));
  return { issued, mails: mailIds.length };
}

/** One reservation per series and year, in a fixed order (no lock-order deadlocks). */
async function reserveNumbers(tx: Db, chunk: readonly Pending[]): Promise<Map<Pending, number>> {
  const sequences = new Map<Pending, number>();
  const bySeries = new Map<string, Pending[]>();
  for (const p of chunk) {
    const key = `${p.series}\u0000${p.year}`;
    const members = bySeries.get(key);
    if (members) members.push(p);
    else bySeries.set(key, [p]);
  }
  for (const key of [...bySeries.keys()].sort()) {
    const members = bySeries.get(key)!;
    const { series, year } = members[0]!;
    const first = await reserveDocumentSequences(tx, series, year, members.length);
    members.forEach((p, k) => sequences.set(p, first + k));
  }
  return sequences;
}

type Composed = ReturnType<typeof composeChunk>[number];

/** issueDocument's inputs and composeDocument's totals, and postLedger's postings for invoices. */
function composeChunk(chunk: readonly Pending[], ctx: ChunkContext) {
  const buyers = new Map<string, Party>();
  return chunk.map((p) => {
    let buyer = buyers.get(p.customer.id);
    if (!buyer) buyers.set(p.customer.id, (buyer = buyerParty(p.customer)));
    const input = {
      kind: p.req.kind,
      customerId: p.customer.id,
      buyer,
      seller: ctx.seller,
      language: p.customer.language === "en" ? ("en" as const) : ("hu" as const),
      currency: p.req.currency,
      issueDate: p.issueDate,
      fulfilmentDate: p.fulfilmentDate,
      dueDate: p.dueDate,
      exchange: p.exchange,
      paymentMethod: p.req.paymentMethod ?? "transfer",
      note: p.req.note?.trim() || null,
      lines: p.lines,
      cashAccounting: ctx.settings.cashAccounting,
    };
    const composed = composeDocument(input);
    // Proformas have no ledger effect.
    const postings =
      p.req.kind === "invoice"
        ? postingsFor({
            kind: "invoice",
            net: composed.totals.net.minor,
            vat: composed.totals.vat.minor,
          })
        : null;
    return { p, input, ...composed, postings };
  });
}

/** How the stored balances move: postLedger's receivable and credit deltas, per account. */
function balanceDeltas(composed: readonly Composed[]) {
  const deltas = new Map<
    string,
    { customerId: string; currency: string; receivable: bigint; credit: bigint }
  >();
  for (const { p, postings } of composed) {
    if (!postings) continue;
    const key = account(p.customer.id, p.req.currency);
    let d = deltas.get(key);
    if (!d) {
      d = { customerId: p.customer.id, currency: p.req.currency, receivable: 0n, credit: 0n };
      deltas.set(key, d);
    }
    for (const e of postings) {
      if (e.account === "receivable") d.receivable += e.amount;
      if (e.account === "customer_credit") d.credit += e.amount;
    }
  }
  return [...deltas.values()].filter((d) => d.receivable !== 0n || d.credit !== 0n);
}

const emptyRows = (now: Date): IssuedRows => ({
  documents: [],
  lines: [],
  ledger: [],
  files: [],
  audit: [],
  mails: [],
  now,
});

type Built = ReturnType<typeof buildDocument>;

/** writeDocument's rows, postLedger's transaction, and the view the renderers take. */
function buildDocument(c: Composed, sequence: number, ctx: ChunkContext, now: Date) {
  const { p, input, postings } = c;
  const { req, customer } = p;
  const { actor, settings } = ctx;
  const nowMs = now.getTime();
  const issuedBy = actor.type === "user" ? actor.userId : actor.name;
  const { doc, lines } = documentRows(
    {
      ...input,
      series: p.series,
      numberFormat: settings.numberFormat,
      correctsId: null,
      correctionType: null,
      modificationIndex: null,
      proformaId: null,
      withPaymentReference: true,
    },
    c,
    sequence,
    now,
    actor,
  );
  const { id, number } = doc;
  const { totals } = c;
  const audit = auditRow(now, actor, {
    action: `billing.${req.kind}_issued`,
    subjectType: "document",
    subjectId: id,
    customerId: customer.id,
    data: { number, gross: totals.gross.toJSON() },
  });
  const ledger: LedgerTransactionInsert | null = postings && {
    id: newId("ltx", nowMs),
    customerId: customer.id,
    kind: "invoice",
    documentId: id,
    paymentId: null,
    memo: number,
    at: now,
    actorType: actor.type,
    actorId: issuedBy,
    currency: req.currency,
    entries: postings,
  };
  return {
    p,
    doc,
    lines,
    audit,
    ledger,
    view: documentViewFrom(documentRowOf(doc), lines.map(lineRowOf), null),
    issued: {
      index: p.index,
      id,
      number,
      kind: req.kind,
      customerId: customer.id,
      gross: totals.gross,
    } satisfies BulkIssuedDocument,
  };
}

/** afterIssue's e-mail to each of the account's invoice addresses, as queueMail stores it. */
function mailsFor(
  b: { p: Pending; view: DocumentView },
  ctx: ChunkContext,
  baseUrl: string,
  now: Date,
): OutboxRow[] {
  const { p, view } = b;
  if (!ctx.notify || p.req.silent) return [];
  const own = ctx.contacts.get(p.customer.id) ?? [];
  // Both are recipientsOf's addresses (trimmed, lower case): a Set keeps each once.
  const recipients = p.req.mail ? [...new Set([...own, ...p.req.mail.alsoTo])] : own;
  if (recipients.length === 0) return [];
  const mail = documentIssuedMail(
    view.language,
    view,
    `${baseUrl}/finances/documents/${view.id}`,
    p.req.mail?.lead(view.language),
  );
  const attachments = [
    { kind: "document_pdf" as const, documentId: view.id, filename: documentFilename(view) },
  ];
  return recipients.map((to) =>
    outboxRow(
      {
        type: `billing.${view.kind}_issued`,
        language: view.language,
        to,
        subject: mail.subject,
        text: mail.text,
        customerId: p.customer.id,
        attachments,
      },
      now,
    ),
  );
}

/**
 * applyAccountCredit for each account holding credit (after the chunk's invoices are written),
 * then the e-mails of those accounts' new documents with their settled amounts. Returns them.
 */
async function applyCredit(
  tx: Db,
  deps: Pick<Deps, "clock">,
  accounts: readonly string[],
  documents: readonly Built[],
  ctx: ChunkContext,
  baseUrl: string,
  now: Date,
): Promise<OutboxRow[]> {
  for (const key of [...accounts].sort()) {
    const [customerId = "", currency = ""] = key.split("\u0000");
    await applyAccountCredit(tx, deps, customerId, currency, ctx.actor);
  }
  const settled = new Map(
    (
      await settlementOf(
        tx,
        documents.map((b) => b.doc.id),
      )
    ).map((r) => [r.id, r.paid_amount]),
  );
  const mails = documents.flatMap(({ p, view }) => {
    const paid = settled.get(view.id) ?? view.totals.paid;
    const totals = { ...view.totals, paid, due: view.totals.gross - paid };
    return mailsFor({ p, view: { ...view, totals } }, ctx, baseUrl, now);
  });
  await insertIssuedRows(tx, { ...emptyRows(now), mails });
  return mails;
}
