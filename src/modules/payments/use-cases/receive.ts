import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db, PaymentMethod, PaymentSource } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import {
  applyPayment,
  findCustomerForBilling,
  getSeller,
  type AppliedPayment,
} from "../../billing/index.ts";
import { queueMail, recipientsFor } from "../../notifications/index.ts";
import { paymentReceivedMail } from "../mails.ts";
import {
  findPaymentByOrigin,
  insertPaymentOnce,
  payableDocuments,
  rememberPayer,
  setPaymentFlag,
} from "../repo.ts";

export interface ReceivedMoney {
  customerId: string;
  currency: "HUF" | "EUR";
  amount: bigint;
  method: PaymentMethod;
  source: PaymentSource;
  gateway?: string | null;
  /**
   * The payment's identity at its origin: the gateway's transaction, the bank line id, a staff
   * entry's idempotency key. A second payment with the same origin is a duplicate: nothing new.
   */
  externalId: string;
  receivedOn: string;
  payer?: string | null;
  /** The payer's account (IBAN or domestic number): remembered to confirm later transfers. */
  payerAccount?: string | null;
  reference?: string | null;
  note?: string | null;
  /** The documents it pays, in order (see billing's applyPayment). */
  documents: readonly { id: string; amount?: bigint | undefined }[];
  /** A reason staff should look at it, known before applying (e.g. an unknown checkout). */
  flag?: string | null;
  silent?: boolean;
}

export type ReceiveResult =
  | { duplicate: false; paymentId: string; applied: AppliedPayment; flag: string | null }
  | { duplicate: true; paymentId: string };

/**
 * Records money received exactly once per origin and lands it on the customer's documents,
 * in the caller's transaction: the payment row (unique per origin), the ledger, final invoices
 * for proformas, credit for the rest, the renewal jobs, a receipt e-mail when no final invoice
 * is mailed, and the audit entry. Concurrent duplicates wait on the unique origin and then find
 * the first one's payment.
 */
export async function receivePayment(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  m: ReceivedMoney,
  actor: Actor,
): Promise<ReceiveResult> {
  const now = deps.clock.now();
  const paymentId = newId("pay", now.getTime());
  const inserted = await insertPaymentOnce(tx, {
    id: paymentId,
    customerId: m.customerId,
    method: m.method,
    source: m.source,
    gateway: m.gateway ?? null,
    externalId: m.externalId,
    currency: m.currency,
    amount: m.amount,
    receivedOn: m.receivedOn,
    payer: m.payer ?? null,
    reference: m.reference ?? null,
    note: m.note ?? null,
    createdBy: actor.type === "user" ? actor.userId : actor.name,
    now,
  });
  if (!inserted) {
    const existing = await findPaymentByOrigin(tx, m.source, m.externalId);
    if (!existing) throw new Error("payment origin conflict without a payment");
    return { duplicate: true, paymentId: existing.id };
  }
  const applied = await applyPayment(
    tx,
    deps,
    {
      paymentId,
      customerId: m.customerId,
      currency: m.currency,
      amount: m.amount,
      method: m.method,
      paidOn: m.receivedOn,
      documents: m.documents,
      silent: m.silent ?? false,
    },
    actor,
  );
  const flag = m.flag ?? applied.flags[0]?.code ?? null;
  if (flag) await setPaymentFlag(tx, paymentId, flag);
  if (m.payerAccount)
    await rememberPayer(tx, {
      customerId: m.customerId,
      account: m.payerAccount,
      name: m.payer ?? null,
      now,
    });
  await writeAudit(tx, deps.clock, actor, {
    action: "payment.received",
    subjectType: "payment",
    subjectId: paymentId,
    customerId: m.customerId,
    data: {
      amount: m.amount.toString(),
      currency: m.currency,
      method: m.method,
      source: m.source,
      externalId: m.externalId,
      allocations: applied.allocations.map((a) => ({
        documentId: a.documentId,
        amount: a.amount.toString(),
        finalInvoiceId: a.finalInvoiceId,
      })),
      credit: applied.credit.toString(),
      flags: applied.flags,
    },
  });
  const invoiceMailed = applied.allocations.some((a) => a.finalInvoiceId !== null);
  if (!invoiceMailed && !m.silent) await mailReceipt(tx, deps, m, applied);
  return { duplicate: false, paymentId, applied, flag };
}

async function mailReceipt(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  m: ReceivedMoney,
  applied: AppliedPayment,
): Promise<void> {
  const customer = await findCustomerForBilling(tx, m.customerId);
  if (!customer) return;
  const lang = customer.language === "en" ? "en" : "hu";
  const ids = applied.allocations.map((a) => a.documentId);
  const docs = await payableDocuments(tx, m.customerId, ids);
  const numbers = ids.flatMap((id) => docs.find((d) => d.id === id)?.number ?? []);
  const mail = paymentReceivedMail(lang, {
    seller: (await getSeller(tx))?.name ?? "",
    amount: m.amount,
    currency: m.currency,
    receivedOn: m.receivedOn,
    documents: numbers,
    credit: applied.credit,
    link: `${deps.config.baseUrl}/finances/payments`,
  });
  for (const to of await recipientsFor(tx, "payments.received", m.customerId)) {
    await queueMail(tx, deps, {
      type: "payments.received",
      language: lang,
      to,
      subject: mail.subject,
      text: mail.text,
      customerId: m.customerId,
    });
  }
}
