export {
  CURRENCIES,
  assertCurrency,
  CURRENCY_CODES,
  Money,
  MoneyError,
  divideHalfEven,
  isCurrency,
  minorDigits,
  sum,
} from "./money.ts";
export type { CurrencyCode, MoneyErrorCode, MoneyJSON } from "./money.ts";
