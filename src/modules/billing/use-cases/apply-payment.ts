import type { Actor } from "../../../platform/audit.ts";
import { writeAudit } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { assertCurrency, Money } from "../../../platform/money/index.ts";
import { billingDataGaps, type BillingDataField } from "../domain/billing-data.ts";
import { findCustomerForBilling, lockBalance, lockDocument } from "../repo.ts";
import { getInvoicingSettings } from "../settings.ts";
import { applyAccountCredit, postLedger, settleDocument } from "./ledger.ts";
import { settleProforma } from "./proforma.ts";

/** A job other modules define: an invoice was paid in full (renewal, provisioning). */
export const INVOICE_PAID_JOB = "billing.invoice-paid";

export interface PaymentToApply {
  /** The payments module's record; every ledger transaction names it. */
  paymentId: string;
  customerId: string;
  currency: "HUF" | "EUR";
  amount: bigint;
  method: "transfer" | "card" | "cash" | "other";
  /** The day the money arrived: the tax point of final invoices. */
  paidOn: string;
  /**
   * The documents to settle, in order; each gets at most its open amount (or `amount` when
   * given, never more than open). What is left is credit on the account.
   */
  documents: readonly { id: string; amount?: bigint | undefined }[];
  /** Do not e-mail final invoices (imports of history, tests). */
  silent?: boolean;
}

export type ApplyFlag =
  | { code: "document_not_open"; documentId: string; status: string }
  | { code: "document_not_found"; documentId: string }
  | { code: "currency_mismatch"; documentId: string };

export interface AppliedPayment {
  allocations: { documentId: string; amount: bigint; finalInvoiceId: string | null }[];
  /** Kept as credit on the account (over-payment, or every document already settled). */
  credit: bigint;
  /** Documents paid in full by this payment (final invoices included). */
  paidInvoiceIds: string[];
  flags: ApplyFlag[];
}

/**
 * Money received for a customer lands on its documents (E1–E3, D1): a proforma is settled and
 * its final invoice issued (and e-mailed) at once; an invoice's open amount is reduced; what is
 * left — an over-payment, or a document that is no longer open — is credit on the account, never
 * lost and never a second invoice. All in the caller's transaction; each fully paid invoice
 * enqueues INVOICE_PAID_JOB in it, so renewal happens exactly when the money is booked.
 */
export async function applyPayment(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  p: PaymentToApply,
  actor: Actor,
): Promise<AppliedPayment> {
  if (p.amount <= 0n)
    throw new AppError("billing.invalid_payment", 400, "The amount must be positive.");
  const currency = assertCurrency(p.currency);
  let remaining = p.amount;
  const out: AppliedPayment = { allocations: [], credit: 0n, paidInvoiceIds: [], flags: [] };
  // Lock every document in one global order first: two payments naming the same documents in
  // different orders then wait for each other instead of deadlocking.
  for (const id of [...new Set(p.documents.map((d) => d.id))].sort()) await lockDocument(tx, id);
  for (const want of p.documents) {
    if (remaining <= 0n) break;
    const doc = await lockDocument(tx, want.id);
    if (!doc || doc.customer_id !== p.customerId || doc.kind === "credit_note") {
      out.flags.push({ code: "document_not_found", documentId: want.id });
      continue;
    }
    if (doc.currency !== currency) {
      out.flags.push({ code: "currency_mismatch", documentId: doc.id });
      continue;
    }
    if (doc.status !== "open") {
      out.flags.push({ code: "document_not_open", documentId: doc.id, status: doc.status });
      continue;
    }
    const open = doc.gross_total - doc.paid_amount;
    let amount = want.amount !== undefined && want.amount < open ? want.amount : open;
    if (amount > remaining) amount = remaining;
    if (amount <= 0n) continue;
    if (doc.kind === "proforma") {
      const settled = await settleProforma(
        tx,
        deps,
        doc.id,
        {
          paymentId: p.paymentId,
          amount: Money.of(amount, currency),
          method: p.method,
          paidOn: p.paidOn,
        },
        actor,
        { silent: p.silent ?? false },
      );
      out.allocations.push({ documentId: doc.id, amount, finalInvoiceId: settled.invoiceId });
      if (settled.invoiceId) {
        const inv = await lockDocument(tx, settled.invoiceId);
        if (inv?.status === "paid") out.paidInvoiceIds.push(inv.id);
      }
    } else {
      const txnId = await postLedger(
        tx,
        deps,
        {
          customerId: p.customerId,
          currency,
          event: { kind: "payment", amount, allocated: amount },
          paymentId: p.paymentId,
          documentId: doc.id,
          memo: `payment for ${doc.number}`,
        },
        actor,
      );
      const paid = await settleDocument(tx, deps, doc, {
        sourceType: "payment",
        sourceId: p.paymentId,
        amount,
        ledgerTxnId: txnId,
      });
      out.allocations.push({ documentId: doc.id, amount, finalInvoiceId: null });
      if (paid >= doc.gross_total) out.paidInvoiceIds.push(doc.id);
    }
    remaining -= amount;
  }
  if (remaining > 0n) {
    await postLedger(
      tx,
      deps,
      {
        customerId: p.customerId,
        currency,
        event: { kind: "payment", amount: remaining, allocated: 0n },
        paymentId: p.paymentId,
        memo: "payment kept as credit on the account",
      },
      actor,
    );
    out.credit = remaining;
    if ((await getInvoicingSettings(tx)).applyCreditAutomatically)
      await applyAccountCredit(tx, deps, p.customerId, currency, actor);
  }
  if (out.paidInvoiceIds.length > 0)
    await deps.jobs.sendMany(
      tx,
      INVOICE_PAID_JOB,
      out.paidInvoiceIds.map((documentId) => ({ documentId })),
    );
  return out;
}

