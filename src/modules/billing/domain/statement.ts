import type { Party } from "./document.ts";

/** One line of an account statement (elszámolási lap). Amounts in minor units. */
export interface StatementRow {
  date: string;
  kind: "invoice" | "credit_note" | "payment" | "refund" | "write_off" | "credit_applied";
  /** Document number or payment reference. */
  reference: string;
  description: string;
  /** The document the row is about (invoice, credit note, or the invoice a payment settled). */
  documentId: string | null;
  /** Increases what the customer owes. */
  debit: bigint;
  /** Decreases what the customer owes. */
  credit: bigint;
  /** Running balance after this row: positive = arrears, negative = credit on account. */
  balance: bigint;
}

/** An account statement of one customer, one currency and one period (D7). */
export interface StatementView {
  customerCode: string;
  customer: Party;
  seller: Party;
  currency: "HUF" | "EUR";
  language: "hu" | "en";
  from: string;
  to: string;
  generatedAt: string;
  openingBalance: bigint;
  closingBalance: bigint;
  totalDebit: bigint;
  totalCredit: bigint;
  rows: StatementRow[];
}
