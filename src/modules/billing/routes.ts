import { z } from "zod";
import type { FastifyInstance, FastifyReply } from "fastify";
import { writeAudit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/context.ts";
import { addMonths, localDate } from "../../platform/clock.ts";
import { errors } from "../../platform/errors.ts";
import {
  actorOf,
  decimalAmount,
  decodeCursor,
  encodeCursor,
  idParam,
  legalDate,
  moneySchema,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import { UNIT_CODES } from "./domain/document.ts";
import {
  balanceSchema,
  documentRelationsSchema,
  invoiceDetailSchema,
  invoiceSummarySchema,
  presentBalance,
  presentInvoiceDetail,
  presentInvoiceSummary,
  presentStaffDocument,
  presentStatement,
  staffDocumentSchema,
  statementSchema,
  vatLabel,
} from "./presenters.ts";
import { renderStatementPdf } from "./export/pdf.ts";
import {
  balancesOf,
  findCustomerForBilling,
  findDocument,
  findDocumentOfCustomer,
  listAllocationsOf,
  listCorrectionsOf,
  listDocuments,
  listExchangeRates,
  listVatChecksOfCustomer,
  listVatRates,
  ledgerOf,
  type DocumentFilter,
} from "./repo.ts";
import {
  getInvoicingSettings,
  getSeller,
  invoicingSettingsSchema,
  saveInvoicingSettings,
  saveSeller,
  sellerSchema,
} from "./settings.ts";
import { createCreditNote, creditableQuantities } from "./use-cases/credit-note.ts";
import { documentFile } from "./use-cases/files.ts";
import { issueDocument, type LineRequest } from "./use-cases/issue-document.ts";
import { cancelProforma, supersedeProforma } from "./use-cases/proforma.ts";
import { buildStatement } from "./use-cases/statement.ts";
import {
  addVatRate,
  checkCustomerVatNumber,
  refreshVatEvidenceIfStale,
  setExchangeRate,
} from "./use-cases/vat-admin.ts";
import { verifyLedger } from "./use-cases/verify-ledger.ts";
import { viewOfRow } from "./view.ts";

const statusFilter = z.enum(["open", "paid", "overdue", "cancelled"]);
const kindFilter = z.enum(["proforma", "invoice", "credit_note"]);

const listQuery = z.object({
  kind: kindFilter.optional(),
  status: statusFilter.optional(),
  from: legalDate.optional(),
  to: legalDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional().describe("nextAfter of the previous page"),
});

function filterOf(
  q: z.infer<typeof listQuery>,
  today: string,
): Omit<DocumentFilter, "limit"> & { limit: number } {
  const [issueDate = "", id = ""] = q.after ? decodeCursor(q.after, 2) : [];
  return {
    kind: q.kind,
    status: q.status === "overdue" ? undefined : q.status,
    overdueOn: q.status === "overdue" ? today : undefined,
    from: q.from,
    to: q.to,
    after: q.after ? { issueDate, id } : undefined,
    limit: q.limit + 1,
  };
}

function page<T extends { issue_date: string; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextAfter: rows.length > limit && last ? encodeCursor([last.issue_date, last.id]) : null,
  };
}

function sendFile(
  reply: FastifyReply,
  f: { content: Buffer; filename: string; contentType: string },
  inline: boolean,
) {
  return reply
    .type(f.contentType)
    .header("content-disposition", `${inline ? "inline" : "attachment"}; filename="${f.filename}"`)
    .header("cache-control", "private, no-store")
    .send(f.content);
}

const lineInput = z.object({
  description: z.string().trim().min(1).max(500),
  quantity: z
    .string()
    .regex(
      /^\d{1,12}(\.\d{1,4})?$/,
      "a positive quantity with at most 4 decimals (corrections go on a credit note)",
    ),
  unit: z.enum(UNIT_CODES),
  unitPrice: decimalAmount,
  discount: decimalAmount.optional(),
  supply: z.enum(["electronic", "general"]).default("electronic"),
  vat: z
    .object({
      category: z.enum(["S", "Z", "E", "AE", "K", "G", "O"]),
      rateBp: z.number().int().min(0).max(10000),
    })
    .optional()
    .describe("Override the automatic VAT decision (recorded as manual)"),
  periodFrom: legalDate.optional(),
  periodTo: legalDate.optional(),
});

const manualDocumentInput = z
  .object({
    kind: z.enum(["proforma", "invoice"]),
    customerId: z.string().min(1).max(64),
    currency: z.enum(["HUF", "EUR"]),
    issueDate: legalDate.optional(),
    fulfilmentDate: legalDate.optional(),
    dueDate: legalDate.optional(),
    paymentMethod: z.enum(["transfer", "card", "cash", "other"]).default("transfer"),
    note: z.string().max(1000).optional(),
    lines: z.array(lineInput).min(1).max(500),
  })
  .meta({ id: "ManualDocumentInput" });

function lineRequests(lines: z.infer<typeof lineInput>[], currency: "HUF" | "EUR"): LineRequest[] {
  return lines.map((l) => ({
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unitPrice: Money.parse(l.unitPrice, currency),
    discount: l.discount ? Money.parse(l.discount, currency) : null,
    supply: l.supply,
    vat: l.vat ?? null,
    periodFrom: l.periodFrom ?? null,
    periodTo: l.periodTo ?? null,
  }));
}

export function registerBillingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  const today = () => localDate(deps.clock.now(), deps.config.timeZone);

  // ------------------------------------------------------------ customer: Finances

  r.get(
    "/api/me/invoices",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "Finances → My invoices: proformas, invoices and credit notes, filterable",
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(invoiceSummarySchema), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const t = today();
      const rows = await listDocuments(deps.db, { ...filterOf(request.query, t), customerId });
      const p = page(rows, request.query.limit);
      return { items: p.items.map((row) => presentInvoiceSummary(row, t)), nextAfter: p.nextAfter };
    },
  );

  r.get(
    "/api/me/invoices/:id",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "One of my documents with its lines and VAT breakdown",
        params: idParam("inv"),
        response: { 200: invoiceDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const row = await findDocumentOfCustomer(deps.db, customerId, request.params.id);
      if (!row) throw errors.notFound("invoice");
      const view = await viewOfRow(deps.db, row);
      return presentInvoiceDetail(view, row.status, today());
    },
  );

  r.get(
    "/api/me/invoices/:id/pdf",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "Download one of my documents as PDF",
        params: idParam("inv"),
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const row = await findDocumentOfCustomer(deps.db, customerId, request.params.id);
      if (!row) throw errors.notFound("invoice");
      return sendFile(reply, await documentFile(deps, row.id, "pdf"), false);
    },
  );

  r.get(
    "/api/me/balance",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "My account balance per currency: arrears or credit",
        response: { 200: z.object({ items: z.array(balanceSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      return { items: (await balancesOf(deps.db, customerId)).map(presentBalance) };
    },
  );

  const statementQuery = z.object({
    currency: z.enum(["HUF", "EUR"]).optional(),
    from: legalDate.optional(),
    to: legalDate.optional(),
  });

  async function statementFor(customerId: string, q: z.infer<typeof statementQuery>) {
    const t = today();
    const to = q.to ?? t;
    const from = q.from ?? addMonths(to, -1);
    let currency = q.currency;
    if (!currency) {
      const balances = await balancesOf(deps.db, customerId);
      currency = balances[0]?.currency === "EUR" ? "EUR" : "HUF";
    }
    return buildStatement(deps.db, deps, { customerId, currency, from, to });
  }

  r.get(
    "/api/me/statement",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "My account statement: opening balance, documents and payments, closing balance",
        querystring: statementQuery,
        response: { 200: statementSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      return presentStatement(await statementFor(customerId, request.query));
    },
  );

  r.get(
    "/api/me/statement/pdf",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "My account statement as PDF",
        querystring: statementQuery,
        response: { ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const s = await statementFor(customerId, request.query);
      return sendFile(
        reply,
        {
          content: await renderStatementPdf(s),
          filename: `statement-${s.customerCode}-${s.from}-${s.to}.pdf`,
          contentType: "application/pdf",
        },
        false,
      );
    },
  );

  // ------------------------------------------------------------ staff: documents

  r.get(
    "/api/staff/documents",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Documents, newest first, filtered by customer, kind, status, dates or text",
        querystring: listQuery.extend({
          customerId: z.string().max(64).optional(),
          q: z.string().max(200).optional().describe("number, customer name or code"),
        }),
        response: {
          200: z.object({ items: z.array(staffDocumentSchema), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const t = today();
      const rows = await listDocuments(deps.db, {
        ...filterOf(request.query, t),
        customerId: request.query.customerId,
        q: request.query.q?.trim() || undefined,
      });
      const p = page(rows, request.query.limit);
      return { items: p.items.map((row) => presentStaffDocument(row, t)), nextAfter: p.nextAfter };
    },
  );

  r.post(
    "/api/staff/documents",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Issue a manual invoice or proforma (VAT decided per line unless overridden)",
        body: manualDocumentInput,
        response: {
          201: z.object({ id: z.string(), number: z.string() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const currency = b.currency;
      const actor = actorOf(request);
      await refreshVatEvidenceIfStale(deps, b.customerId, actor);
      const doc = await deps.db.transaction().execute((tx) =>
        issueDocument(
          tx,
          deps,
          {
            kind: b.kind,
            customerId: b.customerId,
            currency,
            issueDate: b.issueDate,
            fulfilmentDate: b.fulfilmentDate,
            dueDate: b.dueDate,
            paymentMethod: b.paymentMethod,
            note: b.note ?? null,
            lines: lineRequests(b.lines, currency),
          },
          actor,
        ),
      );
      return reply.code(201).send(doc);
    },
  );

  r.get(
    "/api/staff/documents/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "A document with its lines, corrections, settlement and related documents",
        params: idParam("inv"),
        response: {
          200: z.object({
            document: invoiceDetailSchema,
            customerId: z.string(),
            relations: documentRelationsSchema,
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      const row = await findDocument(deps.db, request.params.id);
      if (!row) throw errors.notFound("document");
      const c = assertCurrency(row.currency);
      const [view, corrections, allocations, finalInvoice, proforma, supersededBy, creditable] =
        await Promise.all([
          viewOfRow(deps.db, row),
          listCorrectionsOf(deps.db, row.id),
          listAllocationsOf(deps.db, row.id),
          row.final_invoice_id ? findDocument(deps.db, row.final_invoice_id) : undefined,
          row.proforma_id ? findDocument(deps.db, row.proforma_id) : undefined,
          row.superseded_by_id ? findDocument(deps.db, row.superseded_by_id) : undefined,
          row.kind === "invoice" && row.status !== "cancelled"
            ? creditableQuantities(deps.db, row.id)
            : Promise.resolve([]),
        ]);
      const ref = (d: { id: string; number: string } | undefined) =>
        d ? { id: d.id, number: d.number } : null;
      return {
        document: presentInvoiceDetail(view, row.status, today()),
        customerId: row.customer_id,
        relations: {
          corrections: corrections.map((k) => ({
            id: k.id,
            number: k.number,
            total: Money.of(k.gross_total, c).toJSON(),
            issueDate: k.issue_date,
          })),
          finalInvoice: ref(finalInvoice),
          proforma: ref(proforma),
          supersededBy: ref(supersededBy),
          allocations: allocations.map((a) => ({
            source: a.source_type,
            sourceId: a.source_id,
            amount: Money.of(a.amount, c).toJSON(),
            at: new Date(a.created_at).toISOString(),
          })),
          cancelReason: row.cancel_reason,
          creditable,
        },
      };
    },
  );

  r.get(
    "/api/staff/documents/:id/export",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary:
          "A document as PDF, EN 16931 UBL 2.1 (Peppol BIS 3.0) or NAV Online Számla 3.0 XML",
        params: idParam("inv"),
        querystring: z.object({ format: z.enum(["pdf", "ubl", "nav"]).default("pdf") }),
        response: { ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const f = await documentFile(deps, request.params.id, request.query.format);
      return sendFile(reply, f, request.query.format === "pdf");
    },
  );

  r.post(
    "/api/staff/documents/:id/credit-notes",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Correct an invoice: storno (all that is left) or a partial credit note, optionally with the administration fee",
        params: idParam("inv"),
        body: z
          .object({
            mode: z.enum(["storno", "partial"]),
            lines: z
              .array(
                z.object({
                  position: z.number().int().min(1),
                  quantity: z.string().max(20).describe("Quantity to credit back (positive)"),
                }),
              )
              .max(500)
              .optional(),
            reason: z.string().max(500),
            adminFee: z.boolean().default(false),
          })
          .meta({ id: "CreditNoteInput" }),
        response: {
          201: z.object({
            id: z.string(),
            number: z.string(),
            feeInvoice: z.object({ id: z.string(), number: z.string() }).nullable(),
          }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const result = await deps.db.transaction().execute((tx) =>
        createCreditNote(
          tx,
          deps,
          {
            documentId: request.params.id,
            mode: b.mode,
            lines: b.lines,
            reason: b.reason,
            adminFee: b.adminFee,
          },
          actor,
        ),
      );
      return reply.code(201).send(result);
    },
  );

  r.post(
    "/api/staff/documents/:id/supersede",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Replace an open proforma with a new one (new number and reference); the old one is cancelled",
        params: idParam("inv"),
        body: manualDocumentInput.omit({ kind: true, customerId: true }),
        response: {
          201: z.object({ id: z.string(), number: z.string() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const currency = b.currency;
      const actor = actorOf(request);
      const doc = await deps.db.transaction().execute((tx) =>
        supersedeProforma(
          tx,
          deps,
          request.params.id,
          {
            currency,
            issueDate: b.issueDate,
            dueDate: b.dueDate,
            paymentMethod: b.paymentMethod,
            note: b.note ?? null,
            lines: lineRequests(b.lines, currency),
          },
          actor,
        ),
      );
      return reply.code(201).send({ id: doc.id, number: doc.number });
    },
  );

  r.post(
    "/api/staff/documents/:id/cancel",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Cancel an open proforma (invoices are corrected with credit notes instead)",
        params: idParam("inv"),
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await deps.db
        .transaction()
        .execute((tx) => cancelProforma(tx, deps, request.params.id, request.body.reason, actor));
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------ staff: ledger

  r.get(
    "/api/staff/customers/:id/ledger",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "A customer's ledger: balances and every transaction",
        params: idParam("cus"),
        response: {
          200: z.object({
            balances: z.array(balanceSchema),
            transactions: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                at: z.string(),
                memo: z.string(),
                documentId: z.string().nullable(),
                documentNumber: z.string().nullable(),
                receivable: moneySchema,
                credit: moneySchema,
              }),
            ),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      if (!(await findCustomerForBilling(deps.db, request.params.id)))
        throw errors.notFound("customer");
      const [balances, txns] = await Promise.all([
        balancesOf(deps.db, request.params.id),
        ledgerOf(deps.db, request.params.id, {}),
      ]);
      return {
        balances: balances.map(presentBalance),
        transactions: txns.map((t) => {
          const c = assertCurrency(t.currency);
          return {
            id: t.id,
            kind: t.kind,
            at: new Date(t.at).toISOString(),
            memo: t.memo,
            documentId: t.document_id,
            documentNumber: t.document_number,
            receivable: Money.of(BigInt(t.receivable), c).toJSON(),
            credit: Money.of(-BigInt(t.credit), c).toJSON(),
          };
        }),
      };
    },
  );

  r.get(
    "/api/staff/ledger/verify",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Recompute every balance from the ledger entries and report differences",
        response: {
          200: z.object({
            ok: z.boolean(),
            transactions: z.number().int(),
            customers: z.number().int(),
            problems: z.array(
              z.object({
                check: z.string(),
                customerId: z.string().nullable(),
                currency: z.string(),
                detail: z.string(),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async () => verifyLedger(deps.db),
  );

  // ------------------------------------------------------------ staff: VAT

  const vatRateSchema = z
    .object({
      id: z.string(),
      country: z.string(),
      rateBp: z.number().int(),
      rate: z.string(),
      validFrom: legalDate,
      validTo: legalDate.nullable(),
      note: z.string(),
    })
    .meta({ id: "VatRate" });

  r.get(
    "/api/staff/vat-rates",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "VAT rates per country with validity dates",
        querystring: z.object({
          country: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(vatRateSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      items: (await listVatRates(deps.db, request.query.country)).map((v) => ({
        id: v.id,
        country: v.country,
        rateBp: v.rate_bp,
        rate: vatLabel("S", v.rate_bp),
        validFrom: v.valid_from,
        validTo: v.valid_to,
        note: v.note,
      })),
    }),
  );

  r.post(
    "/api/staff/vat-rates",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Add a rate for a country from a date; the current rate ends the day before",
        body: z.object({
          country: z.string().regex(/^[A-Z]{2}$/),
          rateBp: z.number().int().min(0).max(10000).describe("2700 = 27 %"),
          validFrom: legalDate,
          note: z.string().max(200).default(""),
        }),
        response: { 201: z.object({ id: z.string() }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const out = await deps.db
        .transaction()
        .execute((tx) => addVatRate(tx, deps, request.body, actor));
      return reply.code(201).send(out);
    },
  );

  r.post(
    "/api/staff/customers/:id/vat-check",
    {
      config: { access: "staff", permission: ["billing", "sales", "support"] },
      schema: {
        tags: ["staff"],
        summary:
          "Check the customer's EU VAT number (offline, then VIES) and store the answer as evidence",
        params: idParam("cus"),
        response: {
          200: z.object({
            vatNumber: z.string(),
            source: z.enum(["offline", "vies"]),
            result: z.enum(["valid", "invalid", "unavailable"]),
            name: z.string().nullable(),
            detail: z.string().nullable(),
            checkedAt: z.string(),
          }),
          ...problems(401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const o = await checkCustomerVatNumber(deps, request.params.id, actorOf(request));
      return { ...o, checkedAt: o.checkedAt.toISOString() };
    },
  );

  r.get(
    "/api/staff/customers/:id/vat-checks",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "The evidence of a customer's VAT number checks, newest first",
        params: idParam("cus"),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                vatNumber: z.string(),
                source: z.string(),
                result: z.string(),
                name: z.string().nullable(),
                requestIdentifier: z.string().nullable(),
                detail: z.string().nullable(),
                checkedAt: z.string(),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({
      items: (await listVatChecksOfCustomer(deps.db, request.params.id)).map((c) => ({
        vatNumber: c.vat_number,
        source: c.source,
        result: c.result,
        name: c.name,
        requestIdentifier: c.request_identifier,
        detail: c.detail,
        checkedAt: new Date(c.checked_at).toISOString(),
      })),
    }),
  );

  // ------------------------------------------------------------ staff: exchange rates

  r.get(
    "/api/staff/exchange-rates",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Recorded exchange rates to HUF, newest first",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                currency: z.string(),
                date: legalDate,
                rate: z.string(),
                source: z.string(),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async () => ({
      items: (await listExchangeRates(deps.db)).map((x) => ({
        currency: x.currency,
        date: x.rate_date,
        rate: x.rate,
        source: x.source,
      })),
    }),
  );

  r.put(
    "/api/staff/exchange-rates",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Record the MNB rate of a currency to HUF for a date",
        body: z.object({
          currency: z.literal("EUR"),
          date: legalDate,
          rate: z.string().regex(/^\d{1,6}(\.\d{1,6})?$/, "HUF per 1 unit, e.g. 395.12"),
          source: z.string().max(40).default("MNB"),
        }),
        response: { 204: z.null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      if (/^0+(\.0+)?$/.test(request.body.rate))
        throw errors.validation([{ path: "body.rate", message: "must be positive" }]);
      const actor = actorOf(request);
      await deps.db.transaction().execute((tx) => setExchangeRate(tx, deps, request.body, actor));
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------ staff: settings

  r.get(
    "/api/staff/settings/invoicing",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "The provider's invoicing data (seller) and invoicing settings",
        response: {
          200: z.object({ seller: sellerSchema.nullable(), settings: invoicingSettingsSchema }),
          ...problems(401, 403),
        },
      },
    },
    async () => ({
      seller: await getSeller(deps.db),
      settings: await getInvoicingSettings(deps.db),
    }),
  );

  r.put(
    "/api/staff/settings/invoicing",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Change the seller data and/or invoicing settings (applies to new documents)",
        body: z.object({
          seller: sellerSchema.optional(),
          settings: invoicingSettingsSchema.optional(),
        }),
        response: { 204: z.null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const by = actor.type === "user" ? actor.userId : null;
      const { seller, settings } = request.body;
      await deps.db.transaction().execute(async (tx) => {
        const now = deps.clock.now();
        if (seller) await saveSeller(tx, seller, by, now);
        if (settings) await saveInvoicingSettings(tx, settings, by, now);
        await writeAudit(tx, deps.clock, actor, {
          action: "billing.settings_changed",
          subjectType: "settings",
          subjectId: "invoicing",
          data: { seller: seller ?? null, settings: settings ?? null },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