/**
 * Pays money back out of the customer's credit (a refund to card or by transfer). The credit
 * must be there: to refund a paid invoice, credit it first (a storno credit note turns its
 * amount into credit), which is what the law needs when the service is not supplied.
 */
export async function refundFromCredit(
  tx: Db,
  deps: Pick<Deps, "clock">,
  r: {
    customerId: string;
    currency: "HUF" | "EUR";
    amount: bigint;
    paymentId: string;
    memo: string;
  },
  actor: Actor,
): Promise<string> {
  const balance = await lockBalance(tx, r.customerId, r.currency, deps.clock.now());
  const available = -balance.credit;
  if (r.amount <= 0n || r.amount > available)
    throw new AppError(
      "billing.refund_exceeds_credit",
      409,
      `Only ${Money.of(available > 0n ? available : 0n, r.currency).toDecimalString()} ${r.currency} is held as credit on the account. Credit the invoice first (storno) to refund more.`,
    );
  return postLedger(
    tx,
    deps,
    {
      customerId: r.customerId,
      currency: r.currency,
      event: { kind: "refund", amount: r.amount },
      paymentId: r.paymentId,
      memo: r.memo,
    },
    actor,
  );
}

/** Writes off what is still open on an invoice (bad debt): ledger entries, allocation, audit. */
export async function writeOffInvoice(
  tx: Db,
  deps: Pick<Deps, "clock">,
  documentId: string,
  reason: string,
  actor: Actor,
): Promise<{ amount: bigint; currency: "HUF" | "EUR" }> {
  const doc = await lockDocument(tx, documentId);
  if (!doc || doc.kind !== "invoice")
    throw new AppError("not_found", 404, "The invoice does not exist.");
  const open = doc.gross_total - doc.paid_amount;
  if (doc.status !== "open" || open <= 0n)
    throw new AppError(
      "billing.nothing_to_write_off",
      409,
      "The invoice has nothing open to write off.",
    );
  const txnId = await postLedger(
    tx,
    deps,
    {
      customerId: doc.customer_id,
      currency: doc.currency,
      event: { kind: "write_off", amount: open },
      documentId: doc.id,
      memo: `written off: ${reason}`,
    },
    actor,
  );
  await settleDocument(tx, deps, doc, {
    sourceType: "write_off",
    sourceId: null,
    amount: open,
    ledgerTxnId: txnId,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "billing.invoice_written_off",
    subjectType: "document",
    subjectId: doc.id,
    customerId: doc.customer_id,
    data: { number: doc.number, amount: open.toString(), currency: doc.currency, reason },
  });
  return { amount: open, currency: doc.currency === "EUR" ? "EUR" : "HUF" };
}

/** A refund the gateway refused: the money goes back on the account's credit. */
export async function reverseRefund(
  tx: Db,
  deps: Pick<Deps, "clock">,
  r: {
    customerId: string;
    currency: "HUF" | "EUR";
    amount: bigint;
    paymentId: string;
    memo: string;
  },
  actor: Actor,
): Promise<string> {
  return postLedger(
    tx,
    deps,
    {
      customerId: r.customerId,
      currency: r.currency,
      event: { kind: "refund_reversed", amount: r.amount },
      paymentId: r.paymentId,
      memo: r.memo,
    },
    actor,
  );
}

/** The billing-data check before paying (A7): what the customer still has to fill in. */
export async function billingDataGapsOf(db: Db, customerId: string): Promise<BillingDataField[]> {
  const c = await findCustomerForBilling(db, customerId);
  if (!c) throw new AppError("not_found", 404, "The customer does not exist.");
  return billingDataGaps({
    kind: c.kind,
    legalName: c.legal_name,
    country: c.country,
    postalCode: c.postal_code,
    city: c.city,
    addressLine: c.address_line,
    taxNumber: c.tax_number,
  });
}
