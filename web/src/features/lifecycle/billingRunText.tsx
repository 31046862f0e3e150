import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import type { BillingRun } from "./api";

const STATUS_TONES: Record<BillingRun["status"], Tone> = {
  queued: "neutral",
  running: "info",
  completed: "success",
  failed: "danger",
  interrupted: "warning",
};

export function BillingRunStatusBadge({ status }: { status: BillingRun["status"] }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={STATUS_TONES[status]}>
      {t(`lifecycle.billingRuns.statuses.${status}`)}
    </StatusBadge>
  );
}

/** The counts a run reports, in this order; others the server may add follow by name. */
export const COUNT_KEYS = [
  "ordersAbandoned",
  "renewalDocuments",
  "renewalProblems",
  "reminders",
  "suspended",
  "expired",
  "terminated",
  "cancelled",
  "proformasCancelled",
  "mails",
] as const;
type CountKey = (typeof COUNT_KEYS)[number];

function isCountKey(key: string): key is CountKey {
  return COUNT_KEYS.some((known) => known === key);
}

export function countLabel(t: TFunction, key: string): string {
  return isCountKey(key) ? t(`lifecycle.billingRuns.counts.${key}`) : key;
}

/** The counts in display order: the known ones first. */
export function orderedCounts(counts: BillingRun["counts"]): [string, number][] {
  const known = COUNT_KEYS.filter((key) => key in counts).map((key): [string, number] => [
    key,
    counts[key] ?? 0,
  ]);
  const other = Object.entries(counts).filter(([key]) => !isCountKey(key));
  return [...known, ...other];
}
