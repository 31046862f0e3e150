/**
 * Posting rules of the customer ledger (double entry, debit positive, credit negative). Every
 * transaction's postings sum to zero; the customer's balances are sums over two accounts:
 *   receivable       open amounts of its invoices (what it owes)
 *   customer_credit  money held for it (≤ 0: credit on the account)
 * The seller's side goes to revenue and vat_output; money to cash; bad debt to write_off.
 */
export type LedgerAccount =
  "receivable" | "customer_credit" | "revenue" | "vat_output" | "cash" | "write_off";

export interface Posting {
  account: LedgerAccount;
  amount: bigint;
}

export type LedgerEvent =
  /** An invoice (or a modifying invoice that increases the amount). */
  | { kind: "invoice"; net: bigint; vat: bigint }
  /**
   * A credit note (net, vat ≤ 0). `againstOriginal` (≥ 0) is the part that reduces the open
   * amount of the corrected invoice; the rest becomes credit on the account.
   */
  | { kind: "credit_note"; net: bigint; vat: bigint; againstOriginal: bigint }
  /** Money received: `allocated` settles documents, the rest is held as credit. */
  | { kind: "payment"; amount: bigint; allocated: bigint }
  /** Credit on the account used to settle a document. */
  | { kind: "credit_applied"; amount: bigint }
  /** Money paid back out of the account's credit. */
  | { kind: "refund"; amount: bigint }
  /** A refund the gateway refused: the money is back on the account's credit. */
  | { kind: "refund_reversed"; amount: bigint }
  | { kind: "write_off"; amount: bigint };

export function postingsFor(e: LedgerEvent): Posting[] {
  const out: Posting[] = [];
  const add = (account: LedgerAccount, amount: bigint) => {
    if (amount !== 0n) out.push({ account, amount });
  };
  switch (e.kind) {
    case "invoice":
      add("receivable", e.net + e.vat);
      add("revenue", -e.net);
      add("vat_output", -e.vat);
      break;
    case "credit_note": {
      const gross = e.net + e.vat; // ≤ 0
      if (e.againstOriginal < 0n || e.againstOriginal > -gross)
        throw new Error("credit note allocation out of range");
      add("revenue", -e.net);
      add("vat_output", -e.vat);
      add("receivable", -e.againstOriginal);
      add("customer_credit", gross + e.againstOriginal);
      break;
    }
    case "payment":
      if (e.allocated < 0n || e.allocated > e.amount) throw new Error("payment allocation");
      add("cash", e.amount);
      add("receivable", -e.allocated);
      add("customer_credit", -(e.amount - e.allocated));
      break;
    case "credit_applied":
      add("customer_credit", e.amount);
      add("receivable", -e.amount);
      break;
    case "refund":
      add("customer_credit", e.amount);
      add("cash", -e.amount);
      break;
    case "refund_reversed":
      add("cash", e.amount);
      add("customer_credit", -e.amount);
      break;
    case "write_off":
      add("write_off", e.amount);
      add("receivable", -e.amount);
      break;
  }
  return out;
}

export function sumPostings(postings: readonly Posting[]): bigint {
  return postings.reduce((a, p) => a + p.amount, 0n);
}

/** The customer-facing balance: positive = arrears, negative = credit on the account. */
export function netBalance(receivable: bigint, credit: bigint): bigint {
  return receivable + credit;
}
