import type { ParseKeys, TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** The provider's time zone: audit times are shown as they are in Budapest, whoever looks. */
export const AUDIT_TIME_ZONE = "Europe/Budapest";

/** An ISO timestamp as Budapest local time with seconds ("2026. nov. 23. 11:00:05"). */
export function useAuditTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-GB" : "hu-HU";
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "medium",
      timeZone: AUDIT_TIME_ZONE,
    });
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, [locale]);
}

/** Action codes are two-level ("contact.added"), which the auditActions texts mirror. */
const ACTION_CODE = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/**
 * A readable phrase for an audit action code ("contact.added" → "Contact added"), or null for
 * a code without a translation (shown as it is).
 */
export function actionText(
  t: TFunction,
  exists: (key: string) => boolean,
  action: string,
): string | null {
  if (!ACTION_CODE.test(action)) return null;
  const key = `auditActions.${action}`;
  return exists(key) ? t(key as ParseKeys) : null;
}

/** `actionText` bound to the current language. */
export function useActionText(): (action: string) => string | null {
  const { t, i18n } = useTranslation();
  return (action: string) => actionText(t, (key) => i18n.exists(key), action);
}
