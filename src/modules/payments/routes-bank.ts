import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import type { BankImportRow } from "../../platform/db/index.ts";
import { errors } from "../../platform/errors.ts";
import {
  actorOf,
  decodeCursor,
  encodeCursor,
  idParam,
  legalDate,
  problems,
  zodApp,
} from "../../platform/http/routing.ts";
import {
  findImport,
  linesByIds,
  listImportLines,
  listImports,
  listQueuedLines,
  type BankLineView,
} from "./repo-bank.ts";
import { assignLine, dismissLine } from "./use-cases/bank-queue.ts";
import {
  decimalOf,
  importStatement,
  type ImportReport,
  type StatementSummary,
} from "./use-cases/import-statement.ts";

/**
 * Staff routes of bank statement import (E2): upload a statement, the imports with their match
 * results, each import's lines, the queue of lines waiting for a decision, and the one-click
 * decisions on a queued line. Amounts are decimal strings in the line's currency.
 */

/** An uploaded statement: up to 40 MiB of base64 (30 MiB of file). */
const MAX_BASE64 = 40 * 1024 * 1024;
const BODY_LIMIT = MAX_BASE64 + 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const count = z.number().int();

export const statementSummarySchema = z
  .object({
    account: z.string().describe("IBAN, else the account number as the file gives it"),
    currency: z.string().nullable(),
    from: z.string().nullable().describe("YYYY-MM-DD"),
    to: z.string().nullable().describe("YYYY-MM-DD"),
    opening: z.string().nullable().describe("Opening balance, decimal string"),
    closing: z.string().nullable().describe("Closing balance, decimal string"),
    entries: count,
  })
  .meta({ id: "BankStatementSummary" });

export const importReportSchema = z
  .object({
    importId: z.string(),
    format: z.string().describe("camt.053.001.02 | .04 | .08, mt940 or csv"),
    statements: z.array(statementSummarySchema),
    linesTotal: count,
    linesNew: count.describe("0 when the file was imported before"),
    matched: count,
    credited: count,
    queued: count,
    ignored: count,
    alreadyKnown: count.describe("lines of the file known before this import"),
    warnings: z.array(z.string()),
    payments: count.describe("payments recorded by this import"),
  })
  .meta({ id: "BankImportReport" });

export const importSummarySchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    format: z.string(),
    status: z.enum(["importing", "complete"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    linesTotal: count,
    linesNew: count,
    matched: count,
    credited: count,
    queued: count,
    ignored: count,
    warnings: z.array(z.string()),
  })
  .meta({ id: "BankImportSummary" });

export const importDetailSchema = importSummarySchema
  .extend({ statements: z.array(statementSummarySchema) })
  .meta({ id: "BankImportDetail" });

const lineStates = [
  "new",
  "matched",
  "credit",
  "queued",
  "ignored",
  "assigned",
  "dismissed",
] as const;

export const bankLineSchema = z
  .object({
    id: z.string(),
    importId: z.string(),
    account: z.string(),
    bookingDate: legalDate,
    direction: z.enum(["credit", "debit"]),
    amount: z.string().describe("Decimal string in the line's currency"),
    currency: z.string(),
    counterpartyName: z.string().nullable(),
    counterpartyIban: z.string().nullable(),
    counterpartyAccount: z.string().nullable(),
    remittance: z.string(),
    state: z.enum(lineStates),
    reason: z
      .string()
      .nullable()
      .describe(
        "why it was decided so: reference | amount_and_payer | document_not_open (credit); no_match | ambiguous | amount_only | unknown_reference | unconfirmed_reference | currency_mismatch | several_customers | payment_refused (queued); debit | reversal | not_booked | not_positive (ignored); the staff's reason (dismissed)",
      ),
    candidates: z.array(
      z.object({
        documentId: z.string(),
        customerId: z.string(),
        number: z.string(),
        open: z.string().describe("Open amount, decimal string"),
        why: z.string(),
      }),
    ),
    flags: z.array(
      z.object({
        code: z
          .string()
          .describe(
            "unknown_reference | document_not_open | reference_corrected | superseded | payment_refused",
          ),
        documentId: z.string().optional(),
        candidate: z
          .string()
          .optional()
          .describe("the reference as typed; for payment_refused, billing's reason"),
      }),
    ),
    paymentId: z.string().nullable(),
    customerId: z.string().nullable().describe("The customer of the payment, if any"),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
  })
  .meta({ id: "BankLine" });

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};

