import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type {
  Db,
  DocumentKind,
  DocumentStatus,
  PartySnapshot,
} from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import type { CurrencyCode, Money } from "../../../platform/money/index.ts";
import { computeTotals, formatDocumentNumber } from "../domain/totals.ts";
import {
  buyerSnapshot,
  insertDocument,
  insertDocumentLines,
  nextDocumentSequence,
} from "../repo.ts";

/** Series per document kind; the invoicing issue makes them configurable. */
export const SERIES: Record<DocumentKind, string> = {
  invoice: "KAPU",
  credit_note: "KAPU",
  proforma: "DBK",
};

export interface DocumentLineInput {
  description: string;
  quantity: string;
  unit: string;
  unitPrice: Money;
  vatCategory: string;
  vatRateBp: number;
  serviceId?: string | null;
  periodFrom?: string | null;
  periodTo?: string | null;
}

export interface IssueInput {
  kind: DocumentKind;
  customerId: string;
  currency: CurrencyCode;
  issueDate: string;
  fulfilmentDate?: string | null;
  dueDate?: string | null;
  exchangeRate?: string | null;
  status?: DocumentStatus;
  seller: PartySnapshot;
  lines: DocumentLineInput[];
}

/**
 * Issues a document inside the caller's transaction: allocates the next gapless number of its
 * series and year, freezes buyer and seller data and the computed totals on it.
 */
export async function issueDocument(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: IssueInput,
  actor: Actor,
): Promise<{ id: string; number: string }> {
  if (input.lines.length === 0)
    throw new AppError("billing.no_lines", 400, "A document needs at least one line.");
  if (input.currency !== "HUF" && !input.exchangeRate) {
    throw new AppError(
      "billing.exchange_rate_required",
      400,
      "A document not in HUF must record its exchange rate to HUF.",
    );
  }
  const buyer = await buyerSnapshot(tx, input.customerId);
  if (!buyer) throw new AppError("not_found", 404, "The customer does not exist.");
  const totals = computeTotals(input.currency, input.lines);
  const series = SERIES[input.kind];
  const year = Number(input.issueDate.slice(0, 4));
  const sequence = await nextDocumentSequence(tx, series, year);
  const number = formatDocumentNumber(series, year, sequence);
  const now = deps.clock.now();
  const id = newId("inv", now.getTime());
  await insertDocument(tx, {
    id,
    kind: input.kind,
    series,
    number,
    customerId: input.customerId,
    status: input.status ?? "open",
    issueDate: input.issueDate,
    fulfilmentDate: input.fulfilmentDate ?? null,
    dueDate: input.dueDate ?? null,
    currency: input.currency,
    exchangeRate: input.exchangeRate ?? null,
    net: totals.net.minor,
    vat: totals.vat.minor,
    gross: totals.gross.minor,
    buyer: buyer.snapshot,
    seller: input.seller,
    language: buyer.language,
    now,
  });
  await insertDocumentLines(
    tx,
    input.lines.map((l, i) => ({
      id: newId("inl", now.getTime()),
      documentId: id,
      position: i + 1,
      serviceId: l.serviceId ?? null,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice.minor,
      vatCategory: l.vatCategory,
      vatRateBp: l.vatRateBp,
      net: totals.lines[i]!.net.minor,
      vat: totals.lines[i]!.vat.minor,
      gross: totals.lines[i]!.gross.minor,
      periodFrom: l.periodFrom ?? null,
      periodTo: l.periodTo ?? null,
    })),
  );
  await writeAudit(tx, deps.clock, actor, {
    action: `billing.${input.kind}_issued`,
    subjectType: "document",
    subjectId: id,
    customerId: input.customerId,
    data: { number, gross: totals.gross.toJSON() },
  });
  return { id, number };
}
