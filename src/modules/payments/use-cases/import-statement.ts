import { createHash } from "node:crypto";
import { sql } from "kysely";
import { auditRow, writeAudit, type Actor, type AuditRow } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { BankLineRow, BankLineState, Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { assertCurrency, isCurrency } from "../../../platform/money/index.ts";
import { getSeller, INVOICE_PAID_JOB } from "../../billing/index.ts";
import {
  enqueueMailJobs,
  outboxRow,
  recipientsOf,
  type OutboxRow,
} from "../../notifications/index.ts";
import { ReadPlan } from "../domain/match-keys.ts";
import {
  buildMatchContext,
  buildReferenceIndex,
  decideMatch,
  newMatchRun,
  normalizeAccount,
  normalizePayerName,
  recordDecision,
  type CustomerIdentity,
  type MatchDecision,
  type MatchDocument,
  type MatchLine,
} from "../domain/matching.ts";
import type { CsvProfile } from "../domain/statements/csv.ts";
import { formatDecimal, minorUnits } from "../domain/statements/decimal.ts";
import { StatementParseError } from "../domain/statements/errors.ts";
import type { ParsedStatement, StatementFamily } from "../domain/statements/model.ts";
import { decodeStatementBytes, parseStatementFile } from "../domain/statements/parse.ts";
import { paymentReceivedMail } from "../mails.ts";
import {
  completeInterruptedImports,
  finishImport,
  importedBefore,
  insertImport,
  insertLines,
  lockPayables,
  lockUndecidedLines,
  mailTargets,
  markLinesDecided,
  openPayablesByAmounts,
  openPayablesOfCustomers,
  payablesByIds,
  payablesByReferences,
  payerIdentities,
  seriesInUse,
  undecidedLines,
  writeBulkPayments,
  type BulkPaymentRows,
  type LineDecision,
  type LineInsert,
  type PayableRow,
} from "../repo-bank.ts";
import { receivePayment, type ReceivedMoney } from "./receive.ts";

/**
 * Bank statement import (E2): a camt.053, MT940 or CSV file in, every line recorded once and
 * decided — paid to documents, kept as credit, queued for staff, or ignored.
 *
 * 1. **Parse** everything first: a malformed file throws StatementParseError (422, naming the
 *    line or element) before anything is written.
 * 2. **Record** the import (`importing`) and its lines, in chunks, each one statement
 *    `INSERT … ON CONFLICT (account, entry_key) DO NOTHING`: a line already known (the same
 *    statement again, overlapping statements) adds nothing. Meanwhile, on another connection,
 *    read what the file's lines can match (domain/match-keys.ts: the documents their references
 *    name, exactly and within one character, one document per series, the payers' open
 *    documents and the open documents of the amounts of lines no reference resolves) — a few
 *    set-based queries instead of every open document.
 * 3. **Decide** every line of the file's accounts still `new` — this import's, and any an
 *    interrupted import left undecided (what they can match is read too), which is what makes a
 *    crashed import finish when the file is imported again — with domain/matching.ts, in order,
 *    each line seeing what the earlier ones allocated.
 * 4. **Apply** the decisions in chunks, each one transaction (never one per line), in lanes that
 *    run at once (2 on PostgreSQL), a customer's lines always in the same lane so that lanes never
 *    wait for each other's documents and balances. A chunk first locks its lines that are still
 *    undecided (a line decided by a concurrent import is skipped: no line is decided twice),
 *    then
 *    - payments of open invoices whose amounts still fit are written set-based, one statement
 *      for the chunk (the rows receivePayment writes: payment, ledger, allocations, settlement,
 *      balances, payer, audit, receipt mail; renewal and mail jobs in one insert each);
 *    - everything else that moves money — proformas (their final invoice is issued), over-payments
 *      and credit, documents that changed since the decision — goes through receivePayment,
 *      each in a savepoint: a payment billing refuses (no exchange rate for a final invoice…)
 *      queues its line with the reason instead of failing the import;
 *    - the lines' state, reason, candidates and flags are written in the same transaction as
 *      their payments.
 *    A deadlock or serialization failure retries the chunk.
 * 5. **Complete** the import with its counts (and earlier interrupted imports of the same file
 *    whose lines are now all decided) and one `bank.statement_imported` audit entry.
 */

/** The formats the API and CLI name. */
export type StatementFormatName = "camt053" | "mt940" | "csv";

export interface ImportStatementInput {
  filename: string;
  content: Uint8Array;
  /** Skip detection. */
  format?: StatementFormatName | undefined;
  csvProfile?: CsvProfile | undefined;
}

export interface ImportOptions {
  /** Lines per apply transaction (default 1,000). */
  chunkSize?: number;
  /**
   * Apply transactions running at once (default 2 on PostgreSQL, 1 on PGlite, which runs one
   * transaction at a time). Lines are spread over them by customer, so that two never wait for
   * each other's documents and balances.
   */
  concurrency?: number;
  /** Called after each apply chunk commits (tests simulate a crash by throwing from it). */
  afterChunk?: (info: { chunk: number; lines: number }) => void | Promise<void>;
}

export interface StatementSummary {
  account: string;
  currency: string | null;
  from: string | null;
  to: string | null;
  /** Decimal strings; null when the file gives none. */
  opening: string | null;
  closing: string | null;
  entries: number;
}

export interface ImportTimings {
  parseMs: number;
  insertMs: number;
  loadMs: number;
  decideMs: number;
  applyMs: number;
  /** Milliseconds by step (reads, writes, JavaScript), for the benchmark. */
  steps: Record<string, number>;
}

/** Runs `fn`, adding its duration to `steps[key]`. */
async function timed<T>(
  steps: Record<string, number>,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    steps[key] = (steps[key] ?? 0) + performance.now() - t;
  }
}

