/**
 * Status notices (C7), the pure rules: what a notice must contain, which actions its status
 * allows, and which language a reader gets.
 */
export const NOTICE_KINDS = ["maintenance", "change", "outage"] as const;
export const NOTICE_SEVERITIES = ["info", "warning", "critical"] as const;
export const NOTICE_STATUSES = ["draft", "published", "resolved", "cancelled"] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export type Lang = "hu" | "en";

/** How long customers still see a notice after it was resolved. */
export const RESOLVED_VISIBLE_DAYS = 7;

/** Services of these products, or on these servers (names compared lower-case). */
export interface NoticeTarget {
  productIds: string[];
  servers: string[];
}

export interface NoticeContent {
  kind: NoticeKind;
  severity: NoticeSeverity;
  titleHu: string;
  titleEn: string;
  bodyHu: string;
  bodyEn: string;
  startsAt: Date;
  endsAt: Date | null;
  target: NoticeTarget;
}

export interface ContentProblem {
  code: "notices.title_required" | "notices.ends_before_start" | "notices.no_target";
  path: string;
  message: string;
}

/** A server name as stored and compared: trimmed, lower-case. */
export function normalizeServer(name: string): string {
  return name.trim().toLowerCase();
}

/** Trimmed texts, each product and server once (servers lower-case), in the order given. */
export function normalizeContent(c: NoticeContent): NoticeContent {
  return {
    ...c,
    titleHu: c.titleHu.trim(),
    titleEn: c.titleEn.trim(),
    bodyHu: c.bodyHu.trim(),
    bodyEn: c.bodyEn.trim(),
    target: {
      productIds: [...new Set(c.target.productIds.map((p) => p.trim()).filter((p) => p !== ""))],
      servers: [...new Set(c.target.servers.map(normalizeServer).filter((s) => s !== ""))],
    },
  };
}

/** What is wrong with a (normalized) notice, in the order a form shows it; empty when fine. */
export function contentProblems(c: NoticeContent): ContentProblem[] {
  const out: ContentProblem[] = [];
  if (c.titleHu === "" && c.titleEn === "") {
    out.push({
      code: "notices.title_required",
      path: "body.titleHu",
      message: "a title in at least one language",
    });
  }
  if (c.endsAt !== null && c.endsAt.getTime() <= c.startsAt.getTime()) {
    out.push({
      code: "notices.ends_before_start",
      path: "body.endsAt",
      message: "must be after startsAt",
    });
  }
  if (c.target.productIds.length === 0 && c.target.servers.length === 0) {
    out.push({
      code: "notices.no_target",
      path: "body.target",
      message: "at least one product or server",
    });
  }
  return out;
}

/** Whether two notices say the same thing to the same services (an edit that changes nothing). */
export function sameContent(a: NoticeContent, b: NoticeContent): boolean {
  const time = (d: Date | null) => (d ? d.getTime() : null);
  const list = (l: readonly string[]) => [...l].sort().join("\n");
  return (
    a.kind === b.kind &&
    a.severity === b.severity &&
    a.titleHu === b.titleHu &&
    a.titleEn === b.titleEn &&
    a.bodyHu === b.bodyHu &&
    a.bodyEn === b.bodyEn &&
    time(a.startsAt) === time(b.startsAt) &&
    time(a.endsAt) === time(b.endsAt) &&
    list(a.target.productIds) === list(b.target.productIds) &&
    list(a.target.servers) === list(b.target.servers)
  );
}

export type NoticeAction = "edit" | "publish" | "resolve" | "cancel";

const ALLOWED: Record<NoticeAction, readonly NoticeStatus[]> = {
  edit: ["draft", "published"],
  publish: ["draft", "published"],
  resolve: ["published"],
  cancel: ["draft", "published"],
};

/** Null when the action is allowed on a notice in this status, else the refusal's code. */
export function refusal(action: NoticeAction, status: NoticeStatus): string | null {
  if (ALLOWED[action].includes(status)) return null;
  return status === "resolved" || status === "cancelled"
    ? "notices.closed"
    : "notices.not_published";
}

/** The title and body in the reader's language, each falling back to the other language. */
export function localized(
  n: { titleHu: string; titleEn: string; bodyHu: string; bodyEn: string },
  lang: Lang,
): { title: string; body: string; language: Lang } {
  const other: Lang = lang === "hu" ? "en" : "hu";
  const title = { hu: n.titleHu, en: n.titleEn };
  const body = { hu: n.bodyHu, en: n.bodyEn };
  // The language of the title decides; a body missing in it comes from the other language.
  const language = title[lang] !== "" ? lang : other;
  return {
    title: title[language],
    body: body[language] !== "" ? body[language] : body[language === lang ? other : lang],
    language,
  };
}

/** Where a visible notice stands for a customer at `now`. */
export function noticePhase(
  n: { status: NoticeStatus; startsAt: Date },
  now: Date,
): "upcoming" | "ongoing" | "resolved" {
  if (n.status === "resolved") return "resolved";
  return n.startsAt.getTime() > now.getTime() ? "upcoming" : "ongoing";
}

export const asLang = (l: string | null | undefined): Lang => (l === "en" ? "en" : "hu");
