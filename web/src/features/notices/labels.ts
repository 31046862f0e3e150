import type { Tone } from "../../components/StatusBadge";
import type { NoticePhase, NoticeSeverity, NoticeStatus, StaffNotice } from "./types";

export const STATUS_TONES: Record<NoticeStatus, Tone> = {
  draft: "neutral",
  published: "info",
  resolved: "success",
  cancelled: "neutral",
};

export const PHASE_TONES: Record<NoticePhase, Tone> = {
  upcoming: "info",
  ongoing: "warning",
  resolved: "success",
};

/** The colour of a notice's alert in the portal (contrast-safe shades). */
export const SEVERITY_COLORS: Record<NoticeSeverity, string> = {
  info: "blue",
  warning: "yellow",
  critical: "red",
};

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (iso === null) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the browser's time zone) as an ISO instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (value === "") return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The title staff know a notice by: in the UI's language, else the other one. */
export function noticeTitle(n: Pick<StaffNotice, "titleHu" | "titleEn">, language: string): string {
  const [mine, other] = language === "en" ? [n.titleEn, n.titleHu] : [n.titleHu, n.titleEn];
  return mine !== "" ? mine : other;
}
