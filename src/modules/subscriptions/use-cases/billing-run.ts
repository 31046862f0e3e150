import { auditRow, copyAuditRows, type Actor, type AuditRow } from "../../../platform/audit.ts";
import { addMonths, daysBetween, localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { BillingRunTrigger, Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import { Money, type CurrencyCode } from "../../../platform/money/index.ts";
import {
  cancelProforma,
  getInvoicingSettings,
  getSeller,
  issueInvoicesInTransaction,
  type BulkInvoiceRequest,
} from "../../billing/index.ts";
import { requestProvisioning } from "../../provisioning/index.ts";
import {
  enqueueMailJobs,
  outboxRow,
  copyOutboxRows,
  recipientsOf,
  type OutboxRow,
} from "../../notifications/index.ts";
import { CYCLE_MONTHS, periodFrom, isRecurring, type RecurringCycle } from "../domain/periods.ts";
import { reminderStage } from "../domain/reminders.ts";
import {
  expiryReminderMail,
  renewalReminderLead,
  serviceStatusMail,
  type StatusChange,
} from "../mails.ts";
import {
  applyCycleChanges,
  finishRun,
  heartbeatRun,
  insertReminders,
  insertRenewals,
  insertRun,
  largestReminderStage,
  startQueuedRun,
  lockBillingRun,
  markCancellationsEffective,
  markInterruptedRuns,
  openOrderProformas,
  openRenewalProformas,
  reminderCandidates,
  renewalCandidateOf,
  serviceOwner,
  servicesDueForRenewal,
  transitionServices,
  type OverdueTransition,
  type RenewalCandidate,
  type TransitionRow,
} from "../repo-run.ts";
import { getLifecycleSettings, type LifecycleSettings } from "../settings.ts";

/**
 * The daily billing run (C2–C4, overdue): for one day, in this order —
 * 1. orders left unpaid (their proforma `cancelUnpaidOrdersAfterDays` past due) are dropped: the
 *    pending services cancelled, the proforma cancelled; cancellations that take effect end the
 *    services (cancelled);
 * 2. renewal documents for every period due within its lead days (proforma, or invoice when the
 *    provider bills in advance), one per service and period, through billing's bulk issuing; a
 *    reminder stage due that day opens the document's e-mail instead of going on its own;
 * 3. expiry reminders (the stage each service has reached, once per due date and stage);
 * 4. overdue: domains and certificates not renewed expire on their due date; other services are
 *    suspended N days after it while the renewal document is open; suspended or expired services
 *    are terminated M days after it (their open renewal proformas cancelled).
 *
 * Set-based: each step reads its services a page at a time and writes a page in one transaction
 * (documents, renewal records, reminders, transitions, audit rows, e-mails and their jobs
 * together). Idempotent and resumable: what a step writes is keyed (service + period, service +
 * due date + stage) or guarded by its WHERE clause, so running a day again — after success, or
 * after a crash that left some pages committed — does only what is still undone. Concurrent runs
 * take turns per transaction (an advisory lock) and therefore never do anything twice either.
 */

export interface BillingRunOptions {
  /** The day to run for (YYYY-MM-DD); default today in the provider's time zone. */
  date?: string;
  trigger: BillingRunTrigger;
  /** Services per transaction (default 2,000). */
  pageSize?: number;
  /** A run queued by staff (queueBillingRun): its history row is used instead of a new one. */
  runId?: string;
  /** Called after each committed page (tests use it to simulate a crash). */
  onPage?: (step: BillingRunStep, done: number) => void | Promise<void>;
}

export type BillingRunStep = "cancellations" | "renewals" | "reminders" | "overdue";

export interface BillingRunCounts {
  ordersAbandoned: number;
  cancelled: number;
  renewalDocuments: number;
  renewalProblems: number;
  reminders: number;
  expired: number;
  suspended: number;
  terminated: number;
  proformasCancelled: number;
  mails: number;
}

export interface BillingRunReport {
  id: string;
  date: string;
  status: "completed" | "failed";
  counts: BillingRunCounts;
  problems: { serviceId: string; code: string; message: string }[];
  durationMs: number;
  error: string | null;
}

const SYSTEM: Actor = { type: "system", name: "billing-run" };
const DEFAULT_PAGE = 2_000;
/** A run that has not reported for this long has stopped (its process died). */
const STALE_AFTER_MS = 15 * 60_000;

export async function runBillingDay(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs" | "logger">,
  options: BillingRunOptions,
): Promise<BillingRunReport> {
  const started = performance.now();
  const now = deps.clock.now();
  const date = options.date ?? localDate(now, deps.config.timeZone);
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const settings = await getLifecycleSettings(deps.db);
  await markInterruptedRuns(deps.db, new Date(now.getTime() - STALE_AFTER_MS), now);
  const queued = options.runId ? await startQueuedRun(deps.db, options.runId, now) : false;
  const id = queued && options.runId ? options.runId : newId("run", now.getTime());
  if (!queued) await insertRun(deps.db, { id, runDate: date, trigger: options.trigger, now });
  const counts: BillingRunCounts = {
    ordersAbandoned: 0,
    cancelled: 0,
    renewalDocuments: 0,
    renewalProblems: 0,
    reminders: 0,
    expired: 0,
    suspended: 0,
    terminated: 0,
    proformasCancelled: 0,
    mails: 0,
  };
  const problems: BillingRunReport["problems"] = [];
  const ctx: RunContext = {
    deps,
    date,
    runId: id,
    settings,
    pageSize,
    counts,
    problems,
    seller: (await getSeller(deps.db))?.name ?? "",
    onPage: async (step, done) => {
      await heartbeatRun(deps.db, id, { ...counts }, deps.clock.now());
      await options.onPage?.(step, done);
    },
  };
  try {
    await transitionStep(ctx, "abandon");
    await transitionStep(ctx, "cancel");
    await renewalStep(ctx);
    await reminderStep(ctx);
    await transitionStep(ctx, "expire");
    await transitionStep(ctx, "suspend");
    await transitionStep(ctx, "terminate");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(deps.db, id, {
      status: "failed",
      counts: { ...counts },
      problems,
      error: message,
      now: deps.clock.now(),
    }).catch(() => undefined);
    deps.logger.error({ err: error, runId: id, date }, "billing run failed");
    throw error;
  }
  await finishRun(deps.db, id, {
    status: "completed",
    counts: { ...counts },
    problems,
    error: null,
    now: deps.clock.now(),
  });
  const report: BillingRunReport = {
    id,
    date,
    status: "completed",
    counts,
    problems,
    durationMs: Math.round(performance.now() - started),
    error: null,
  };
  deps.logger.info({ runId: id, date, counts, problems: problems.length }, "billing run completed");
  return report;
}

interface RunContext {
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">;
  date: string;
  runId: string;
  settings: LifecycleSettings;
  pageSize: number;
  counts: BillingRunCounts;
  problems: BillingRunReport["problems"];
  seller: string;
  onPage: (step: BillingRunStep, done: number) => Promise<void>;
}

const serviceLink = (baseUrl: string, id: string) => `${baseUrl}/services/${id}`;
const lang = (l: string): "hu" | "en" => (l === "en" ? "en" : "hu");

export const BILLING_RUN_JOB = "subscriptions.billing-run";

/**
 * Staff's "Run now": the run is queued as the daily job is (a run over many services takes
 * minutes, longer than a request may), and shows in the history at once as `queued`.
 */
export async function queueBillingRun(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
): Promise<string> {
  const now = deps.clock.now();
  const id = newId("run", now.getTime());
  await deps.db.transaction().execute(async (tx) => {
    await insertRun(tx, {
      id,
      runDate: localDate(now, deps.config.timeZone),
      trigger: "staff",
      status: "queued",
      now,
    });
    await deps.jobs.send(tx, BILLING_RUN_JOB, { runId: id });
  });
  return id;
}

/** Renewal documents, a page of services per transaction. */
async function renewalStep(ctx: RunContext): Promise<void> {
  const { deps, date } = ctx;
  const invoicing = await getInvoicingSettings(deps.db);
  const kind = invoicing.timing === "in_advance" ? "invoice" : "proforma";
  let after: { due: string; id: string } | null = null;
  for (;;) {
    const page = await deps.db.transaction().execute(async (tx) => {
      await lockBillingRun(tx);
      const due = await servicesDueForRenewal(tx, {
        date,
        defaultLead: ctx.settings.renewalLeadDays,
        after,
        limit: ctx.pageSize,
      });
      if (due.length === 0) return null;
      const planned = due.map((s) => renewalOf(s, kind, date, ctx.settings.reminderDays));
      // C3: a reminder stage reached today goes out with the renewal document, in its e-mail.
      const reminding = planned.filter((p) => p.reminder !== null);
      const reminderTo =
        reminding.length > 0
          ? await recipientsOf(
              tx,
              "service.expiry_reminder",
              reminding.map((p) => p.service.customer_id),
            )
          : new Map<string, string[]>();
      const { documents, skipped, mails } = await issueInvoicesInTransaction(
        tx,
        deps,
        planned.map((p) =>
          p.reminder === null
            ? p.request
            : {
                ...p.request,
                mail: {
                  lead: (language) =>
                    renewalReminderLead(language, {
                      ...serviceNamed(p.service),
                      dueDate: p.service.next_due_date,
                      daysLeft: daysBetween(date, p.service.next_due_date),
                      link: serviceLink(deps.config.baseUrl, p.service.id),
                      seller: ctx.seller,
                    }),
                  alsoTo: reminderTo.get(p.service.customer_id) ?? [],
                },
              },
        ),
        SYSTEM,
        { skipInvalid: true },
      );
      const now = deps.clock.now();
      await insertRenewals(
        tx,
        documents.map((d) => ({
          serviceId: planned[d.index]!.service.id,
          periodFrom: planned[d.index]!.period.from,
          periodTo: planned[d.index]!.period.to,
          documentId: d.id,
        })),
        ctx.runId,
        now,
      );
      const withReminder = documents.filter((d) => planned[d.index]!.reminder !== null);
      const reminded = await insertReminders(
        tx,
        withReminder.map((d) => ({
          serviceId: planned[d.index]!.service.id,
          dueDate: planned[d.index]!.service.next_due_date,
          daysBefore: planned[d.index]!.reminder!,
        })),
        date,
        ctx.runId,
      );
      const audit = withReminder
        .filter((d) => reminded.has(planned[d.index]!.service.id))
        .map((d) => reminderAudit(now, date, planned[d.index]!.service, d.id));
      if (audit.length > 0) await copyAuditRows(audit).execute(tx);
      const changing = documents
        .map((d) => planned[d.index]!.service)
        .filter((s) => s.next_cycle !== null);
      await applyCycleChanges(
        tx,
        changing.map((s) => s.id),
        now,
      );
      const last = due[due.length - 1]!;
      return {
        issued: documents.length,
        reminders: audit.length,
        mails,
        skipped: skipped.map((k) => ({
          serviceId: planned[k.index]!.service.id,
          code: k.code,
          message: k.message,
        })),
        last: { due: last.next_due_date, id: last.id },
      };
    });
    if (!page) return;
    ctx.counts.renewalDocuments += page.issued;
    ctx.counts.reminders += page.reminders;
    ctx.counts.mails += page.mails;
    ctx.counts.renewalProblems += page.skipped.length;
    ctx.problems.push(...page.skipped.slice(0, Math.max(0, 1000 - ctx.problems.length)));
    after = page.last;
    await ctx.onPage("renewals", ctx.counts.renewalDocuments);
  }
}

/**
 * A customer renews early (my services → Renew): the renewal document of the next period is
 * issued now, as the run would issue it later — or the open one is returned. Taken in turn
 * with the billing run (the same lock and the same key), so the period is billed once.
 */
export async function renewServiceNow(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  input: { serviceId: string; customerId: string | null },
  actor: Actor,
): Promise<{ documentId: string; created: boolean }> {
  return deps.db.transaction().execute(async (tx) => {
    await lockBillingRun(tx);
    const owner = await serviceOwner(tx, input.serviceId);
    if (!owner || (input.customerId !== null && owner.customer_id !== input.customerId))
      throw errors.notFound("service");
    if (owner.open_document_id) return { documentId: owner.open_document_id, created: false };
    const s = await renewalCandidateOf(tx, input.serviceId);
    if (!s)
      throw new AppError(
        "subscriptions.nothing_to_renew",
        409,
        "This service has no period to renew now (it is not active, is ending, or its renewal is already paid).",
      );
    const invoicing = await getInvoicingSettings(tx);
    const today = localDate(deps.clock.now(), deps.config.timeZone);
    const planned = renewalOf(s, invoicing.timing === "in_advance" ? "invoice" : "proforma", today);
    const { documents } = await issueInvoicesInTransaction(tx, deps, [planned.request], actor);
    const doc = documents[0]!;
    await insertRenewals(
      tx,
      [
        {
          serviceId: s.id,
          periodFrom: planned.period.from,
          periodTo: planned.period.to,
          documentId: doc.id,
        },
      ],
      null,
      deps.clock.now(),
    );
    await applyCycleChanges(tx, [s.id], deps.clock.now());
    return { documentId: doc.id, created: true };
  });
}

/** The renewal document of a service's next period (its own, grandfathered price; C5 change). */
function renewalOf(
  s: RenewalCandidate,
  kind: "proforma" | "invoice",
  date: string,
  defaultStages: readonly number[] = [],
) {
  const cycle = (s.next_cycle ?? s.billing_cycle) as RecurringCycle;
  const price = BigInt(s.next_price ?? s.price);
  const currency = s.currency as CurrencyCode;
  const period = periodFrom(s.next_due_date, cycle, s.start_date);
  const name = s.domain ?? s.label;
  const request: BulkInvoiceRequest = {
    kind,
    customerId: s.customer_id,
    currency,
    // Paid by the due date; a late run (catching up) gives the customer at least today.
    dueDate: s.next_due_date < date ? date : s.next_due_date,
    lines: [
      {
        description: name ? `${s.product_name} — ${name}` : s.product_name,
        quantity: "1",
        unit: "piece",
        unitPrice: Money.of(price, currency),
        serviceId: s.id,
        productId: s.product_id,
        periodFrom: period.from,
        periodTo: period.to,
      },
    ],
  };
  const reminder = reminderDueOn(date, s, s.reminder_days ?? defaultStages);
  return { service: s, period, request, reminder };
}

/** The expiry reminder stage (days before) a service owes on `date`, if any (C3). */
function reminderDueOn(
  date: string,
  s: { billing_cycle: string; next_due_date: string; sent: readonly number[] },
  stages: readonly number[],
): number | null {
  if (stages.length === 0 || !isRecurring(s.billing_cycle as RecurringCycle)) return null;
  return reminderStage({
    daysLeft: daysBetween(date, s.next_due_date),
    stages,
    // The current period: from one cycle before the due date to it.
    periodDays: daysBetween(
      addMonths(s.next_due_date, -CYCLE_MONTHS[s.billing_cycle as RecurringCycle]),
      s.next_due_date,
    ),
    sentStages: s.sent,
  });
}

/** The audit row of a reminder sent on `date` (in the renewal document's mail: its id). */
function reminderAudit(
  now: Date,
  date: string,
  s: { id: string; customer_id: string; next_due_date: string },
  documentId?: string,
): AuditRow {
  return auditRow(now, SYSTEM, {
    action: "service.reminder_sent",
    subjectType: "service",
    subjectId: s.id,
    customerId: s.customer_id,
    data: {
      dueDate: s.next_due_date,
      daysLeft: daysBetween(date, s.next_due_date),
      ...(documentId ? { documentId } : {}),
    },
  });
}

/** How a service is named in its e-mails. */
const serviceNamed = (s: {
  product_name: string;
  product_kind: RenewalCandidate["product_kind"];
  domain: string | null;
  label: string | null;
}) => ({ product: s.product_name, kind: s.product_kind, name: s.domain ?? s.label });

/** Expiry reminders, a page per transaction. */
async function reminderStep(ctx: RunContext): Promise<void> {
  const { deps, date } = ctx;
  const maxStage = await largestReminderStage(deps.db, ctx.settings.reminderDays);
  if (maxStage === 0) return;
  let after: { due: string; id: string } | null = null;
  for (;;) {
    const page = await deps.db.transaction().execute(async (tx) => {
      await lockBillingRun(tx);
      const rows = await reminderCandidates(tx, {
        date,
        defaultStages: ctx.settings.reminderDays,
        maxStage,
        after,
        limit: ctx.pageSize,
      });
      if (rows.length === 0) return null;
      const chosen = rows.flatMap((s) => {
        const stage = reminderDueOn(date, s, s.stages);
        return stage === null ? [] : [{ s, stage }];
      });
      const recorded = await insertReminders(
        tx,
        chosen.map(({ s, stage }) => ({
          serviceId: s.id,
          dueDate: s.next_due_date,
          daysBefore: stage,
        })),
        date,
        ctx.runId,
      );
      const sent = chosen.filter(({ s }) => recorded.has(s.id));
      const recipients = await recipientsOf(
        tx,
        "service.expiry_reminder",
        sent.map(({ s }) => s.customer_id),
      );
      const now = deps.clock.now();
      const mails: OutboxRow[] = [];
      const audit: AuditRow[] = [];
      for (const { s } of sent) {
        const l = lang(s.language);
        const mail = expiryReminderMail(l, {
          ...serviceNamed(s),
          dueDate: s.next_due_date,
          daysLeft: daysBetween(date, s.next_due_date),
          price: { minor: BigInt(s.price), currency: s.currency as CurrencyCode },
          document: s.document_number,
          link: serviceLink(deps.config.baseUrl, s.id),
          seller: ctx.seller,
        });
        for (const to of recipients.get(s.customer_id) ?? [])
          mails.push(
            outboxRow(
              {
                type: "service.expiry_reminder",
                language: l,
                to,
                subject: mail.subject,
                text: mail.text,
                customerId: s.customer_id,
              },
              now,
            ),
          );
        audit.push(reminderAudit(now, date, s));
      }
      await writeMailsAndAudit(tx, deps, mails, audit);
      const last = rows[rows.length - 1]!;
      return {
        sent: sent.length,
        mails: mails.length,
        last: { due: last.next_due_date, id: last.id },
      };
    });
    if (!page) return;
    ctx.counts.reminders += page.sent;
    ctx.counts.mails += page.mails;
    after = page.last;
    await ctx.onPage("reminders", ctx.counts.reminders);
  }
}

/**
 * What each kind of state change does besides the change itself: the counter it adds to, the
 * state the customer is told of (none for a dropped order: nothing was provided), the
 * provisioning action that switches the service off, which open proformas are cancelled.
 */
const TRANSITIONS: Record<
  OverdueTransition,
  {
    count: "ordersAbandoned" | "cancelled" | "expired" | "suspended" | "terminated";
    change: StatusChange;
    notify: boolean;
    provisioning: "suspend" | "terminate" | null;
    proformas: { of: "order" | "renewal"; reason: string } | null;
    step: BillingRunStep;
  }
> = {
  abandon: {
    count: "ordersAbandoned",
    change: "cancelled",
    notify: false,
    provisioning: null,
    proformas: { of: "order", reason: "order not paid" },
    step: "cancellations",
  },
  cancel: {
    count: "cancelled",
    change: "cancelled",
    notify: true,
    provisioning: "terminate",
    proformas: null,
    step: "cancellations",
  },
  expire: {
    count: "expired",
    change: "expired",
    notify: true,
    provisioning: "suspend",
    proformas: null,
    step: "overdue",
  },
  suspend: {
    count: "suspended",
    change: "suspended",
    notify: true,
    provisioning: "suspend",
    proformas: null,
    step: "overdue",
  },
  terminate: {
    count: "terminated",
    change: "terminated",
    notify: true,
    provisioning: "terminate",
    proformas: { of: "renewal", reason: "service terminated" },
    step: "overdue",
  },
};

/** One kind of state change for every service it applies to, in one transaction. */
async function transitionStep(ctx: RunContext, kind: OverdueTransition): Promise<void> {
  const { deps, date, settings } = ctx;
  const rule = TRANSITIONS[kind];
  const result = await deps.db.transaction().execute(async (tx) => {
    await lockBillingRun(tx);
    const now = deps.clock.now();
    const changed = await transitionServices(tx, kind, {
      date,
      suspendAfterDays: settings.suspendAfterDays,
      terminateAfterDays: settings.terminateAfterDays,
      abandonAfterDays: settings.cancelUnpaidOrdersAfterDays,
      now,
    });
    if (changed.length === 0) return { changed: 0, mails: 0, proformas: 0 };
    const ids = changed.map((c) => c.id);
    if (kind === "cancel") await markCancellationsEffective(tx, ids, now);
    let proformas = 0;
    if (rule.proformas) {
      const open =
        rule.proformas.of === "order"
          ? await openOrderProformas(tx, ids)
          : await openRenewalProformas(tx, ids);
      for (const p of open) {
        await cancelProforma(tx, deps, p.id, rule.proformas.reason, SYSTEM);
        proformas++;
      }
    }
    if (rule.provisioning)
      for (const c of changed)
        await requestProvisioning(tx, deps, {
          serviceId: c.id,
          action: rule.provisioning,
          actor: SYSTEM,
        });
    const { mails, audit } = await statusNotices(tx, ctx, changed, rule.change, rule.notify, now);
    await writeMailsAndAudit(tx, deps, mails, audit);
    return { changed: changed.length, mails: mails.length, proformas };
  });
  ctx.counts[rule.count] += result.changed;
  ctx.counts.mails += result.mails;
  ctx.counts.proformasCancelled += result.proformas;
  await ctx.onPage(rule.step, result.changed);
}

async function statusNotices(
  tx: Db,
  ctx: RunContext,
  changed: readonly TransitionRow[],
  change: StatusChange,
  notify: boolean,
  now: Date,
) {
  const recipients = notify
    ? await recipientsOf(
        tx,
        `service.${change}`,
        changed.map((c) => c.customer_id),
      )
    : new Map<string, string[]>();
  const mails: OutboxRow[] = [];
  const audit: AuditRow[] = [];
  for (const c of changed) {
    const l = lang(c.language);
    const mail = serviceStatusMail(l, {
      product: c.product_name,
      kind: c.product_kind,
      name: c.domain ?? c.label,
      dueDate: c.next_due_date,
      link: serviceLink(ctx.deps.config.baseUrl, c.id),
      seller: ctx.seller,
      change,
    });
    for (const to of recipients.get(c.customer_id) ?? [])
      mails.push(
        outboxRow(
          {
            type: `service.${change}`,
            language: l,
            to,
            subject: mail.subject,
            text: mail.text,
            customerId: c.customer_id,
          },
          now,
        ),
      );
    audit.push(
      auditRow(now, SYSTEM, {
        action: `service.${change}`,
        subjectType: "service",
        subjectId: c.id,
        customerId: c.customer_id,
        data: {
          from: c.from_status,
          to: change,
          reason: c.status_reason,
          dueDate: c.next_due_date,
          date: ctx.date,
        },
      }),
    );
  }
  return { mails, audit };
}

async function writeMailsAndAudit(
  tx: Db,
  deps: Pick<Deps, "jobs">,
  mails: readonly OutboxRow[],
  audit: readonly AuditRow[],
): Promise<void> {
  if (mails.length > 0) {
    await copyOutboxRows(mails).execute(tx);
    await enqueueMailJobs(
      tx,
      deps,
      mails.map((m) => m.id),
    );
  }
  if (audit.length > 0) await copyAuditRows(audit).execute(tx);
}
