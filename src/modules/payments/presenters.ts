import { z } from "zod";
import { legalDate, moneySchema } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { CheckoutRow, PaymentRow, RefundRow } from "../../platform/db/index.ts";

const money = (minor: bigint, currency: string) =>
  Money.of(minor, assertCurrency(currency)).toJSON();

export const paymentMethodSchema = z.enum(["card", "transfer", "cash", "other"]);

export const paymentSummarySchema = z
  .object({
    id: z.string(),
    receivedOn: legalDate,
    amount: moneySchema,
    refunded: moneySchema,
    method: paymentMethodSchema,
    source: z.enum(["gateway", "bank", "manual"]),
    gateway: z.string().nullable(),
    payer: z.string().nullable(),
    reference: z.string().nullable(),
    flag: z.string().nullable().describe("Why staff should look at it (document not open, …)"),
    createdAt: z.string(),
  })
  .meta({ id: "PaymentSummary" });

export function presentPayment(p: PaymentRow) {
  return {
    id: p.id,
    receivedOn: p.received_on,
    amount: money(p.amount, p.currency),
    refunded: money(p.refunded_amount, p.currency),
    method: p.method,
    source: p.source,
    gateway: p.gateway,
    payer: p.payer,
    reference: p.reference,
    flag: p.flag,
    createdAt: p.created_at.toISOString(),
  };
}

export const allocationSchema = z.object({
  documentId: z.string(),
  number: z.string(),
  kind: z.enum(["proforma", "invoice", "credit_note"]),
  amount: moneySchema,
});

export const refundSchema = z
  .object({
    id: z.string(),
    amount: moneySchema,
    method: z.enum(["card", "transfer", "cash"]),
    status: z.enum(["pending", "succeeded", "failed"]),
    reason: z.string(),
    failure: z.string().nullable(),
    creditNoteIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: "Refund" });

export function presentRefund(r: RefundRow) {
  return {
    id: r.id,
    amount: money(r.amount, r.currency),
    method: r.method,
    status: r.status,
    reason: r.reason,
    failure: r.failure,
    creditNoteIds: r.credit_note_ids,
    createdAt: r.created_at.toISOString(),
  };
}

export const paymentDetailSchema = paymentSummarySchema
  .extend({
    allocations: z.array(allocationSchema),
    credit: moneySchema.describe("Kept as credit on the account"),
    refunds: z.array(refundSchema),
    note: z.string().nullable(),
    customerId: z.string(),
  })
  .meta({ id: "PaymentDetail" });

export const checkoutSchema = z
  .object({
    id: z.string(),
    status: z.enum(["created", "pending", "succeeded", "failed", "cancelled", "expired"]),
    gateway: z.string(),
    amount: moneySchema,
    documentIds: z.array(z.string()),
    paymentId: z.string().nullable(),
    failure: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Checkout" });

export function presentCheckout(c: CheckoutRow) {
  return {
    id: c.id,
    status: c.status,
    gateway: c.gateway,
    amount: money(c.amount, c.currency),
    documentIds: c.document_ids,
    paymentId: c.payment_id,
    failure: c.failure,
    createdAt: c.created_at.toISOString(),
  };
}
