import type { Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { AllocationSource, Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { postingsFor, type LedgerEvent } from "../domain/ledger.ts";
import {
  addToBalance,
  insertAllocation,
  insertLedgerTransaction,
  lockBalance,
  openInvoicesOf,
  updateDocumentSettlement,
} from "../repo.ts";

export interface PostInput {
  customerId: string;
  currency: string;
  event: LedgerEvent;
  documentId?: string | null;
  paymentId?: string | null;
  memo?: string;
}

/**
 * Posts one balanced ledger transaction and moves the customer's stored balances by the same
 * amounts, in the caller's transaction. Returns the transaction id.
 */
export async function postLedger(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: PostInput,
  actor: Actor,
): Promise<string> {
  const now = deps.clock.now();
  const id = newId("ltx", now.getTime());
  const entries = postingsFor(input.event);
  await insertLedgerTransaction(tx, {
    id,
    customerId: input.customerId,
    kind: input.event.kind,
    documentId: input.documentId ?? null,
    paymentId: input.paymentId ?? null,
    memo: input.memo ?? "",
    at: now,
    actorType: actor.type,
    actorId: actor.type === "user" ? actor.userId : actor.name,
    currency: input.currency,
    entries,
  });
  const delta = (account: string) =>
    entries.filter((e) => e.account === account).reduce((a, e) => a + e.amount, 0n);
  const receivable = delta("receivable");
  const credit = delta("customer_credit");
  if (receivable !== 0n || credit !== 0n) {
    await addToBalance(tx, {
      customerId: input.customerId,
      currency: input.currency,
      receivable,
      credit,
      now,
    });
  }
  return id;
}

/** Records that `amount` of a source settled a document, and updates its paid amount/status. */
export async function settleDocument(
  tx: Db,
  deps: Pick<Deps, "clock">,
  doc: { id: string; gross_total: bigint; paid_amount: bigint },
  s: { sourceType: AllocationSource; sourceId: string | null; amount: bigint; ledgerTxnId: string },
): Promise<bigint> {
  const now = deps.clock.now();
  await insertAllocation(tx, {
    id: newId("alc", now.getTime()),
    documentId: doc.id,
    sourceType: s.sourceType,
    sourceId: s.sourceId,
    amount: s.amount,
    ledgerTxnId: s.ledgerTxnId,
    now,
  });
  const paid = doc.paid_amount + s.amount;
  const settled = paid >= doc.gross_total;
  await updateDocumentSettlement(tx, doc.id, {
    paidAmount: paid,
    status: settled ? "paid" : "open",
    paidAt: settled ? now : null,
  });
  return paid;
}

/**
 * Uses credit held on the account to settle open invoices of the currency, oldest due first.
 * Returns the amount applied.
 */
export async function applyAccountCredit(
  tx: Db,
  deps: Pick<Deps, "clock">,
  customerId: string,
  currency: string,
  actor: Actor,
): Promise<bigint> {
  const balance = await lockBalance(tx, customerId, currency, deps.clock.now());
  let available = -balance.credit;
  if (available <= 0n) return 0n;
  let applied = 0n;
  for (const inv of await openInvoicesOf(tx, customerId, currency)) {
    if (available <= 0n) break;
    const open = inv.gross_total - inv.paid_amount;
    if (open <= 0n) continue;
    const amount = open < available ? open : available;
    const txnId = await postLedger(
      tx,
      deps,
      {
        customerId,
        currency,
        event: { kind: "credit_applied", amount },
        documentId: inv.id,
        memo: "credit on the account applied",
      },
      actor,
    );
    await settleDocument(tx, deps, inv, {
      sourceType: "account_credit",
      sourceId: null,
      amount,
      ledgerTxnId: txnId,
    });
    available -= amount;
    applied += amount;
  }
  return applied;
}
