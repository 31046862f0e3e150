import { createHash } from "node:crypto";
import type { StatementEntry } from "./model.ts";

/** An entry before its key is known; `reference` is the bank's own id for it, if any. */
export type DraftEntry = Omit<StatementEntry, "entryKey"> & {
  reference: string | null;
  /** Extra text that tells entries apart but is not in the normalized fields (MT940 :61:). */
  distinguishing?: string;
};

/** Bank "references" that are not references. */
const NO_REFERENCE = /^(?:NONREF|NOTPROVIDED|NONE|N\/A|-+|0+)$/i;

export function usableReference(ref: string | null | undefined): string | null {
  const r = ref?.trim();
  return r && !NO_REFERENCE.test(r) ? r : null;
}

/**
 * Assigns `entryKey` to the entries of one statement.
 *
 * - With a bank reference: `ref:<reference>`. Banks make these unique per account, so the same
 *   transaction in two overlapping statements gets the same key. Should a reference repeat
 *   inside one statement, the later ones get `#2`, `#3`… so that no entry is lost.
 * - Without: `h:` + SHA-256 (first 96 bits) of the entry's fields plus its ordinal among the
 *   identical entries of the statement (two identical card payments on a day are two entries),
 *   not its absolute position: an export of a wider date range gives the same keys.
 */
export function withEntryKeys(drafts: readonly DraftEntry[]): StatementEntry[] {
  const seenRefs = new Map<string, number>();
  const seenHashes = new Map<string, number>();
  return drafts.map(({ reference, distinguishing, ...entry }) => {
    const ref = usableReference(reference);
    let entryKey: string;
    if (ref !== null) {
      const n = (seenRefs.get(ref) ?? 0) + 1;
      seenRefs.set(ref, n);
      entryKey = n === 1 ? `ref:${ref}` : `ref:${ref}#${n}`;
    } else {
      const fields = [
        entry.bookingDate,
        entry.valueDate ?? "",
        entry.direction,
        entry.reversal ? "R" : "",
        entry.amount,
        entry.currency,
        entry.counterpartyName ?? "",
        entry.counterpartyAccount ?? "",
        entry.remittance,
        entry.structuredReference ?? "",
        entry.endToEndId ?? "",
        entry.transactionCode ?? "",
        distinguishing ?? "",
      ].join("\u001f");
      const n = (seenHashes.get(fields) ?? 0) + 1;
      seenHashes.set(fields, n);
      const hash = createHash("sha256").update(`${fields}\u001e${n}`).digest("hex").slice(0, 24);
      entryKey = `h:${hash}`;
    }
    return {
      entryKey,
      bookingDate: entry.bookingDate,
      valueDate: entry.valueDate,
      amount: entry.amount,
      currency: entry.currency,
      direction: entry.direction,
      reversal: entry.reversal,
      booked: entry.booked,
      counterpartyName: entry.counterpartyName,
      counterpartyIban: entry.counterpartyIban,
      counterpartyAccount: entry.counterpartyAccount,
      remittance: entry.remittance,
      structuredReference: entry.structuredReference,
      endToEndId: entry.endToEndId,
      bankReference: entry.bankReference,
      transactionCode: entry.transactionCode,
      source: entry.source,
    };
  });
}