export function presentBankLine(l: BankLineView): z.infer<typeof bankLineSchema> {
  return {
    id: l.id,
    importId: l.import_id,
    account: l.account,
    bookingDate: l.booking_date,
    direction: l.direction,
    amount: decimalOf(l.amount, l.currency),
    currency: l.currency,
    counterpartyName: l.counterparty_name,
    counterpartyIban: l.counterparty_iban,
    counterpartyAccount: l.counterparty_account,
    remittance: l.remittance,
    state: l.state,
    reason: l.reason,
    candidates: l.candidates.map((raw) => {
      const c = obj(raw);
      return {
        documentId: str(c.documentId) ?? "",
        customerId: str(c.customerId) ?? "",
        number: str(c.number) ?? "",
        open: str(c.open) ?? "0",
        why: str(c.why) ?? "",
      };
    }),
    flags: l.flags.map((raw) => {
      const f = obj(raw);
      const documentId = str(f.documentId);
      const candidate = str(f.candidate) ?? str(f.message);
      return {
        code: str(f.code) ?? "",
        ...(documentId !== undefined ? { documentId } : {}),
        ...(candidate !== undefined ? { candidate } : {}),
      };
    }),
    paymentId: l.payment_id,
    customerId: l.payment_customer_id ?? null,
    decidedAt: l.decided_at ? l.decided_at.toISOString() : null,
    decidedBy: l.decided_by,
  };
}

const strings = (v: unknown[]): string[] => v.filter((x): x is string => typeof x === "string");

export function presentImportSummary(i: BankImportRow): z.infer<typeof importSummarySchema> {
  return {
    id: i.id,
    filename: i.filename,
    format: i.format,
    status: i.status,
    startedAt: i.started_at.toISOString(),
    finishedAt: i.finished_at ? i.finished_at.toISOString() : null,
    linesTotal: i.lines_total,
    linesNew: i.lines_new,
    matched: i.matched,
    credited: i.credited,
    queued: i.queued,
    ignored: i.ignored,
    warnings: strings(i.warnings),
  };
}

function presentStatements(raw: unknown[]): StatementSummary[] {
  return raw.map((x) => {
    const s = obj(x);
    const nullable = (v: unknown) => str(v) ?? null;
    return {
      account: str(s.account) ?? "",
      currency: nullable(s.currency),
      from: nullable(s.from),
      to: nullable(s.to),
      opening: nullable(s.opening),
      closing: nullable(s.closing),
      entries: typeof s.entries === "number" ? s.entries : 0,
    };
  });
}

export function presentImportReport(r: ImportReport): z.infer<typeof importReportSchema> {
  return {
    importId: r.importId,
    format: r.format,
    statements: r.statements,
    linesTotal: r.linesTotal,
    linesNew: r.linesNew,
    matched: r.matched,
    credited: r.credited,
    queued: r.queued,
    ignored: r.ignored,
    alreadyKnown: r.alreadyKnown,
    warnings: r.warnings,
    payments: r.payments,
  };
}

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional().describe("nextAfter of the previous page"),
};

const decimal = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, "a positive amount with at most 2 decimals");

const assignBody = z.union([
  z.object({
    documents: z
      .array(
        z.object({
          id: z.string().min(1).max(64),
          amount: decimal.optional().describe("at most its open amount; default: all that is open"),
        }),
      )
      .min(1)
      .max(50)
      .describe("paid in this order; what is left is credit on the customer's account"),
  }),
  z.object({ customerId: z.string().min(1).max(64).describe("all of it as credit") }),
]);

function badCursor(): never {
  throw errors.validation([
    { path: "querystring.after", message: "not a cursor from a previous page" },
  ]);
}

