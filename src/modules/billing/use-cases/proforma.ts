import type { Actor } from "../../../platform/audit.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { assertCurrency, Money } from "../../../platform/money/index.ts";
import type { VatCategory, VatReason } from "../domain/document.ts";
import { trimDecimal } from "../domain/quantity.ts";
import { pickRate } from "../domain/vat.ts";
import {
  linkFinalInvoice,
  listDocumentLines,
  lockDocument,
  markDocumentCancelled,
  ratesForCountries,
} from "../repo.ts";
import { getInvoicingSettings } from "../settings.ts";
import { afterIssue } from "./after-issue.ts";
import { issueDocument, type IssueRequest } from "./issue-document.ts";
import { applyAccountCredit, postLedger, settleDocument } from "./ledger.ts";

async function lockOpenProforma(tx: Db, id: string) {
  const p = await lockDocument(tx, id);
  if (!p || p.kind !== "proforma")
    throw new AppError("not_found", 404, "The proforma does not exist.");
  if (p.status !== "open")
    throw new AppError(
      "billing.proforma_not_open",
      409,
      p.status === "paid" ? "The proforma is already paid." : "The proforma is cancelled.",
    );
  return p;
}

/** Cancels an open proforma (it has no tax effect, so no correction document is needed). */
export async function cancelProforma(
  tx: Db,
  deps: Pick<Deps, "clock">,
  id: string,
  reason: string,
  actor: Actor,
): Promise<void> {
  const p = await lockOpenProforma(tx, id);
  await markDocumentCancelled(tx, id, { at: deps.clock.now(), reason, supersededBy: null });
  await writeAudit(tx, deps.clock, actor, {
    action: "billing.proforma_cancelled",
    subjectType: "document",
    subjectId: id,
    customerId: p.customer_id,
    data: { number: p.number, reason },
  });
}

/** Replaces an open proforma with a new one (new number and reference); the old is cancelled. */
export async function supersedeProforma(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  id: string,
  replacement: Omit<IssueRequest, "kind" | "customerId">,
  actor: Actor,
): Promise<{ id: string; number: string }> {
  const p = await lockOpenProforma(tx, id);
  const next = await issueDocument(
    tx,
    deps,
    { ...replacement, kind: "proforma", customerId: p.customer_id },
    actor,
  );
  await markDocumentCancelled(tx, id, {
    at: deps.clock.now(),
    reason: `superseded by ${next.number}`,
    supersededBy: next.id,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "billing.proforma_superseded",
    subjectType: "document",
    subjectId: id,
    customerId: p.customer_id,
    data: { number: p.number, by: next.number },
  });
  return next;
}

export interface ProformaPayment {
  /** The payment record (payments module, next issue); null for a manual settlement. */
  paymentId: string | null;
  amount: Money;
  method: "transfer" | "card" | "cash" | "other";
  /** The day the money arrived: the final invoice's tax point. */
  paidOn: string;
}

/**
 * Money arrived for a proforma: records the payment in the ledger and issues the final invoice
 * with the proforma's lines (VAT rates as in force on the payment day), settled by the payment.
 * A second payment of an already paid proforma becomes credit on the account, never a second
 * invoice for the same lines.
 */
export async function settleProforma(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  proformaId: string,
  payment: ProformaPayment,
  actor: Actor,
  options: { silent?: boolean } = {},
): Promise<{ invoiceId: string | null; number: string | null; credit: Money }> {
  const p = await lockDocument(tx, proformaId);
  if (!p || p.kind !== "proforma")
    throw new AppError("not_found", 404, "The proforma does not exist.");
  const currency = assertCurrency(p.currency);
  if (payment.amount.currency !== currency || !payment.amount.isPositive())
    throw new AppError(
      "billing.invalid_payment",
      400,
      "The payment must be positive, in the proforma's currency.",
    );
  if (p.status !== "open") {
    // Paid twice (or paid after cancellation): the money is kept as credit on the account.
    await postLedger(
      tx,
      deps,
      {
        customerId: p.customer_id,
        currency,
        event: { kind: "payment", amount: payment.amount.minor, allocated: 0n },
        paymentId: payment.paymentId,
        documentId: p.id,
        memo: `payment for ${p.number} (${p.status}) kept as credit`,
      },
      actor,
    );
    return { invoiceId: null, number: null, credit: payment.amount };
  }
  const lines = await listDocumentLines(tx, p.id);
  const rates = (await ratesForCountries(tx, [...new Set(lines.map((l) => l.vat_country))])).map(
    (r) => ({
      country: r.country,
      rateBp: r.rate_bp,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }),
  );
  const invoice = await issueDocument(
    tx,
    deps,
    {
      kind: "invoice",
      customerId: p.customer_id,
      currency,
      issueDate: localDate(deps.clock.now(), deps.config.timeZone),
      fulfilmentDate: payment.paidOn,
      paymentMethod: payment.method,
      note: p.note,
      proformaId: p.id,
      deferFollowUp: true,
      lines: lines.map((l) => {
        const category = l.vat_category as VatCategory;
        const rateBp =
          category === "S"
            ? (pickRate(rates, l.vat_country, payment.paidOn) ?? l.vat_rate_bp)
            : l.vat_rate_bp;
        return {
          description: l.description,
          quantity: trimDecimal(l.quantity),
          unit: l.unit_code,
          unitPrice: Money.of(l.unit_price, currency),
          discount: Money.of(l.discount, currency),
          vat: { category, rateBp, country: l.vat_country, reason: l.vat_reason as VatReason },
          serviceId: l.service_id,
          productId: l.product_id,
          periodFrom: l.period_from,
          periodTo: l.period_to,
        };
      }),
    },
    actor,
  );
  const inv = await lockDocument(tx, invoice.id);
  if (!inv) throw new Error("final invoice vanished");
  const allocated = payment.amount.minor < inv.gross_total ? payment.amount.minor : inv.gross_total;
  const txnId = await postLedger(
    tx,
    deps,
    {
      customerId: p.customer_id,
      currency,
      event: { kind: "payment", amount: payment.amount.minor, allocated },
      paymentId: payment.paymentId,
      documentId: inv.id,
      memo: `payment for ${p.number}`,
    },
    actor,
  );
  await settleDocument(tx, deps, inv, {
    sourceType: "payment",
    sourceId: payment.paymentId,
    amount: allocated,
    ledgerTxnId: txnId,
  });
  await linkFinalInvoice(tx, p.id, inv.id, deps.clock.now());
  await afterIssue(tx, deps, inv.id, p.customer_id, {
    silent: options.silent ?? false,
  });
  if (payment.amount.minor > allocated && (await getInvoicingSettings(tx)).applyCreditAutomatically)
    await applyAccountCredit(tx, deps, p.customer_id, currency, actor);
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    credit: Money.of(payment.amount.minor - allocated, currency),
  };
}
