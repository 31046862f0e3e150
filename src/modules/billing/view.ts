import type { Db } from "../../platform/db/index.ts";
import type {
  DocumentView,
  Party,
  VatBreakdownView,
  VatCategory,
  VatReason,
} from "./domain/document.ts";
import { trimDecimal } from "./domain/quantity.ts";
import { renderNavInvoiceData } from "./export/nav.ts";
import {
  chainLineCountBefore,
  findDocument,
  listDocumentLines,
  type DocumentFullRow,
  type DocumentLineRow,
} from "./repo.ts";

/** The breakdown as stored in documents.vat_breakdown (jsonb: amounts as strings). */
export interface StoredBreakdown {
  vatCategory: VatCategory;
  vatRateBp: number;
  taxable: string;
  vat: string;
  vatHuf: string;
  exemptionText: string | null;
  exemptionCode: string | null;
}

export function storeBreakdown(b: VatBreakdownView[]): StoredBreakdown[] {
  return b.map((g) => ({
    vatCategory: g.vatCategory,
    vatRateBp: g.vatRateBp,
    taxable: g.taxable.toString(),
    vat: g.vat.toString(),
    vatHuf: g.vatHuf.toString(),
    exemptionText: g.exemptionText,
    exemptionCode: g.exemptionCode,
  }));
}

export function documentViewFrom(
  row: DocumentFullRow,
  lines: DocumentLineRow[],
  corrects: { id: string; number: string; issue_date: string } | null,
): DocumentView {
  const breakdown = row.vat_breakdown as unknown as StoredBreakdown[];
  return {
    id: row.id,
    kind: row.kind,
    correctionType: row.correction_type,
    series: row.series,
    number: row.number,
    issueDate: row.issue_date,
    fulfilmentDate: row.fulfilment_date,
    dueDate: row.due_date,
    currency: row.currency as "HUF" | "EUR",
    exchangeRate: row.exchange_rate ? trimDecimal(row.exchange_rate) : "1",
    exchangeRateDate: row.exchange_rate_date,
    language: row.language === "en" ? "en" : "hu",
    paymentMethod: row.payment_method,
    paymentReference: row.payment_reference,
    cashAccounting: row.cash_accounting,
    seller: row.seller as unknown as Party,
    buyer: row.buyer as unknown as Party,
    corrects: corrects
      ? {
          id: corrects.id,
          number: corrects.number,
          issueDate: corrects.issue_date,
          modificationIndex: row.modification_index ?? 1,
        }
      : null,
    note: row.note,
    lines: lines.map((l) => ({
      position: l.position,
      description: l.description,
      quantity: trimDecimal(l.quantity),
      unit: l.unit_code,
      unitPrice: l.unit_price,
      discount: l.discount,
      net: l.net_amount,
      vat: l.vat_amount,
      gross: l.gross_amount,
      vatCategory: l.vat_category as VatCategory,
      vatRateBp: l.vat_rate_bp,
      vatCountry: l.vat_country,
      vatReason: l.vat_reason as VatReason,
      periodFrom: l.period_from,
      periodTo: l.period_to,
      correctsPosition: l.corrects_position,
    })),
    breakdown: breakdown.map((b) => ({
      vatCategory: b.vatCategory,
      vatRateBp: b.vatRateBp,
      taxable: BigInt(b.taxable),
      vat: BigInt(b.vat),
      vatHuf: BigInt(b.vatHuf),
      exemptionText: b.exemptionText,
      exemptionCode: b.exemptionCode,
    })),
    totals: {
      net: row.net_total,
      vat: row.vat_total,
      gross: row.gross_total,
      vatHuf: row.vat_total_huf ?? row.vat_total,
      paid: row.paid_amount,
      due: row.gross_total - row.paid_amount,
    },
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Loads a document with what its renderers need. */
export async function loadDocumentView(db: Db, id: string): Promise<DocumentView | undefined> {
  const row = await findDocument(db, id);
  return row ? viewOfRow(db, row) : undefined;
}

/** The view of a document row already read: its lines and the corrected document's number. */
export async function viewOfRow(db: Db, row: DocumentFullRow): Promise<DocumentView> {
  const [lines, corrects] = await Promise.all([
    listDocumentLines(db, row.id),
    row.corrects_id ? findDocument(db, row.corrects_id) : Promise.resolve(undefined),
  ]);
  return documentViewFrom(row, lines, corrects ?? null);
}

/** The NAV invoice data XML of a loaded document (corrections continue the chain's line numbers). */
export async function navXmlOf(db: Db, view: DocumentView): Promise<string> {
  const chainLineCount = view.corrects
    ? await chainLineCountBefore(db, view.corrects.id, view.corrects.modificationIndex)
    : undefined;
  return renderNavInvoiceData(view, chainLineCount === undefined ? {} : { chainLineCount });
}
