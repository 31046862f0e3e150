import { z } from "zod";
import { legalDate, moneySchema } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import { displayStatus } from "./domain/totals.ts";
import type { DocumentSummaryRow, listDocumentLines } from "./repo.ts";

export const invoiceSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(["proforma", "invoice", "credit_note"]),
    number: z.string(),
    issueDate: legalDate,
    dueDate: legalDate.nullable(),
    total: moneySchema,
    status: z.enum(["open", "paid", "overdue", "cancelled"]),
  })
  .meta({ id: "InvoiceSummary" });

export const invoiceLineSchema = z
  .object({
    description: z.string(),
    quantity: z.string(),
    unit: z.string(),
    unitPrice: moneySchema,
    vatRate: z.string().describe('"27%", or the VAT category for exempt / reverse charge lines'),
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
    netTotal: moneySchema,
    vatTotal: moneySchema,
    lines: z.array(invoiceLineSchema),
  })
  .meta({ id: "InvoiceDetail" });

export function presentInvoiceSummary(
  row: DocumentSummaryRow,
  today: string,
): z.infer<typeof invoiceSummarySchema> {
  const c = assertCurrency(row.currency);
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    total: Money.of(row.gross_total, c).toJSON(),
    status: displayStatus(row.status, row.due_date, today),
  };
}

const VAT_LABELS: Record<string, string> = {
  AE: "reverse charge",
  E: "exempt",
  O: "out of scope",
  K: "intra-EU",
};

function vatLabel(category: string, bp: number): string {
  if (category === "S" || category === "Z" || category === "AA") {
    const whole = Math.trunc(bp / 100);
    const frac = bp % 100;
    return `${whole}${frac ? `.${String(frac).padStart(2, "0").replace(/0$/, "")}` : ""}%`;
  }
  return VAT_LABELS[category] ?? category;
}

export function presentInvoiceDetail(
  row: DocumentSummaryRow,
  lines: Awaited<ReturnType<typeof listDocumentLines>>,
  today: string,
): z.infer<typeof invoiceDetailSchema> {
  const c = assertCurrency(row.currency);
  const m = (minor: bigint) => Money.of(minor, c).toJSON();
  return {
    ...presentInvoiceSummary(row, today),
    fulfilmentDate: row.fulfilment_date,
    netTotal: m(row.net_total),
    vatTotal: m(row.vat_total),
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity.replace(/\.?0+$/, ""),
      unit: l.unit,
      unitPrice: m(l.unit_price),
      vatRate: vatLabel(l.vat_category, l.vat_rate_bp),
      net: m(l.net_amount),
      vat: m(l.vat_amount),
      gross: m(l.gross_amount),
      periodFrom: l.period_from,
      periodTo: l.period_to,
    })),
  };
}
