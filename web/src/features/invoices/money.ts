import type { Money } from "../../api/types";

/** Sign tests and negation on the API's decimal strings, without converting them to numbers. */

export function isZero(money: Money): boolean {
  return /^-?0*(\.0*)?$/.test(money.amount);
}

export function isNegative(money: Money): boolean {
  return money.amount.startsWith("-") && !isZero(money);
}

export function negate(money: Money): Money {
  if (isZero(money)) return money;
  const amount = money.amount.startsWith("-") ? money.amount.slice(1) : `-${money.amount}`;
  return { ...money, amount };
}

export function abs(money: Money): Money {
  return isNegative(money) ? negate(money) : money;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The exact sum of amounts in one currency: the decimal strings are added as integers of their
 * smallest unit (BigInt), never as floating point. Null when there is nothing to add, the
 * currencies differ or an amount is not a decimal string.
 */
export function sumMoney(items: readonly Money[]): Money | null {
  const first = items[0];
  if (first === undefined) return null;
  if (items.some((item) => item.currency !== first.currency)) return null;
  const parsed = items.map((item) => DECIMAL.exec(item.amount));
  const scale = Math.max(0, ...parsed.map((match) => match?.[3]?.length ?? 0));
  let total = 0n;
  for (const match of parsed) {
    if (match === null) return null;
    const [, sign = "", whole = "0", fraction = ""] = match;
    const minor = BigInt(whole + fraction.padEnd(scale, "0"));
    total += sign === "-" ? -minor : minor;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const amount =
    scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
  return { amount: negative ? `-${amount}` : amount, currency: first.currency };
}
