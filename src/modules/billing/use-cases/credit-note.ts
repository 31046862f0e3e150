import type { Actor } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { assertCurrency, Money } from "../../../platform/money/index.ts";
import type { Party, VatCategory, VatReason } from "../domain/document.ts";
import {
  correctedQuantities,
  findCustomerForBilling,
  listCorrectionsOf,
  listDocumentLines,
  lockDocument,
  updateDocumentSettlement,
} from "../repo.ts";
import { quantityFromUnits, quantityUnits } from "../domain/quantity.ts";
import { getInvoicingSettings } from "../settings.ts";
import { afterIssue } from "./after-issue.ts";
import {
  badRequest,
  issueDocument,
  seriesFor,
  writeDocument,
  type PreparedLine,
} from "./issue-document.ts";
import { applyAccountCredit, postLedger, settleDocument } from "./ledger.ts";

export interface CreditNoteRequest {
  /** The invoice to correct. */
  documentId: string;
  /** storno: everything not yet credited; partial: the given quantities of given lines. */
  mode: "storno" | "partial";
  lines?: { position: number; quantity: string }[];
  reason: string;
  /** Invoice the provider's administration fee (default 4000 HUF + VAT) with the correction. */
  adminFee: boolean;
  /**
   * Keep the credit the note creates on the account instead of applying it to open invoices
   * (a refund pays it out next).
   */
  keepCredit?: boolean;
}

/** What is still left to credit on each line of an invoice (quantity, 4 decimals trimmed). */
export async function creditableQuantities(
  db: Db,
  invoiceId: string,
): Promise<{ position: number; quantity: string }[]> {
  const [lines, corrected] = await Promise.all([
    listDocumentLines(db, invoiceId),
    correctedQuantities(db, invoiceId),
  ]);
  const done = new Map(corrected.map((c) => [c.position, quantityUnits(c.quantity)]));
  return lines.map((l) => ({
    position: l.position,
    quantity: quantityFromUnits(quantityUnits(l.quantity) + (done.get(l.position) ?? 0n)),
  }));
}

/**
 * Corrects an issued invoice with a credit note (storno or partial modification) that
 * references it — the only way to correct. Lines keep the original's VAT treatment and rate;
 * quantities are negative. What it credits first reduces what is still open on the invoice;
 * the rest becomes credit on the account. Refuses to credit more than is left.
 */
