import { z } from "zod";
import { legalDate, moneySchema } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { DocumentView, Party } from "./domain/document.ts";
import type { StatementView } from "./domain/statement.ts";
import { displayStatus } from "./domain/totals.ts";
import type { DocumentListRow } from "./repo.ts";

const kindSchema = z.enum(["proforma", "invoice", "credit_note"]);

export const invoiceSummarySchema = z
  .object({
    id: z.string(),
    kind: kindSchema,
    correctionType: z.enum(["storno", "modification"]).nullable(),
    number: z.string(),
    issueDate: legalDate,
    dueDate: legalDate.nullable(),
    total: moneySchema,
    due: moneySchema.describe("What is still to be paid (0 when settled)"),
    status: z.enum(["open", "paid", "overdue", "cancelled"]),
  })
  .meta({ id: "InvoiceSummary" });

export const staffDocumentSchema = invoiceSummarySchema
  .extend({
    customer: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  })
  .meta({ id: "StaffDocument" });

const partySchema = z
  .object({
    name: z.string(),
    country: z.string(),
    postalCode: z.string(),
    city: z.string(),
    addressLine: z.string(),
    taxNumber: z.string().nullable(),
    euVatNumber: z.string().nullable(),
  })
  .meta({ id: "Party" });

export const invoiceLineSchema = z
  .object({
    position: z.number().int(),
    description: z.string(),
    quantity: z.string(),
    unit: z.enum(["piece", "hour", "day", "month", "year"]),
    unitPrice: moneySchema,
    discount: moneySchema,
    vatRate: z
      .string()
      .describe('"27%", or the VAT category for reverse charge / out of scope lines'),
    vatCategory: z.string(),
    vatReason: z
      .string()
      .describe("Why this VAT treatment (domestic, eu_b2b_reverse_charge, eu_b2c_oss…)"),
    net: moneySchema,
    vat: moneySchema,
    gross: moneySchema,
    periodFrom: legalDate.nullable(),
    periodTo: legalDate.nullable(),
  })
  .meta({ id: "InvoiceLine" });

export const invoiceDetailSchema = invoiceSummarySchema
  .extend({
    fulfilmentDate: legalDate.nullable(),
    currency: z.string(),
    exchangeRate: z.string().nullable().describe("HUF per unit, for documents not in HUF"),
    exchangeRateDate: legalDate.nullable(),
    netTotal: moneySchema,
    vatTotal: moneySchema,
    vatTotalHuf: moneySchema,
    paid: moneySchema,
    paymentMethod: z.enum(["transfer", "card", "cash", "other"]),
    paymentReference: z.string().nullable(),
    bankAccount: z
      .object({ iban: z.string(), bic: z.string().nullable(), bankName: z.string().nullable() })
      .nullable(),
    seller: partySchema,
    buyer: partySchema,
    corrects: z.object({ id: z.string(), number: z.string() }).nullable(),
    note: z.string().nullable(),
    breakdown: z.array(
      z.object({
        vatRate: z.string(),
        vatCategory: z.string(),
        taxable: moneySchema,
        vat: moneySchema,
        vatHuf: moneySchema,
        exemptionText: z.string().nullable(),
      }),
    ),
    lines: z.array(invoiceLineSchema),
  })
  .meta({ id: "InvoiceDetail" });

export const documentRelationsSchema = z
  .object({
    corrections: z.array(
      z.object({ id: z.string(), number: z.string(), total: moneySchema, issueDate: legalDate }),
    ),
    finalInvoice: z.object({ id: z.string(), number: z.string() }).nullable(),
    proforma: z.object({ id: z.string(), number: z.string() }).nullable(),
    supersededBy: z.object({ id: z.string(), number: z.string() }).nullable(),
    allocations: z.array(
      z.object({
        source: z.enum(["payment", "credit_note", "account_credit", "write_off"]),
        sourceId: z.string().nullable(),
        amount: moneySchema,
        at: z.string(),
      }),
    ),
    cancelReason: z.string().nullable(),
    creditable: z
      .array(z.object({ position: z.number().int(), quantity: z.string() }))
      .describe(
        "Invoices: the quantity of each line still open to a credit note (0 = all credited)",
      ),
  })
  .meta({ id: "DocumentRelations" });

export function vatLabel(category: string, bp: number): string {
  if (category === "S" || category === "Z") {
    const whole = Math.trunc(bp / 100);
    const frac = String(bp % 100)
      .padStart(2, "0")
      .replace(/0+$/, "");
    return `${whole}${frac ? `.${frac}` : ""}%`;
  }
  return category;
}

interface SummaryRow {
  id: string;
  kind: "proforma" | "invoice" | "credit_note";
  correction_type: "storno" | "modification" | null;
  number: string;
  status: "open" | "paid" | "cancelled";
  issue_date: string;
  due_date: string | null;
  currency: string;
  gross_total: bigint;
  paid_amount: bigint;
}

export function presentInvoiceSummary(
  row: SummaryRow,
  today: string,
): z.infer<typeof invoiceSummarySchema> {
  const c = assertCurrency(row.currency);
  // Only an open document has something to pay (a paid proforma was settled by its invoice).
  const due = row.status === "open" ? row.gross_total - row.paid_amount : 0n;
  return {
    id: row.id,
    kind: row.kind,
    correctionType: row.correction_type,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    total: Money.of(row.gross_total, c).toJSON(),
    due: Money.of(due > 0n ? due : 0n, c).toJSON(),
    status: displayStatus(row.status, row.due_date, today),
  };
}

