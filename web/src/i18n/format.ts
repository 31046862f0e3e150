import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Money } from "../api/types";

const LOCALES = { hu: "hu-HU", en: "en-GB" } as const;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type DecimalString = `${number}`;

function isDecimal(value: string): value is DecimalString {
  return DECIMAL.test(value);
}

function localeOf(language: string): string {
  return language === "en" ? LOCALES.en : LOCALES.hu;
}

/**
 * Display formatters for the current UI language. Amounts and quantities are decimal strings and
 * are handed to Intl as strings (exact decimal formatting), never converted to floating point.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);

  return useMemo(() => {
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    const regionNames = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
    const percentFormat = new Intl.NumberFormat(locale, {
      style: "percent",
      maximumFractionDigits: 2,
    });
    const moneyFormats = new Map<string, Intl.NumberFormat>();

    const moneyFormat = (currency: string, fractionDigits?: number) => {
      const key = `${currency}:${fractionDigits ?? ""}`;
      let format = moneyFormats.get(key);
      if (format === undefined) {
        format = new Intl.NumberFormat(locale, {
          style: "currency",
          currency,
          ...(fractionDigits === undefined
            ? {}
            : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }),
        });
        moneyFormats.set(key, format);
      }
      return format;
    };

    // The locale's usual digits for the currency (none for HUF in Hungarian), unless the amount has
    // more significant decimals: "35880.50" HUF must not be shown rounded to "35 881 Ft".
    const formatMoney = (amount: DecimalString, currency: string): string => {
      const usual = moneyFormat(currency);
      const significant = (amount.split(".")[1] ?? "").replace(/0+$/, "").length;
      const shown = usual.resolvedOptions().maximumFractionDigits ?? 2;
      return significant > shown
        ? moneyFormat(currency, Math.max(significant, 2)).format(amount)
        : usual.format(amount);
    };

    return {
      /** "12500.00" HUF → 12 500 Ft; "1250.5" EUR → €1,250.50 */
      money: (money: Money): string =>
        isDecimal(money.amount)
          ? formatMoney(money.amount, money.currency)
          : `${money.amount} ${money.currency}`,
      /** A decimal string such as a quantity, "1.500" → 1,5 */
      decimal: (value: string): string => (isDecimal(value) ? decimalFormat.format(value) : value),
      /** A calendar date "YYYY-MM-DD", shown without any time-zone shift. */
      date: (value: string): string => {
        const match = ISO_DATE.exec(value);
        if (match === null) return value;
        const [, year, month, day] = match;
        return dateFormat.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
      },
      /** An ISO timestamp, in the browser's time zone. */
      dateTime: (value: string): string => {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
      },
      /** A rate in basis points, 2700 → 27% (hu: 27%, en: 27%). */
      percent: (basisPoints: number): string => percentFormat.format(basisPoints / 10_000),
      /** An IBAN in groups of four, as printed on paper: HU42 1177 3016 … */
      iban: (value: string): string => value.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 "),
      /** ISO 3166 country code → localized country name. */
      country: (code: string): string => {
        try {
          return regionNames.of(code) ?? code;
        } catch {
          return code; // not a well-formed region code
        }
      },
    };
  }, [locale]);
}