export async function createCreditNote(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  req: CreditNoteRequest,
  actor: Actor,
): Promise<{ id: string; number: string; feeInvoice: { id: string; number: string } | null }> {
  const reason = req.reason.trim();
  if (reason.length === 0 || reason.length > 500)
    throw badRequest(
      "billing.reason_required",
      "Give the reason of the correction (1–500 characters).",
      "reason",
    );
  const original = await lockDocument(tx, req.documentId);
  if (!original) throw new AppError("not_found", 404, "The document does not exist.");
  if (original.kind !== "invoice")
    throw new AppError(
      "billing.not_creditable",
      409,
      original.kind === "proforma"
        ? "A proforma is not a tax document: cancel it instead."
        : "A credit note cannot itself be credited.",
    );
  if (original.status === "cancelled")
    throw new AppError("billing.not_creditable", 409, "The invoice is cancelled.");
  const currency = assertCurrency(original.currency);
  const lines = await listDocumentLines(tx, original.id);
  const corrected = new Map(
    (await correctedQuantities(tx, original.id)).map((c) => [
      c.position,
      quantityUnits(c.quantity),
    ]),
  );
  const remaining = (position: number, quantity: string) =>
    quantityUnits(quantity) + (corrected.get(position) ?? 0n);

  const requested = new Map<number, bigint>();
  if (req.mode === "storno") {
    for (const l of lines) {
      const left = remaining(l.position, l.quantity);
      if (left > 0n) requested.set(l.position, left);
    }
    if (requested.size === 0)
      throw new AppError(
        "billing.nothing_left_to_credit",
        409,
        "Everything on this invoice has already been credited.",
      );
  } else {
    if (!req.lines || req.lines.length === 0)
      throw badRequest("billing.no_lines", "Say which lines to credit.", "lines");
    req.lines.forEach((r, i) => {
      const line = lines.find((l) => l.position === r.position);
      if (!line)
        throw badRequest(
          "billing.unknown_line",
          `The invoice has no line ${r.position}.`,
          `lines.${i}.position`,
        );
      if (!/^\d{1,12}(\.\d{1,4})?$/.test(r.quantity) || quantityUnits(r.quantity) <= 0n)
        throw badRequest(
          "billing.invalid_quantity",
          "Credit a positive quantity.",
          `lines.${i}.quantity`,
        );
      const q = (requested.get(r.position) ?? 0n) + quantityUnits(r.quantity);
      if (q > remaining(line.position, line.quantity))
        throw new AppError(
          "billing.credit_exceeds_invoice",
          409,
          `Line ${r.position}: only ${quantityFromUnits(remaining(line.position, line.quantity))} is left to credit.`,
          {
            errors: [{ path: `lines.${i}.quantity`, message: "more than is left on the invoice" }],
          },
        );
      requested.set(r.position, q);
    });
  }

  const prepared: PreparedLine[] = [];
  for (const l of lines) {
    const q = requested.get(l.position);
    if (!q) continue;
    const origQ = quantityUnits(l.quantity);
    // The share of the line discount that goes with the credited quantity.
    const discount = origQ === 0n ? 0n : -((l.discount * q + origQ / 2n) / origQ);
    prepared.push({
      description: l.description,
      quantity: quantityFromUnits(-q),
      unit: l.unit_code,
      unitPrice: Money.of(l.unit_price, currency),
      discount: Money.of(discount, currency),
      vatCategory: l.vat_category as VatCategory,
      vatRateBp: l.vat_rate_bp,
      vatCountry: l.vat_country,
      vatReason: l.vat_reason as VatReason,
      serviceId: l.service_id,
      productId: l.product_id,
      periodFrom: l.period_from,
      periodTo: l.period_to,
      correctsPosition: l.position,
    });
  }
  const fullyCredited = [...lines].every(
    (l) => remaining(l.position, l.quantity) === (requested.get(l.position) ?? 0n),
  );
  const settings = await getInvoicingSettings(tx);
  const previous = await listCorrectionsOf(tx, original.id);
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  const note = await writeDocument(
    tx,
    deps,
    {
      kind: "credit_note",
      customerId: original.customer_id,
      buyer: original.buyer as unknown as Party,
      seller: original.seller as unknown as Party,
      language: original.language === "en" ? "en" : "hu",
      currency,
      issueDate: today,
      fulfilmentDate: original.fulfilment_date,
      dueDate: today,
      exchange: original.exchange_rate
        ? { rate: original.exchange_rate, date: original.exchange_rate_date ?? original.issue_date }
        : null,
      paymentMethod: original.payment_method,
      note: reason,
      lines: prepared,
      cashAccounting: original.cash_accounting,
      series: seriesFor(settings, "credit_note"),
      numberFormat: settings.numberFormat,
      correctsId: original.id,
      correctionType:
        req.mode === "storno" && fullyCredited && previous.length === 0 ? "storno" : "modification",
      modificationIndex: previous.length + 1,
      proformaId: null,
      withPaymentReference: false,
    },
    actor,
  );
  // The credit note settles itself; what it credits goes to the invoice first.
  const credit = -note.gross.minor;
  const open = original.gross_total - original.paid_amount;
  const against = open > 0n ? (credit < open ? credit : open) : 0n;
  const txnId = await postLedger(
    tx,
    deps,
    {
      customerId: original.customer_id,
      currency,
      event: {
        kind: "credit_note",
        net: note.net.minor,
        vat: note.vat.minor,
        againstOriginal: against,
      },
      documentId: note.id,
      memo: `${note.number} → ${original.number}`,
    },
    actor,
  );
  await updateDocumentSettlement(tx, note.id, {
    paidAmount: note.gross.minor,
    status: "paid",
    paidAt: deps.clock.now(),
  });
  if (against > 0n)
    await settleDocument(tx, deps, original, {
      sourceType: "credit_note",
      sourceId: note.id,
      amount: against,
      ledgerTxnId: txnId,
    });
  await afterIssue(tx, deps, note.id, original.customer_id, { silent: false });
  if (credit > against && settings.applyCreditAutomatically && !req.keepCredit)
    await applyAccountCredit(tx, deps, original.customer_id, currency, actor);

  let feeInvoice: { id: string; number: string } | null = null;
  if (req.adminFee) {
    const customer = await findCustomerForBilling(tx, original.customer_id);
    const lang = customer?.language === "en" ? "en" : "hu";
    const feeCurrency = settings.adminFee.currency;
    feeInvoice = await issueDocument(
      tx,
      deps,
      {
        kind: "invoice",
        customerId: original.customer_id,
        currency: feeCurrency,
        note: `${note.number}`,
        lines: [
          {
            description:
              lang === "en"
                ? `Administration fee for correcting invoice ${original.number}`
                : `Adminisztrációs díj a(z) ${original.number} számla helyesbítéséért`,
            quantity: "1",
            unit: "piece",
            unitPrice: Money.parse(settings.adminFee.amount, feeCurrency),
            supply: "general",
          },
        ],
      },
      actor,
    );
  }
  return { id: note.id, number: note.number, feeInvoice };
}
