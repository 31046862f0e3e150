import { addDays, localDate, startOfDayInZone } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Party } from "../domain/document.ts";
import type { StatementRow, StatementView } from "../domain/statement.ts";
import { balanceBefore, buyerParty, findCustomerForBilling, ledgerOf } from "../repo.ts";
import { requireSeller } from "../settings.ts";

/** What a statement row says, in the customer's language (the ledger memo is for staff). */
const DESCRIPTIONS: Record<"hu" | "en", Record<StatementRow["kind"], string>> = {
  hu: {
    invoice: "Számla",
    credit_note: "Helyesbítő számla (jóváírás)",
    payment: "Befizetés",
    refund: "Visszatérítés",
    write_off: "Leírás",
    credit_applied: "Túlfizetés felhasználása",
  },
  en: {
    invoice: "Invoice",
    credit_note: "Credit note",
    payment: "Payment received",
    refund: "Refund",
    write_off: "Written off",
    credit_applied: "Credit applied",
  },
};

const ROW_KIND: Record<string, StatementRow["kind"] | null> = {
  invoice: "invoice",
  credit_note: "credit_note",
  payment: "payment",
  refund: "refund",
  // A refused refund shows as a refund row in the other direction.
  refund_reversed: "refund",
  write_off: "write_off",
  // Credit applied moves money between the customer's own accounts: no change to the balance.
  credit_applied: null,
  opening_balance: null,
};

/**
 * The account statement (elszámolási lap) of one customer, currency and period (local dates,
 * inclusive): opening balance, every document and money movement, closing balance. Always
 * computed from the ledger, so the portal page and the monthly e-mail show the same figures.
 */
export async function buildStatement(
  db: Db,
  deps: Pick<Deps, "clock" | "config">,
  input: { customerId: string; currency: "HUF" | "EUR"; from: string; to: string },
): Promise<StatementView> {
  if (input.to < input.from)
    throw new AppError("billing.invalid_period", 400, "The period ends before it starts.");
  const customer = await findCustomerForBilling(db, input.customerId);
  if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
  const seller: Party = await requireSeller(db);
  const tz = deps.config.timeZone;
  const start = startOfDayInZone(input.from, tz);
  const end = startOfDayInZone(addDays(input.to, 1), tz);
  const [opening, txns] = await Promise.all([
    balanceBefore(db, input.customerId, input.currency, start),
    ledgerOf(db, input.customerId, { currency: input.currency, from: start, before: end }),
  ]);
  const language = customer.language === "en" ? "en" : "hu";
  let balance = opening;
  let totalDebit = 0n;
  let totalCredit = 0n;
  const rows: StatementRow[] = [];
  for (const t of txns) {
    const kind = ROW_KIND[t.kind];
    const delta = BigInt(t.receivable) + BigInt(t.credit);
    if (!kind || delta === 0n) continue;
    balance += delta;
    const debit = delta > 0n ? delta : 0n;
    const credit = delta < 0n ? -delta : 0n;
    totalDebit += debit;
    totalCredit += credit;
    rows.push({
      date: localDate(new Date(t.at), tz),
      kind,
      reference: t.document_number ?? t.payment_id ?? t.id,
      description: DESCRIPTIONS[language][kind],
      documentId: t.document_id,
      debit,
      credit,
      balance,
    });
  }
  return {
    customerCode: customer.code,
    customer: buyerParty(customer),
    seller,
    currency: input.currency,
    language,
    from: input.from,
    to: input.to,
    generatedAt: deps.clock.now().toISOString(),
    openingBalance: opening,
    closingBalance: balance,
    totalDebit,
    totalCredit,
    rows,
  };
}
