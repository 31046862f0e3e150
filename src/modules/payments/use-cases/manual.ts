import type { Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { findCustomerForBilling } from "../../billing/index.ts";
import { findPaymentByOrigin, lockOrigin, payableDocuments } from "../repo.ts";
import { receivePayment, type ReceiveResult } from "./receive.ts";

export interface ManualPayment {
  customerId: string;
  currency: "HUF" | "EUR";
  amount: bigint;
  method: "cash" | "transfer" | "other";
  receivedOn: string;
  documents: readonly { id: string; amount?: bigint | undefined }[];
  note: string | null;
  /** Chosen by the client once per form: a double submit records one payment. */
  idempotencyKey: string;
}

/**
 * Staff record money received outside the gateways and statements (cash at the desk, a transfer
 * seen in the bank's portal): the documents must be the customer's, open, in the currency.
 */
export async function recordManualPayment(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  m: ManualPayment,
  actor: Actor,
): Promise<ReceiveResult> {
  return deps.db.transaction().execute(async (tx) => {
    // One form submission, one payment: a double submit waits here for the first, then finds it.
    await lockOrigin(tx, "manual", m.idempotencyKey);
    const existing = await findPaymentByOrigin(tx, "manual", m.idempotencyKey);
    if (existing) return { duplicate: true as const, paymentId: existing.id };
    if (!(await findCustomerForBilling(tx, m.customerId)))
      throw new AppError("not_found", 404, "The customer does not exist.");
    const ids = m.documents.map((d) => d.id);
    if (new Set(ids).size !== ids.length)
      throw new AppError("validation_failed", 400, "A document is listed twice.", {
        errors: [{ path: "body.documents", message: "each document once" }],
      });
    const docs = await payableDocuments(tx, m.customerId, ids);
    if (docs.length !== ids.length)
      throw new AppError("not_found", 404, "The document does not exist.");
    for (const d of docs) {
      if (d.kind === "credit_note" || d.status !== "open")
        throw new AppError("payments.document_not_payable", 409, `${d.number} is not open.`);
      if (d.currency !== m.currency)
        throw new AppError("payments.currency_mismatch", 409, `${d.number} is in ${d.currency}.`);
    }
    return receivePayment(
      tx,
      deps,
      {
        customerId: m.customerId,
        currency: m.currency,
        amount: m.amount,
        method: m.method,
        source: "manual",
        externalId: m.idempotencyKey,
        receivedOn: m.receivedOn,
        note: m.note,
        documents: m.documents,
      },
      actor,
    );
  });
}