export interface ImportReport {
  importId: string;
  format: string;
  statements: StatementSummary[];
  linesTotal: number;
  /** Lines this import added (0 when the file was imported before). */
  linesNew: number;
  /** Lines decided by this import, by outcome. */
  matched: number;
  credited: number;
  queued: number;
  ignored: number;
  /** Lines of the file known before this import. */
  alreadyKnown: number;
  warnings: string[];
  /** Payments recorded by this import. */
  payments: number;
  /** The lines this import left in the staff queue. */
  queuedLineIds: string[];
  timings: ImportTimings;
}

const INSERT_CHUNK = 5_000;
const DEFAULT_APPLY_CHUNK = 1_000;
/** Open documents read per (currency, amount) for "amount only" candidates. */
const PER_AMOUNT = 25;
const READ_CHUNK = 50_000;

const FAMILY: Record<StatementFormatName, StatementFamily> = {
  camt053: "camt",
  mt940: "mt940",
  csv: "csv",
};

type ImportDeps = Pick<Deps, "db" | "database" | "clock" | "config" | "jobs" | "logger">;

export async function importStatement(
  deps: ImportDeps,
  input: ImportStatementInput,
  actor: Actor,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const filename = input.filename.trim();
  if (filename.length === 0 || filename.length > 200)
    throw new AppError("validation_failed", 400, "The file name must be 1–200 characters.", {
      errors: [{ path: "filename", message: "1–200 characters" }],
    });
  const chunkSize = options.chunkSize ?? DEFAULT_APPLY_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error("chunkSize must be ≥ 1");
  const concurrency = options.concurrency ?? (deps.database.kind === "postgres" ? 2 : 1);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("concurrency must be ≥ 1");

  // 1. Parse.
  let started = performance.now();
  const text = decodeStatementBytes(input.content);
  const statements = parseStatementFile(text, {
    ...(input.format ? { format: FAMILY[input.format] } : {}),
    ...(input.csvProfile ? { csvProfile: input.csvProfile } : {}),
  });
  const now = deps.clock.now();
  const importId = newId("bim", now.getTime());
  const warnings: string[] = [];
  let fallbackAccount: string | null = null;
  if (statements.some((s) => !s.account.iban && !s.account.number)) {
    fallbackAccount = (await getSeller(deps.db))?.bankAccount?.iban ?? "unknown";
    warnings.push(
      fallbackAccount === "unknown"
        ? 'The file does not name the bank account and no IBAN is set in the invoicing settings: its lines are filed under the account "unknown".'
        : `The file does not name the bank account: its lines are filed under the provider's account ${fallbackAccount}.`,
    );
  }
  const rows: LineInsert[] = [];
  const summaries: StatementSummary[] = [];
  for (const st of statements) {
    const account = accountOf(st, fallbackAccount);
    summaries.push({
      account,
      currency: st.account.currency,
      from: st.from,
      to: st.to,
      opening: st.openingBalance?.amount ?? null,
      closing: st.closingBalance?.amount ?? null,
      entries: st.entries.length,
    });
    for (const w of st.warnings) warnings.push(`${w.message} (${w.location})`);
    for (const e of st.entries) {
      rows.push({
        id: newId("bln", now.getTime()),
        import_id: importId,
        account,
        entry_key: e.entryKey,
        booking_date: e.bookingDate,
        value_date: e.valueDate,
        direction: e.direction,
        currency: e.currency,
        amount: minorUnitsOf(e.amount, e.currency, e.source).toString(),
        counterparty_name: e.counterpartyName,
        counterparty_iban: e.counterpartyIban,
        counterparty_account: e.counterpartyAccount,
        remittance: e.remittance,
        structured_reference: e.structuredReference,
        bank_reference: e.bankReference,
        reversal: e.reversal,
        booked: e.booked,
      });
    }
  }
  const format = statements[0]?.format ?? input.format ?? "unknown";
  const timings: ImportTimings = {
    parseMs: 0,
    insertMs: 0,
    loadMs: 0,
    decideMs: 0,
    applyMs: 0,
    steps: {},
  };
  timings.parseMs = performance.now() - started;

  // 2. Record the import and its lines; meanwhile, read what the file's lines can match (unless
  // the file was imported before: then its lines are known, most likely decided).
  started = performance.now();
  const sha256 = sha256Of(input.content);
  const seen = await importedBefore(deps.db, sha256);
  const recording = (async () => {
    await insertImport(deps.db, {
      id: importId,
      filename,
      format,
      sha256,
      statements: summaries,
      warnings,
      linesTotal: rows.length,
      startedAt: now,
      createdBy: actorId(actor),
    });
    let added = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      added += await insertLines(deps.db, rows.slice(i, i + INSERT_CHUNK));
    timings.insertMs = performance.now() - started;
    return added;
  })();
  const fileUniverse = seen
    ? Promise.resolve(null)
    : loadUniverse(deps.db, rows.map(matchLineOfInsert), timings.steps);
  // Both are awaited; the no-op handlers keep the second of two failures from going unhandled.
  recording.catch(() => undefined);
  fileUniverse.catch(() => undefined);
  const [linesNew, early] = await Promise.all([recording, fileUniverse]);

  // 3. Decide the undecided lines of the file's accounts: this file's, and any an interrupted
  // import left (read what those can match too).
  const accounts = [...new Set(summaries.map((s) => s.account))];
  const pending = await undecidedLines(deps.db, accounts);
  const inFile = new Set(early ? rows.map((r) => `${r.account}\u0000${r.entry_key}`) : []);
  const others = pending.filter((l) => !inFile.has(`${l.account}\u0000${l.entry_key}`));
  const universe: Universe = early ?? { payables: new Map(), identities: null };
  if (others.length > 0) {
    const more = await loadUniverse(
      deps.db,
      others.map(matchLineOf),
      timings.steps,
      universe.identities,
    );
    for (const [id, d] of more.payables) universe.payables.set(id, d);
    universe.identities ??= more.identities;
  }
  timings.loadMs = performance.now() - started - timings.insertMs;
  // The receipts' recipients are read while the lines are decided.
  const recipients = readMailTargets(
    deps.db,
    [...new Set([...universe.payables.values()].map((d) => d.customer_id))],
    timings.steps,
  );
  recipients.catch(() => undefined); // awaited below
  const t = performance.now();
  const decisions = await decideAll(pending.map(matchLineOf), universe, timings.steps);
  timings.decideMs = performance.now() - t;
  const decided = { decisions, payables: universe.payables };

  // 4. Apply, chunk by chunk.
  started = performance.now();
  const seller = (await getSeller(deps.db))?.name ?? "";
  const totals = { matched: 0, credited: 0, queued: 0, ignored: 0, payments: 0 };
  const queuedLineIds: string[] = [];
  const apply: ApplyContext = {
    deps,
    actor,
    steps: timings.steps,
    recipients: await recipients,
    seller,
    payables: decided.payables,
    link: `${deps.config.baseUrl}/finances/payments`,
  };
  // Lanes of lines, each applied in order, chunk by chunk; a customer's lines share a lane.
  const lanes: ChunkItem[][] = Array.from({ length: concurrency }, () => []);
  pending.forEach((row, i) => {
    const decision = decided.decisions[i] as MatchDecision;
    const key =
      decision.kind === "matched" || decision.kind === "credit" ? decision.customerId : row.id;
    lanes[laneOf(key, concurrency)]?.push({ row, decision });
  });
  let chunk = 0;
  let failure: { error: unknown } | null = null;
  const runLane = async (items: readonly ChunkItem[]) => {
    for (let i = 0; i < items.length && failure === null; i += chunkSize) {
      const part = items.slice(i, i + chunkSize);
      try {
        const outcome = await withRetry(() =>
          deps.db.transaction().execute((tx) => applyChunk(tx, apply, part)),
        );
        for (const d of outcome.decided) {
          if (d.state === "matched") totals.matched++;
          else if (d.state === "credit") totals.credited++;
          else if (d.state === "queued") {
            totals.queued++;
            queuedLineIds.push(d.id);
          } else if (d.state === "ignored") totals.ignored++;
        }
        totals.payments += outcome.payments;
        chunk++;
        await options.afterChunk?.({ chunk, lines: part.length });
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(lanes.map(runLane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  queuedLineIds.sort();
  timings.applyMs = performance.now() - started;

  // 5. Complete.
  const finished = deps.clock.now();
  await withRetry(() =>
    deps.db.transaction().execute(async (tx) => {
      await finishImport(tx, importId, { linesNew, ...totals, finishedAt: finished });
      const completed = await completeInterruptedImports(tx, sha256, importId, finished);
      await writeAudit(tx, deps.clock, actor, {
        action: "bank.statement_imported",
        subjectType: "bank_import",
        subjectId: importId,
        data: {
          filename,
          format,
          statements: summaries.length,
          linesTotal: rows.length,
          linesNew,
          ...totals,
          completedInterrupted: completed,
        },
      });
    }),
  );

  return {
    importId,
    format,
    statements: summaries,
    linesTotal: rows.length,
    linesNew,
    matched: totals.matched,
    credited: totals.credited,
    queued: totals.queued,
    ignored: totals.ignored,
    alreadyKnown: rows.length - linesNew,
    warnings,
    payments: totals.payments,
    queuedLineIds,
    timings,
  };
}

/** The lane of a customer (or line): a stable hash, modulo the lanes. */
function laneOf(key: string, lanes: number): number {
  if (lanes === 1) return 0;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % lanes;
}

function sha256Of(content: Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function actorId(actor: Actor): string | null {
  return actor.type === "user" ? actor.userId : actor.name;
}

/** The statement's own account: its IBAN, else the number as given (spaces removed). */
function accountOf(st: ParsedStatement, fallback: string | null): string {
  const own = st.account.iban ?? st.account.number?.replace(/\s+/g, "") ?? null;
  return own && own.length > 0 ? own : (fallback ?? "unknown");
}

/** A statement amount (exact decimal) in minor units of its currency; more decimals are refused. */
function minorUnitsOf(amount: string, currency: string, source: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) throw new StatementParseError(null, { path: source }, `Not an amount: "${amount}".`);
  const [, whole = "", fraction = ""] = m;
  const digits = minorUnits(currency);
  if (fraction.length > digits)
    throw new StatementParseError(
      null,
      { path: source },
      `The amount ${amount} ${currency} has more decimals than ${currency} has (${digits}).`,
    );
  return BigInt(whole + fraction.padEnd(digits, "0"));
}

/** A stored amount (minor units) as a decimal string of its currency. */
export function decimalOf(minor: bigint, currency: string): string {
  return formatDecimal({ units: minor, scale: minorUnits(currency) }, currency);
}

// ---------------------------------------------------------------------------------------------
// Deciding
// ---------------------------------------------------------------------------------------------

function matchLineOfInsert(row: LineInsert): MatchLine {
  return {
    direction: row.direction,
    amount: BigInt(row.amount),
    currency: row.currency,
    remittance: row.remittance,
    structuredReference: row.structured_reference,
    counterpartyName: row.counterparty_name,
    counterpartyIban: row.counterparty_iban,
    counterpartyAccount: row.counterparty_account,
    reversal: row.reversal,
    booked: row.booked,
  };
}

export function matchLineOf(row: BankLineRow): MatchLine {
  return {
    direction: row.direction,
    amount: row.amount,
    currency: row.currency,
    remittance: row.remittance,
    structuredReference: row.structured_reference,
    counterpartyName: row.counterparty_name,
    counterpartyIban: row.counterparty_iban,
    counterpartyAccount: row.counterparty_account,
    reversal: row.reversal,
    booked: row.booked,
  };
}

function matchDocumentOf(d: PayableRow): MatchDocument {
  return {
    id: d.id,
    customerId: d.customer_id,
    number: d.number,
    reference: d.payment_reference,
    currency: assertCurrency(d.currency),
    total: d.gross_total,
    open: d.gross_total - d.paid_amount,
    status: d.status,
    supersededById: d.superseded_by_id,
  };
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Customers' payer identities, and the lookup decideMatch makes with them. */
function identitiesOf(data: Awaited<ReturnType<typeof payerIdentities>>) {
  const byCustomer = new Map<string, { names: string[]; accounts: string[] }>();
  const entry = (id: string) => {
    let e = byCustomer.get(id);
    if (!e) {
      e = { names: [], accounts: [] };
      byCustomer.set(id, e);
    }
    return e;
  };
  for (const c of data.customers) entry(c.id).names.push(c.name, c.legal_name);
  for (const p of data.payers) {
    const e = entry(p.customer_id);
    e.accounts.push(p.account);
    if (p.name) e.names.push(p.name);
  }
  const identities: CustomerIdentity[] = [...byCustomer].map(([customerId, e]) => ({
    customerId,
    names: e.names,
    accounts: e.accounts,
  }));
  const byAccount = new Map<string, Set<string>>();
  const byName = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string | null, id: string) => {
    if (key === null) return;
    const set = map.get(key);
    if (set) set.add(id);
    else map.set(key, new Set([id]));
  };
  for (const c of identities) {
    for (const a of c.accounts) add(byAccount, normalizeAccount(a), c.customerId);
    for (const n of c.names) add(byName, normalizePayerName(n), c.customerId);
  }
  const payersOf = (line: MatchLine): string[] => {
    const out = new Set<string>();
    for (const account of [line.counterpartyIban, line.counterpartyAccount]) {
      const key = account ? normalizeAccount(account) : null;
      for (const c of (key && byAccount.get(key)) || []) out.add(c);
    }
    const name = line.counterpartyName ? normalizePayerName(line.counterpartyName) : null;
    for (const c of (name && byName.get(name)) || []) out.add(c);
    return [...out];
  };
  return { identities, payersOf };
}

type Identities = ReturnType<typeof identitiesOf>;

/** The documents some lines can match, and the payers, as read for them. */
interface Universe {
  payables: Map<string, PayableRow>;
  identities: Identities | null;
}

/**
 * Reads what `lines` can match (see domain/match-keys.ts): the documents their references name
 * (exactly, within one character), one of every series, the replacements of cancelled
 * proformas, and for the lines no reference resolves the payers' open documents and the open
 * documents of their amounts. `identities`, when given, are the payers already read.
 */
async function loadUniverse(
  db: Db,
  lines: readonly MatchLine[],
  steps: Record<string, number>,
  known0: Identities | null = null,
): Promise<Universe> {
  const payables = new Map<string, PayableRow>();
  if (lines.length === 0) return { payables, identities: known0 };
  const add = (found: readonly PayableRow[]) => {
    for (const d of found) payables.set(d.id, d);
  };
  const read = async (refs: readonly string[], key: string) => {
    for (const part of chunked(refs, READ_CHUNK))
      add(await timed(steps, key, () => payablesByReferences(db, part)));
  };
  const { series, samples } = await timed(steps, "load: series", () => seriesInUse(db));
  add(samples);
  let known = new Set<string>();
  const refreshKnown = () => {
    known = new Set<string>();
    for (const d of payables.values()) if (d.payment_reference) known.add(d.payment_reference);
  };
  const isKnown = (r: string) => known.has(r);
  const js = <T>(fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      steps["plan (JavaScript)"] = (steps["plan (JavaScript)"] ?? 0) + performance.now() - t;
    }
  };

  // References exactly, RF references within one edit; then numbers within one edit.
  const plan = js(() => new ReadPlan(lines, series));
  await read(plan.first, "load: references");
  refreshKnown();
  await read(
    js(() => plan.second(isKnown)),
    "load: references within one edit",
  );

  // Replacements of cancelled proformas, followed as decideMatch follows them.
  for (let hop = 0; hop < 5; hop++) {
    const missing = [...payables.values()]
      .filter(
        (d) => d.status === "cancelled" && d.superseded_by_id && !payables.has(d.superseded_by_id),
      )
      .map((d) => d.superseded_by_id as string);
    if (missing.length === 0) break;
    add(await payablesByIds(db, missing));
  }
  refreshKnown();

  // Lines no reference resolves are decided by amount and payer; weak references need payers.
  const { byAmountAndPayer, payers: needsPayers } = js(() => plan.rest(isKnown));
  const amounts = new Map<string, { currency: string; amount: bigint }>();
  for (const i of byAmountAndPayer) {
    const line = lines[i] as MatchLine;
    if (isCurrency(line.currency))
      amounts.set(`${line.currency}:${line.amount}`, {
        currency: line.currency,
        amount: line.amount,
      });
  }
  // The documents of the lines' amounts (one scan) while the payers are read and normalized.
  const byAmount = (async () => {
    const found: PayableRow[] = [];
    for (const part of chunked([...amounts.values()], READ_CHUNK))
      found.push(
        ...(await timed(steps, "load: documents by amount", () =>
          openPayablesByAmounts(db, part, PER_AMOUNT),
        )),
      );
    return found;
  })();
  const byPayer = (async () => {
    let identities = known0;
    if (!identities && (needsPayers || byAmountAndPayer.length > 0)) {
      const data = await timed(steps, "load: payers", () => payerIdentities(db));
      const t0 = performance.now();
      identities = identitiesOf(data);
      steps["payers (JavaScript)"] = (steps["payers (JavaScript)"] ?? 0) + performance.now() - t0;
    }
    const customers = new Set<string>();
    if (identities)
      for (const i of byAmountAndPayer)
        for (const c of identities.payersOf(lines[i] as MatchLine)) customers.add(c);
    const found: PayableRow[] = [];
    for (const part of chunked([...customers], READ_CHUNK))
      found.push(
        ...(await timed(steps, "load: payers' documents", () => openPayablesOfCustomers(db, part))),
      );
    return { identities, found };
  })();
  byAmount.catch(() => undefined); // both awaited just below
  byPayer.catch(() => undefined);
  const [amountRows, payerPart] = await Promise.all([byAmount, byPayer]);
  add(payerPart.found);
  add(amountRows);
  return { payables, identities: payerPart.identities };
}

/**
 * Decides every line in order, each seeing what the earlier ones allocated; lets other work run
 * every few thousand lines (requests of the same process, reads in flight).
 */
async function decideAll(
  lines: readonly MatchLine[],
  universe: Universe,
  steps: Record<string, number>,
): Promise<MatchDecision[]> {
  const t = performance.now();
  const index = buildReferenceIndex([...universe.payables.values()].map(matchDocumentOf));
  const ctx = buildMatchContext(index, universe.identities?.identities ?? []);
  steps["decide: index and context"] = performance.now() - t;
  const run = newMatchRun();
  const out: MatchDecision[] = [];
  for (const [i, line] of lines.entries()) {
    if (i % 5_000 === 4_999) await new Promise((resolve) => setImmediate(resolve));
    const d = decideMatch(line, ctx, run);
    recordDecision(run, d);
    out.push(d);
  }
  return out;
}

interface MailTarget {
  language: "hu" | "en";
  recipients: string[];
}

/** The language and receipt recipients of customers (notifications' routing of the receipt). */
async function readMailTargets(
  db: Db,
  customerIds: readonly string[],
  steps: Record<string, number>,
): Promise<Map<string, MailTarget>> {
  const out = new Map<string, MailTarget>();
  for (const part of chunked(customerIds, READ_CHUNK)) {
    const [customers, recipients] = await timed(steps, "load: receipt recipients", () =>
      Promise.all([mailTargets(db, part), recipientsOf(db, "payments.received", part)]),
    );
    for (const c of customers)
      out.set(c.id, {
        language: c.language === "en" ? "en" : "hu",
        recipients: recipients.get(c.id) ?? [],
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Applying
// ---------------------------------------------------------------------------------------------

interface ApplyContext {
  deps: ImportDeps;
  actor: Actor;
  steps: Record<string, number>;
  /** Language and receipt recipients of the customers the decisions name. */
  recipients: Map<string, MailTarget>;
  seller: string;
  /** Every document the decisions name (their kind decides the way of paying). */
  payables: ReadonlyMap<string, PayableRow>;
  link: string;
}

interface ChunkItem {
  row: BankLineRow;
  decision: MatchDecision;
}

interface ChunkOutcome {
  decided: LineDecision[];
  payments: number;
}

const RETRYABLE = new Set(["40001", "40P01"]);

/** Runs a chunk again after a deadlock or serialization failure (PostgreSQL), twice at most. */
async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== "string" || !RETRYABLE.has(code)) throw error;
    }
  }
}

/** What the line records of its decision (amounts as decimal strings). */
export function lineDecisionOf(
  id: string,
  d: MatchDecision,
  paymentId: string | null,
  state?: BankLineState,
): LineDecision {
  switch (d.kind) {
    case "matched":
      return {
        id,
        state: state ?? "matched",
        reason: d.reason,
        candidates: [],
        flags: [...d.flags],
        payment_id: paymentId,
      };
    case "credit":
      return {
        id,
        state: state ?? "credit",
        reason: d.reason,
        candidates: [],
        flags: [...d.flags],
        payment_id: paymentId,
      };
    case "queue":
      return {
        id,
        state: "queued",
        reason: d.reason,
        candidates: d.candidates.map((c) => ({
          documentId: c.documentId,
          customerId: c.customerId,
          number: c.number,
          currency: c.currency,
          open: decimalOf(c.open, c.currency),
          why: c.why,
        })),
        flags: [...d.flags],
        payment_id: null,
      };
    case "ignored":
      return {
        id,
        state: "ignored",
        reason: d.reason,
        candidates: [],
        flags: [],
        payment_id: null,
      };
  }
}

/** The payment flag of a decision: a named document was no longer open. */
function flagOf(d: MatchDecision): string | null {
  if (d.kind !== "matched" && d.kind !== "credit") return null;
  return d.flags.some((f) => f.code === "document_not_open") ? "document_not_open" : null;
}

/** The payer's account worth remembering (masked or partial numbers are not). */
function payerAccountOf(row: BankLineRow): string | null {
  for (const a of [row.counterparty_iban, row.counterparty_account])
    if (a && normalizeAccount(a) !== null) return a;
  return null;
}

async function applyChunk(
  tx: Db,
  c: ApplyContext,
  items: readonly ChunkItem[],
): Promise<ChunkOutcome> {
  const { deps, actor, steps } = c;
  const claimed = await timed(steps, "apply: lock lines", () =>
    lockUndecidedLines(
      tx,
      items.map((it) => it.row.id),
    ),
  );
  const work = items.filter((it) => claimed.has(it.row.id));

  // Payments of open invoices, fully allocated: set-based when the documents still fit.
  const fastCandidates = work.filter(
    (it) =>
      it.decision.kind === "matched" &&
      it.decision.credit === 0n &&
      it.decision.allocations.every((a) => c.payables.get(a.documentId)?.kind === "invoice"),
  );
  const locked = await timed(steps, "apply: lock documents", () =>
    lockPayables(tx, [
      ...new Set(
        fastCandidates.flatMap((it) =>
          it.decision.kind === "matched" ? it.decision.allocations.map((a) => a.documentId) : [],
        ),
      ),
    ]),
  );
  const paidNow = new Map<string, bigint>();
  const fast: (ChunkItem & { decision: Extract<MatchDecision, { kind: "matched" }> })[] = [];
  const slow: ChunkItem[] = [];
  const fastSet = new Set(fastCandidates);
  for (const it of work) {
    const d = it.decision;
    if (d.kind !== "matched" && d.kind !== "credit") continue;
    if (d.kind === "matched" && fastSet.has(it)) {
      const fits = d.allocations.every((a) => {
        const doc = locked.get(a.documentId);
        if (!doc || doc.status !== "open" || doc.kind !== "invoice") return false;
        if (doc.customer_id !== d.customerId || doc.currency !== it.row.currency) return false;
        const open = doc.gross_total - doc.paid_amount - (paidNow.get(doc.id) ?? 0n);
        return a.amount <= open;
      });
      if (fits && isCurrency(it.row.currency)) {
        for (const a of d.allocations)
          paidNow.set(a.documentId, (paidNow.get(a.documentId) ?? 0n) + a.amount);
        fast.push({ ...it, decision: d });
        continue;
      }
    }
    slow.push(it);
  }

  const paymentOf = new Map<string, string>();
  const stateOf = new Map<string, BankLineState>();
  const failed = new Map<string, string>();
  if (fast.length > 0) {
    const ids = await writeFast(tx, c, fast, locked, paidNow);
    for (const [lineId, paymentId] of ids) paymentOf.set(lineId, paymentId);
  }
  let payments = fast.length;

  for (const it of slow) {
    const d = it.decision;
    if (d.kind !== "matched" && d.kind !== "credit") continue;
    const row = it.row;
    const money: ReceivedMoney = {
      customerId: d.customerId,
      currency: row.currency === "EUR" ? "EUR" : "HUF",
      amount: row.amount,
      method: "transfer",
      source: "bank",
      externalId: row.id,
      receivedOn: row.booking_date,
      payer: row.counterparty_name,
      payerAccount: payerAccountOf(row),
      reference: row.remittance.trim() || null,
      documents:
        d.kind === "matched"
          ? d.allocations.map((a) => ({ id: a.documentId, amount: a.amount }))
          : [],
      flag: flagOf(d),
    };
    if (row.currency !== "HUF" && row.currency !== "EUR") {
      failed.set(row.id, `payments in ${row.currency} cannot be recorded`);
      continue;
    }
    await sqlSavepoint(tx, "bank_line");
    try {
      const r = await timed(steps, "apply: receivePayment (one by one)", () =>
        receivePayment(tx, deps, money, actor),
      );
      await sqlRelease(tx, "bank_line");
      paymentOf.set(row.id, r.paymentId);
      if (!r.duplicate) {
        payments++;
        stateOf.set(row.id, r.applied.allocations.length > 0 ? "matched" : "credit");
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await sqlRollbackTo(tx, "bank_line");
      deps.logger.warn({ err: error, lineId: row.id }, "bank line payment refused; queued");
      failed.set(row.id, `${error.code}: ${error.message}`);
    }
  }

  const decided = work.map((it) => {
    const refused = failed.get(it.row.id);
    if (refused !== undefined) {
      const candidates =
        it.decision.kind === "matched"
          ? it.decision.allocations.flatMap((a) => {
              const doc = c.payables.get(a.documentId);
              return doc
                ? [
                    {
                      documentId: doc.id,
                      customerId: doc.customer_id,
                      number: doc.number,
                      currency: doc.currency,
                      open: decimalOf(doc.gross_total - doc.paid_amount, doc.currency),
                      why: a.via,
                    },
                  ]
                : [];
            })
          : [];
      return {
        id: it.row.id,
        state: "queued" as const,
        reason: "payment_refused",
        candidates,
        flags: [{ code: "payment_refused", message: refused }],
        payment_id: null,
      };
    }
    return lineDecisionOf(
      it.row.id,
      it.decision,
      paymentOf.get(it.row.id) ?? null,
      stateOf.get(it.row.id),
    );
  });
  const updated = await timed(steps, "apply: mark lines", () =>
    markLinesDecided(tx, decided, deps.clock.now(), actorId(actor)),
  );
  if (updated !== decided.length)
    throw new Error(`decided ${updated} of ${decided.length} locked bank lines`);
  return { decided, payments };
}

async function sqlSavepoint(tx: Db, name: string): Promise<void> {
  await sql.raw(`SAVEPOINT ${name}`).execute(tx);
}
async function sqlRelease(tx: Db, name: string): Promise<void> {
  await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx);
}
async function sqlRollbackTo(tx: Db, name: string): Promise<void> {
  await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(tx);
  await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx);
}

/**
 * Writes the payments of `fast` (each paying open invoices exactly, no credit) as receivePayment
 * would, set-based. Returns line id → payment id.
 */
async function writeFast(
  tx: Db,
  c: ApplyContext,
  fast: readonly (ChunkItem & { decision: Extract<MatchDecision, { kind: "matched" }> })[],
  locked: ReadonlyMap<string, PayableRow>,
  paidNow: ReadonlyMap<string, bigint>,
): Promise<Map<string, string>> {
  const { deps, actor } = c;
  const now = deps.clock.now();
  const ms = now.getTime();
  const out = new Map<string, string>();
  const rows: BulkPaymentRows = {
    payments: [],
    transactions: [],
    allocations: [],
    documents: [],
    balances: [],
    payers: [],
    audit: [],
    mails: [],
  };
  const balances = new Map<string, { customer_id: string; currency: string; receivable: bigint }>();
  const payers = new Map<string, { customer_id: string; account: string; name: string | null }>();
  const audit: AuditRow[] = [];
  const receipts: {
    customerId: string;
    currency: "HUF" | "EUR";
    amount: bigint;
    receivedOn: string;
    numbers: string[];
  }[] = [];
  for (const { row, decision } of fast) {
    const paymentId = newId("pay", ms);
    out.set(row.id, paymentId);
    const currency = assertCurrency(row.currency);
    const money = currency === "EUR" ? "EUR" : "HUF";
    rows.payments.push({
      id: paymentId,
      customer_id: decision.customerId,
      external_id: row.id,
      currency,
      amount: row.amount.toString(),
      received_on: row.booking_date,
      payer: row.counterparty_name,
      reference: row.remittance.trim() || null,
      flag: flagOf(decision),
    });
    const numbers: string[] = [];
    for (const a of decision.allocations) {
      const doc = locked.get(a.documentId) as PayableRow;
      const txnId = newId("ltx", ms);
      rows.transactions.push({
        id: txnId,
        customer_id: decision.customerId,
        document_id: doc.id,
        payment_id: paymentId,
        memo: `payment for ${doc.number}`,
        currency,
        amount: a.amount.toString(),
      });
      rows.allocations.push({
        id: newId("alc", ms),
        document_id: doc.id,
        payment_id: paymentId,
        amount: a.amount.toString(),
        ledger_txn_id: txnId,
      });
      const key = `${decision.customerId}:${currency}`;
      const b = balances.get(key);
      if (b) b.receivable -= a.amount;
      else balances.set(key, { customer_id: decision.customerId, currency, receivable: -a.amount });
      numbers.push(doc.number);
    }
    const account = payerAccountOf(row);
    if (account)
      payers.set(`${decision.customerId}\u0000${account}`, {
        customer_id: decision.customerId,
        account,
        name: row.counterparty_name,
      });
    audit.push(
      auditRow(now, actor, {
        action: "payment.received",
        subjectType: "payment",
        subjectId: paymentId,
        customerId: decision.customerId,
        data: {
          amount: row.amount.toString(),
          currency,
          method: "transfer",
          source: "bank",
          externalId: row.id,
          allocations: decision.allocations.map((a) => ({
            documentId: a.documentId,
            amount: a.amount.toString(),
            finalInvoiceId: null,
          })),
          credit: "0",
          flags: [],
        },
      }),
    );
    receipts.push({
      customerId: decision.customerId,
      currency: money,
      amount: row.amount,
      receivedOn: row.booking_date,
      numbers,
    });
  }
  const paidInvoices: string[] = [];
  for (const [id, extra] of paidNow) {
    const doc = locked.get(id) as PayableRow;
    const paid = doc.paid_amount + extra;
    const settled = paid >= doc.gross_total;
    if (settled) paidInvoices.push(id);
    rows.documents.push({
      id,
      paid_amount: paid.toString(),
      status: settled ? "paid" : "open",
      paid_at: settled ? now.toISOString() : null,
    });
  }
  rows.balances = [...balances.values()].map((b) => ({
    ...b,
    receivable: b.receivable.toString(),
  }));
  rows.payers = [...payers.values()];
  rows.audit = audit;

  // Receipt e-mails, as receivePayment queues them when no final invoice is mailed.
  const missing = [...new Set(receipts.map((r) => r.customerId))].filter(
    (id) => !c.recipients.has(id),
  );
  if (missing.length > 0)
    for (const [id, target] of await readMailTargets(tx, missing, c.steps))
      c.recipients.set(id, target);
  const mails: OutboxRow[] = [];
  for (const r of receipts) {
    const target = c.recipients.get(r.customerId);
    if (!target) continue;
    const lang = target.language;
    const mail = paymentReceivedMail(lang, {
      seller: c.seller,
      amount: r.amount,
      currency: r.currency,
      receivedOn: r.receivedOn,
      documents: r.numbers,
      credit: 0n,
      link: c.link,
    });
    for (const to of target.recipients)
      mails.push(
        outboxRow(
          {
            type: "payments.received",
            language: lang,
            to,
            subject: mail.subject,
            text: mail.text,
            customerId: r.customerId,
          },
          now,
        ),
      );
  }
  rows.mails = mails;

  await timed(c.steps, "apply: write payments (one statement)", () =>
    writeBulkPayments(tx, rows, { now, actorType: actor.type, actorId: actorId(actor) }),
  );
  await timed(c.steps, "apply: renewal and mail jobs", async () => {
    await deps.jobs.sendMany(
      tx,
      INVOICE_PAID_JOB,
      paidInvoices.map((documentId) => ({ documentId })),
    );
    await enqueueMailJobs(
      tx,
      deps,
      mails.map((m) => m.id),
    );
  });
  return out;
}