export function registerBankRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  r.post(
    "/api/staff/bank/imports",
    {
      bodyLimit: BODY_LIMIT,
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Import a bank statement (camt.053, MT940 or CSV): record its lines once and match them",
        body: z.object({
          filename: z.string().min(1).max(200),
          contentBase64: z.string().max(MAX_BASE64).describe("the file, base64 (up to 30 MiB)"),
          format: z.enum(["camt053", "mt940", "csv"]).optional().describe("default: detected"),
        }),
        response: { 200: importReportSchema, ...problems(400, 401, 403, 413, 422) },
      },
    },
    async (request) => {
      const b = request.body;
      const b64 = b.contentBase64.replace(/\s+/g, "");
      if (b64.length % 4 !== 0 || !BASE64.test(b64))
        throw errors.validation([{ path: "body.contentBase64", message: "not base64" }]);
      const report = await importStatement(
        deps,
        { filename: b.filename, content: Buffer.from(b64, "base64"), format: b.format },
        actorOf(request),
      );
      return presentImportReport(report);
    },
  );

  r.get(
    "/api/staff/bank/imports",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Statement imports, newest first, with their match results",
        querystring: z.object(pageQuery),
        response: {
          200: z.object({
            items: z.array(importSummarySchema),
            nextAfter: z.string().nullable(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let after: { startedAt: string; id: string } | undefined;
      if (q.after) {
        const [startedAt = "", id = ""] = decodeCursor(q.after, 2);
        if (Number.isNaN(Date.parse(startedAt))) badCursor();
        after = { startedAt, id };
      }
      const rows = await listImports(deps.db, { after, limit: q.limit + 1 });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map(presentImportSummary),
        nextAfter:
          rows.length > q.limit && last
            ? encodeCursor([last.started_at.toISOString(), last.id])
            : null,
      };
    },
  );

  r.get(
    "/api/staff/bank/imports/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "One statement import with its statements",
        params: idParam("bim"),
        response: { 200: importDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const row = await findImport(deps.db, request.params.id);
      if (!row) throw errors.notFound("statement import");
      return { ...presentImportSummary(row), statements: presentStatements(row.statements) };
    },
  );

  r.get(
    "/api/staff/bank/imports/:id/lines",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "The lines of a statement import, in file order, optionally in one state",
        params: idParam("bim"),
        querystring: z.object({ state: z.enum(lineStates).optional(), ...pageQuery }),
        response: {
          200: z.object({ items: z.array(bankLineSchema), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (!(await findImport(deps.db, request.params.id)))
        throw errors.notFound("statement import");
      const [afterId] = q.after ? decodeCursor(q.after, 1) : [];
      const rows = await listImportLines(deps.db, {
        importId: request.params.id,
        state: q.state,
        afterId,
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map(presentBankLine),
        nextAfter: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
      };
    },
  );

  r.get(
    "/api/staff/bank/queue",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Bank lines waiting for a staff decision, oldest first, with their candidates",
        querystring: z.object(pageQuery),
        response: {
          200: z.object({ items: z.array(bankLineSchema), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let after: { bookingDate: string; id: string } | undefined;
      if (q.after) {
        const [bookingDate = "", id = ""] = decodeCursor(q.after, 2);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(bookingDate)) badCursor();
        after = { bookingDate, id };
      }
      const rows = await listQueuedLines(deps.db, { after, limit: q.limit + 1 });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map(presentBankLine),
        nextAfter:
          rows.length > q.limit && last ? encodeCursor([last.booking_date, last.id]) : null,
      };
    },
  );

  r.post(
    "/api/staff/bank/lines/:id/assign",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Assign a queued line: pay documents in order (the rest is credit), or credit a customer",
        params: idParam("bln"),
        body: assignBody,
        response: {
          200: z.object({ line: bankLineSchema, paymentId: z.string() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const b = request.body;
      const r = await assignLine(
        deps,
        request.params.id,
        "customerId" in b
          ? { customerId: b.customerId }
          : { documents: b.documents.map((d) => ({ id: d.id, amount: d.amount })) },
        actorOf(request),
      );
      return { line: presentBankLine(r.line), paymentId: r.paymentId };
    },
  );

  r.post(
    "/api/staff/bank/lines/:id/dismiss",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Dismiss a queued line: not a customer's payment (bank interest, own transfer…)",
        params: idParam("bln"),
        body: z.object({ reason: z.string().min(3).max(500) }),
        response: { 200: z.object({ line: bankLineSchema }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await dismissLine(deps, request.params.id, request.body.reason, actorOf(request));
      return { line: presentBankLine(r.line) };
    },
  );
}

/** Lines by id, presented, in id order (the CLI lists what an import left unmatched). */
export async function bankLinesByIds(deps: Pick<Deps, "db">, ids: readonly string[]) {
  const out: z.infer<typeof bankLineSchema>[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    for (const l of await linesByIds(deps.db, ids.slice(i, i + 1000))) out.push(presentBankLine(l));
  return out;
}
