import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { Money } from "../../../platform/money/index.ts";
import { findCustomerForBilling } from "../../billing/index.ts";
import { normalizeAccount } from "../domain/matching.ts";
import { decideQueuedLine, documentsForAssignment, findLine, lockLine } from "../repo-bank.ts";
import { decimalOf } from "./import-statement.ts";
import { receivePayment } from "./receive.ts";

/**
 * The staff queue of bank lines the matcher could not decide: one click assigns a line to
 * documents (paid in the order given, the rest kept as credit) or to a customer (all credit), or
 * dismisses it as no customer's payment (bank interest, a transfer between own accounts). Only a
 * queued line can be decided, once; every decision is audited with who made it.
 */

/** Documents to pay in order (amounts as decimal strings, default: all that is open), or a customer. */
export type Assignment =
  { documents: readonly { id: string; amount?: string | undefined }[] } | { customerId: string };

const notQueued = (state: string) =>
  new AppError(
    "payments.line_not_queued",
    409,
    `The line is not waiting in the queue (it is ${state}); reload the queue.`,
  );

export async function assignLine(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  lineId: string,
  assignment: Assignment,
  actor: Actor,
) {
  const paymentId = await deps.db.transaction().execute(async (tx) => {
    const line = await lockLine(tx, lineId);
    if (!line) throw new AppError("not_found", 404, "The bank line does not exist.");
    if (line.state !== "queued") throw notQueued(line.state);
    if (line.direction !== "credit" || line.amount <= 0n)
      throw new AppError("payments.line_not_payment", 409, "The line is not money received.");
    const currency = line.currency;
    if (currency !== "HUF" && currency !== "EUR")
      throw new AppError(
        "payments.currency_mismatch",
        409,
        `Payments in ${currency} cannot be recorded: Kapu invoices in HUF and EUR.`,
      );

    let customerId: string;
    let documents: { id: string; amount?: bigint | undefined }[] = [];
    if ("customerId" in assignment) {
      if (!(await findCustomerForBilling(tx, assignment.customerId)))
        throw new AppError("not_found", 404, "The customer does not exist.");
      customerId = assignment.customerId;
    } else {
      documents = assignment.documents.map((d, i) => ({
        id: d.id,
        amount: d.amount === undefined ? undefined : amountOf(d.amount, currency, i),
      }));
      const ids = documents.map((d) => d.id);
      if (ids.length === 0 || new Set(ids).size !== ids.length)
        throw new AppError("validation_failed", 400, "Name each document once.", {
          errors: [{ path: "body.documents", message: "one or more documents, each once" }],
        });
      let wanted = 0n;
      for (const [i, d] of documents.entries()) {
        if (d.amount === undefined) continue;
        if (d.amount <= 0n)
          throw new AppError("validation_failed", 400, "An amount must be positive.", {
            errors: [{ path: `body.documents.${i}.amount`, message: "greater than 0" }],
          });
        wanted += d.amount;
      }
      if (wanted > line.amount)
        throw new AppError("validation_failed", 400, "The amounts add up to more than the line.", {
          errors: [
            {
              path: "body.documents",
              message: `at most ${decimalOf(line.amount, currency)} ${currency} in all`,
            },
          ],
        });
      const found = await documentsForAssignment(tx, ids);
      const first = found.get(ids[0] ?? "");
      if (!first) throw new AppError("not_found", 404, "The document does not exist.");
      customerId = first.customer_id;
      for (const id of ids) {
        const d = found.get(id);
        if (!d) throw new AppError("not_found", 404, "The document does not exist.");
        if (d.customer_id !== customerId)
          throw new AppError(
            "payments.several_customers",
            409,
            "The documents belong to different customers: one payment pays one customer's documents.",
          );
        if (d.kind === "credit_note" || d.status !== "open")
          throw new AppError("payments.document_not_payable", 409, `${d.number} is not open.`);
        if (d.currency !== currency)
          throw new AppError("payments.currency_mismatch", 409, `${d.number} is in ${d.currency}.`);
      }
    }

    const payerAccount = [line.counterparty_iban, line.counterparty_account].find(
      (a): a is string => a !== null && normalizeAccount(a) !== null,
    );
    const received = await receivePayment(
      tx,
      deps,
      {
        customerId,
        currency,
        amount: line.amount,
        method: "transfer",
        source: "bank",
        externalId: line.id,
        receivedOn: line.booking_date,
        payer: line.counterparty_name,
        payerAccount: payerAccount ?? null,
        reference: line.remittance.trim() || null,
        documents,
      },
      actor,
    );
    const now = deps.clock.now();
    if (
      !(await decideQueuedLine(tx, line.id, {
        state: "assigned",
        reason: null,
        paymentId: received.paymentId,
        at: now,
        by: actorIdOf(actor),
      }))
    )
      throw notQueued(line.state);
    await writeAudit(tx, deps.clock, actor, {
      action: "bank.line_assigned",
      subjectType: "bank_line",
      subjectId: line.id,
      customerId,
      data: {
        paymentId: received.paymentId,
        amount: line.amount.toString(),
        currency,
        documents: documents.map((d) => ({ id: d.id, amount: d.amount?.toString() ?? null })),
        queueReason: line.reason,
      },
    });
    return received.paymentId;
  });
  const line = await findLine(deps.db, lineId);
  if (!line) throw new Error("assigned line vanished");
  return { line, paymentId };
}

export async function dismissLine(
  deps: Pick<Deps, "db" | "clock">,
  lineId: string,
  reason: string,
  actor: Actor,
) {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500)
    throw new AppError("validation_failed", 400, "Give a reason of 3–500 characters.", {
      errors: [{ path: "body.reason", message: "3–500 characters" }],
    });
  await deps.db.transaction().execute(async (tx) => {
    const line = await lockLine(tx, lineId);
    if (!line) throw new AppError("not_found", 404, "The bank line does not exist.");
    if (line.state !== "queued") throw notQueued(line.state);
    await decideQueuedLine(tx, line.id, {
      state: "dismissed",
      reason: text,
      paymentId: null,
      at: deps.clock.now(),
      by: actorIdOf(actor),
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "bank.line_dismissed",
      subjectType: "bank_line",
      subjectId: line.id,
      data: {
        reason: text,
        queueReason: line.reason,
        amount: line.amount.toString(),
        currency: line.currency,
        direction: line.direction,
      },
    });
  });
  const line = await findLine(deps.db, lineId);
  if (!line) throw new Error("dismissed line vanished");
  return { line };
}

function amountOf(amount: string, currency: "HUF" | "EUR", i: number): bigint {
  try {
    return Money.parse(amount, currency).minor;
  } catch {
    throw new AppError("validation_failed", 400, "Not an amount.", {
      errors: [{ path: `body.documents.${i}.amount`, message: `an amount in ${currency}` }],
    });
  }
}

function actorIdOf(actor: Actor): string | null {
  return actor.type === "user" ? actor.userId : actor.name;
}
