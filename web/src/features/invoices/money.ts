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
