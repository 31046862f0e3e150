/**
 * The normalized bank statement every parser (camt.053, MT940, CSV) produces. Pure data: the
 * import use case stores it, the matcher reads it.
 */

export type StatementFormat =
  "camt.053.001.02" | "camt.053.001.04" | "camt.053.001.08" | "mt940" | "csv";

/** The family `detectFormat` recognises; the exact camt version comes from the namespace. */
export type StatementFamily = "camt" | "mt940" | "csv";

export interface StatementAccount {
  /** The account's IBAN when the file gives one that passes the ISO 13616 check. */
  iban: string | null;
  /** The account identifier exactly as the file gives it (IBAN, domestic number, masked…). */
  number: string | null;
  currency: string | null;
}

export interface StatementBalance {
  /** Exact decimal, negative for a debit (overdrawn) balance. */
  amount: string;
  currency: string;
  /** YYYY-MM-DD */
  date: string;
}

export type StatementWarningCode =
  /** opening + credits − debits ≠ closing (booked entries only). */
  | "balance_mismatch"
  /** A balance is in another currency than the entries, so the sum could not be checked. */
  | "balance_currency_mismatch"
  /** camt: the TxDtls amounts of a batch entry do not add up to the entry amount. */
  | "batch_amount_mismatch"
  /** camt: the only TxDtls of an entry gives an amount different from the entry's own. */
  | "transaction_amount_mismatch";

/** Something odd but not fatal: shown to staff with the import, never silently dropped. */
export interface StatementWarning {
  code: StatementWarningCode;
  message: string;
  location: string;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** camt Stmt/Id, MT940 :20:, CSV: a hash of the file. Not unique across files of some banks. */
  statementId: string;
  /** camt LglSeqNb (else ElctrncSeqNb), MT940 :28C:; null for CSV. */
  sequenceNumber: string | null;
  account: StatementAccount;
  /** YYYY-MM-DD: the statement period (camt FrToDt, else the balance dates; CSV: entry dates). */
  from: string | null;
  to: string | null;
  openingBalance: StatementBalance | null;
  closingBalance: StatementBalance | null;
  entries: StatementEntry[];
  warnings: StatementWarning[];
}

export type EntryDirection = "credit" | "debit";

export interface StatementEntry {
  /**
   * Stable identity for idempotent import, unique per bank account: `ref:` + the bank's own
   * reference (camt AcctSvcrRef, MT940 :61: bank reference after `//`, a CSV reference column),
   * else `h:` + a hash of the entry's fields and its ordinal among identical entries of the
   * statement (see entry-key.ts).
   */
  entryKey: string;
  /** YYYY-MM-DD */
  bookingDate: string;
  valueDate: string | null;
  /** Exact decimal, never negative (zero for information-only entries some banks send). */
  amount: string;
  currency: string;
  /** The movement on our account: a reversal of a credit is a debit. */
  direction: EntryDirection;
  /** camt RvslInd, MT940 RC/RD: the entry undoes an earlier one (returned payment…). */
  reversal: boolean;
  /** camt Sts BOOK; MT940 and CSV entries are always booked. */
  booked: boolean;
  counterpartyName: string | null;
  /** The counterparty's IBAN, only when it passes the ISO 13616 check (never a masked one). */
  counterpartyIban: string | null;
  /** The counterparty's account exactly as given (IBAN, domestic, masked), null when absent. */
  counterpartyAccount: string | null;
  /** Unstructured remittance and structured references, joined with spaces. */
  remittance: string;
  /** camt Strd/CdtrRefInf/Ref (e.g. an RF creditor reference), MT940 /REMI/STRD/… */
  structuredReference: string | null;
  endToEndId: string | null;
  /** The bank's (account servicer's) reference of the entry. */
  bankReference: string | null;
  /** camt BkTxCd (Domn/Fmly/SubFmly or Prtry), MT940 transaction type (+ GVC). */
  transactionCode: string | null;
  /** Where in the file: `line N` (MT940, CSV) or the element path (camt). */
  source: string;
}
