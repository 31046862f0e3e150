import type { Db } from "../../../platform/db/index.ts";
import {
  balanceDifferences,
  countLedger,
  negativeCredits,
  receivableVersusDocuments,
  unbalancedTransactions,
} from "../repo.ts";

export interface LedgerProblem {
  check: "transaction_balances" | "stored_balance" | "receivable_vs_documents" | "credit_sign";
  customerId: string | null;
  currency: string;
  detail: string;
}

export interface LedgerReport {
  ok: boolean;
  transactions: number;
  customers: number;
  problems: LedgerProblem[];
}

/**
 * The ledger's invariants, recomputed from the entries: every transaction sums to zero; every
 * stored balance equals the sum of its entries; each customer's receivable equals the open
 * amounts of its invoices; no account holds negative credit.
 */
export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const [unbalanced, balances, receivables, credits, counts] = await Promise.all([
    unbalancedTransactions(db),
    balanceDifferences(db),
    receivableVersusDocuments(db),
    negativeCredits(db),
    countLedger(db),
  ]);
  const problems: LedgerProblem[] = [
    ...unbalanced.map((u) => ({
      check: "transaction_balances" as const,
      customerId: null,
      currency: u.currency,
      detail: `transaction ${u.txn_id} sums to ${u.sum}, not 0`,
    })),
    ...balances.map((b) => ({
      check: "stored_balance" as const,
      customerId: b.customer_id,
      currency: b.currency,
      detail: `stored receivable ${b.stored_receivable ?? "none"} / credit ${b.stored_credit ?? "none"}, entries say ${b.receivable ?? 0} / ${b.credit ?? 0}`,
    })),
    ...receivables.map((r) => ({
      check: "receivable_vs_documents" as const,
      customerId: r.customer_id,
      currency: r.currency,
      detail: `receivable ${r.receivable ?? 0}, open invoices ${r.open_amount ?? 0}`,
    })),
    ...credits.map((c) => ({
      check: "credit_sign" as const,
      customerId: c.customer_id,
      currency: c.currency,
      detail: `credit account at ${c.credit} (> 0)`,
    })),
  ];
  return { ok: problems.length === 0, ...counts, problems };
}
