import {
  addDecimals,
  equalDecimals,
  formatDecimal,
  negate,
  toDecimal,
  type Decimal,
} from "./decimal.ts";
import type { StatementBalance, StatementEntry, StatementWarning } from "./model.ts";

/**
 * opening + credits − debits = closing, over the booked entries, when the statement gives both
 * balances. A mismatch is a warning, not an error: the entries are still what the bank sent.
 */
export function checkBalances(
  opening: StatementBalance | null,
  closing: StatementBalance | null,
  entries: readonly StatementEntry[],
  location: string,
): StatementWarning[] {
  if (!opening || !closing) return [];
  const booked = entries.filter((e) => e.booked);
  const currencies = new Set([
    opening.currency,
    closing.currency,
    ...booked.map((e) => e.currency),
  ]);
  if (currencies.size > 1) {
    return [
      {
        code: "balance_currency_mismatch",
        message: `The balances and entries are in several currencies (${[...currencies].join(", ")}); the balances were not checked.`,
        location,
      },
    ];
  }
  let sum: Decimal = toDecimal(opening.amount);
  for (const e of booked) {
    const value = toDecimal(e.amount);
    sum = addDecimals(sum, e.direction === "credit" ? value : negate(value));
  }
  if (equalDecimals(sum, toDecimal(closing.amount))) return [];
  return [
    {
      code: "balance_mismatch",
      message: `Opening balance ${opening.amount} + credits − debits = ${formatDecimal(sum, closing.currency)} ${closing.currency}, but the closing balance is ${closing.amount} ${closing.currency}.`,
      location,
    },
  ];
}
