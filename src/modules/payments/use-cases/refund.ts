import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import {
  createCreditNote,
  findCustomerForBilling,
  getSeller,
  refundFromCredit,
  reverseRefund,
} from "../../billing/index.ts";
import { queueMail, recipientsFor } from "../../notifications/index.ts";
import { refundMail } from "../mails.ts";
import { gatewaysFor, type GatewayName } from "../gateways/index.ts";
import {
  addRefunded,
  allocationsOfPayment,
  findCheckoutByPayment,
  lockPayment,
  updateRefund,
  insertRefund,
} from "../repo.ts";

export interface RefundInput {
  paymentId: string;
  amount: bigint;
  method: "card" | "transfer" | "cash";
  reason: string;
  /**
   * Invoices this payment settled to credit in full (storno) first: the law needs a credit note
   * when the service is not supplied, and its amount becomes the credit that is refunded.
   */
  stornoDocumentIds: readonly string[];
}

export interface RefundOutcome {
  refundId: string;
  status: "succeeded" | "pending" | "failed";
  creditNotes: { id: string; number: string }[];
  failure: string | null;
}

/**
 * Pays money back to the customer (staff). In one transaction: the optional storno credit notes,
 * the refund out of the account's credit (ledger) and the refund row, reserved against the
 * payment so two refunds can never exceed it. A card refund then goes to the gateway; when the
 * gateway refuses, the money is put back on the account's credit by a reversing transaction.
 */
export async function refundPayment(
  deps: Deps,
  input: RefundInput,
  actor: Actor,
): Promise<RefundOutcome> {
  const now = deps.clock.now();
  const refundId = newId("rfd", now.getTime());
  const prepared = await deps.db.transaction().execute(async (tx) => {
    const p = await lockPayment(tx, input.paymentId);
    if (!p) throw new AppError("not_found", 404, "The payment does not exist.");
    if (input.amount <= 0n || input.amount > p.amount - p.refunded_amount)
      throw new AppError(
        "payments.refund_too_large",
        409,
        "A refund cannot exceed what is left of the payment.",
      );
    if (input.method === "card" && p.method !== "card")
      throw new AppError(
        "payments.refund_method",
        409,
        "Only card payments can be refunded to the card; refund by transfer.",
      );
    // Final invoices of paid proformas carry the payment's allocation too.
    const settled = new Set(
      (await allocationsOfPayment(tx, p.id)).flatMap((a) =>
        a.kind === "invoice" ? [a.document_id] : [],
      ),
    );
    const creditNotes: { id: string; number: string }[] = [];
    for (const docId of input.stornoDocumentIds) {
      if (!settled.has(docId))
        throw new AppError(
          "payments.not_settled_by_payment",
          409,
          "Only invoices this payment settled can be credited with its refund.",
        );
      const cn = await createCreditNote(
        tx,
        deps,
        {
          documentId: docId,
          mode: "storno",
          reason: input.reason,
          adminFee: false,
          keepCredit: true,
        },
        actor,
      );
      creditNotes.push({ id: cn.id, number: cn.number });
    }
    await refundFromCredit(
      tx,
      deps,
      {
        customerId: p.customer_id,
        currency: p.currency as "HUF" | "EUR",
        amount: input.amount,
        paymentId: p.id,
        memo: `refund ${refundId}: ${input.reason}`,
      },
      actor,
    );
    await insertRefund(tx, {
      id: refundId,
      paymentId: p.id,
      customerId: p.customer_id,
      currency: p.currency,
      amount: input.amount,
      method: input.method,
      status: input.method === "card" ? "pending" : "succeeded",
      reason: input.reason,
      creditNoteIds: creditNotes.map((c) => c.id),
      createdBy: actor.type === "user" ? actor.userId : null,
      now,
    });
    await addRefunded(tx, p.id, input.amount);
    await writeAudit(tx, deps.clock, actor, {
      action: "payment.refund_started",
      subjectType: "payment",
      subjectId: p.id,
      customerId: p.customer_id,
      data: {
        refundId,
        amount: input.amount.toString(),
        method: input.method,
        reason: input.reason,
        creditNotes: creditNotes.map((c) => c.number),
      },
    });
    const checkout = input.method === "card" ? await findCheckoutByPayment(tx, p.id) : null;
    return { payment: p, creditNotes, checkout };
  });
  const { payment, creditNotes, checkout } = prepared;
  let status: RefundOutcome["status"] = input.method === "card" ? "pending" : "succeeded";
  let failure: string | null = null;
  let gatewayRef: string | null = null;
  if (input.method === "card") {
    const gateway = payment.gateway
      ? gatewaysFor(deps.config).get(payment.gateway as GatewayName)
      : undefined;
    const transactionId = payment.external_id.slice((payment.gateway ?? "").length + 1);
    if (!gateway || !checkout?.gateway_ref) {
      status = "failed";
      failure = "the payment's gateway is not configured";
    } else {
      try {
        const r = await gateway.refund({
          refundId,
          transactionId,
          gatewayRef: checkout.gateway_ref,
          amount: input.amount,
          currency: payment.currency,
        });
        status = r.status;
        failure = r.failure;
        gatewayRef = r.refundRef || null;
      } catch (error) {
        status = "failed";
        failure = error instanceof Error ? error.message : String(error);
      }
    }
  }
  await deps.db.transaction().execute(async (tx) => {
    if (input.method === "card") await updateRefund(tx, refundId, { status, gatewayRef, failure });
    if (status === "failed") {
      await reverseRefund(
        tx,
        deps,
        {
          customerId: payment.customer_id,
          currency: payment.currency as "HUF" | "EUR",
          amount: input.amount,
          paymentId: payment.id,
          memo: `refund ${refundId} refused: ${failure ?? ""}`,
        },
        actor,
      );
      await addRefunded(tx, payment.id, -input.amount);
    }
    await writeAudit(tx, deps.clock, actor, {
      action: status === "failed" ? "payment.refund_failed" : "payment.refunded",
      subjectType: "payment",
      subjectId: payment.id,
      customerId: payment.customer_id,
      data: { refundId, amount: input.amount.toString(), status, failure },
    });
    if (status !== "failed") {
      const customer = await findCustomerForBilling(tx, payment.customer_id);
      const lang = customer?.language === "en" ? "en" : "hu";
      const mail = refundMail(lang, {
        seller: (await getSeller(tx))?.name ?? "",
        amount: input.amount,
        currency: payment.currency as "HUF" | "EUR",
        method: input.method,
        link: `${deps.config.baseUrl}/finances/payments`,
      });
      for (const to of await recipientsFor(tx, "payments.refunded", payment.customer_id))
        await queueMail(tx, deps, {
          type: "payments.refunded",
          language: lang,
          to,
          subject: mail.subject,
          text: mail.text,
          customerId: payment.customer_id,
        });
    }
  });
  return { refundId, status, creditNotes, failure };
}