export function presentStaffDocument(row: DocumentListRow, today: string) {
  return {
    ...presentInvoiceSummary(row, today),
    customer: { id: row.customer_id, code: row.customer_code, name: row.customer_name },
  };
}

function presentParty(p: Party): z.infer<typeof partySchema> {
  return {
    name: p.name,
    country: p.country,
    postalCode: p.postalCode,
    city: p.city,
    addressLine: p.addressLine,
    taxNumber: p.taxNumber,
    euVatNumber: p.euVatNumber,
  };
}

export function presentInvoiceDetail(
  v: DocumentView,
  status: "open" | "paid" | "cancelled",
  today: string,
): z.infer<typeof invoiceDetailSchema> {
  const c = assertCurrency(v.currency);
  const m = (minor: bigint) => Money.of(minor, c).toJSON();
  const huf = (minor: bigint) => Money.of(minor, "HUF").toJSON();
  return {
    ...presentInvoiceSummary(
      {
        id: v.id,
        kind: v.kind,
        correction_type: v.correctionType,
        number: v.number,
        status,
        issue_date: v.issueDate,
        due_date: v.dueDate,
        currency: v.currency,
        gross_total: v.totals.gross,
        paid_amount: v.totals.paid,
      },
      today,
    ),
    fulfilmentDate: v.fulfilmentDate,
    currency: v.currency,
    exchangeRate: v.currency === "HUF" ? null : v.exchangeRate,
    exchangeRateDate: v.exchangeRateDate,
    netTotal: m(v.totals.net),
    vatTotal: m(v.totals.vat),
    vatTotalHuf: huf(v.totals.vatHuf),
    paid: m(v.totals.paid),
    paymentMethod: v.paymentMethod,
    paymentReference: v.paymentReference,
    bankAccount: v.seller.bankAccount ?? null,
    seller: presentParty(v.seller),
    buyer: presentParty(v.buyer),
    corrects: v.corrects ? { id: v.corrects.id, number: v.corrects.number } : null,
    note: v.note,
    breakdown: v.breakdown.map((b) => ({
      vatRate: vatLabel(b.vatCategory, b.vatRateBp),
      vatCategory: b.vatCategory,
      taxable: m(b.taxable),
      vat: m(b.vat),
      vatHuf: huf(b.vatHuf),
      exemptionText: b.exemptionText,
    })),
    lines: v.lines.map((l) => ({
      position: l.position,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: m(l.unitPrice),
      discount: m(l.discount),
      vatRate: vatLabel(l.vatCategory, l.vatRateBp),
      vatCategory: l.vatCategory,
      vatReason: l.vatReason,
      net: m(l.net),
      vat: m(l.vat),
      gross: m(l.gross),
      periodFrom: l.periodFrom,
      periodTo: l.periodTo,
    })),
  };
}

export const balanceSchema = z
  .object({
    currency: z.string(),
    receivable: moneySchema.describe("Open on invoices"),
    credit: moneySchema.describe("Held on the account (overpayment, credit notes)"),
    balance: moneySchema.describe("receivable − credit: positive = arrears, negative = credit"),
  })
  .meta({ id: "AccountBalance" });

export function presentBalance(b: { currency: string; receivable: bigint; credit: bigint }) {
  const c = assertCurrency(b.currency);
  return {
    currency: b.currency,
    receivable: Money.of(b.receivable, c).toJSON(),
    credit: Money.of(-b.credit, c).toJSON(),
    balance: Money.of(b.receivable + b.credit, c).toJSON(),
  };
}

export const statementSchema = z
  .object({
    currency: z.string(),
    from: legalDate,
    to: legalDate,
    openingBalance: moneySchema,
    closingBalance: moneySchema,
    totalDebit: moneySchema,
    totalCredit: moneySchema,
    rows: z.array(
      z.object({
        date: legalDate,
        kind: z.enum([
          "invoice",
          "credit_note",
          "payment",
          "refund",
          "write_off",
          "credit_applied",
        ]),
        reference: z.string(),
        description: z.string().describe("In the customer's language"),
        documentId: z.string().nullable(),
        debit: moneySchema,
        credit: moneySchema,
        balance: moneySchema,
      }),
    ),
  })
  .meta({ id: "Statement" });

export function presentStatement(s: StatementView): z.infer<typeof statementSchema> {
  const m = (minor: bigint) => Money.of(minor, s.currency).toJSON();
  return {
    currency: s.currency,
    from: s.from,
    to: s.to,
    openingBalance: m(s.openingBalance),
    closingBalance: m(s.closingBalance),
    totalDebit: m(s.totalDebit),
    totalCredit: m(s.totalCredit),
    rows: s.rows.map((r) => ({
      date: r.date,
      kind: r.kind,
      reference: r.reference,
      description: r.description,
      documentId: r.documentId,
      debit: m(r.debit),
      credit: m(r.credit),
      balance: m(r.balance),
    })),
  };
}
