import type { z } from "zod";
import { localized, noticePhase, type Lang, type NoticeContent } from "./domain/notice.ts";
import type { CustomerNoticeRow, NoticeListRow } from "./repo.ts";
import type { customerNoticeSchema, noticeInputSchema, staffNoticeSchema } from "./schemas.ts";

export function presentStaffNotice(n: NoticeListRow): z.infer<typeof staffNoticeSchema> {
  return {
    id: n.id,
    kind: n.kind,
    severity: n.severity,
    status: n.status,
    titleHu: n.title_hu,
    titleEn: n.title_en,
    bodyHu: n.body_hu,
    bodyEn: n.body_en,
    startsAt: n.starts_at.toISOString(),
    endsAt: n.ends_at?.toISOString() ?? null,
    target: n.target,
    revision: n.revision,
    createdBy: n.created_by,
    createdAt: n.created_at.toISOString(),
    publishedAt: n.published_at?.toISOString() ?? null,
    resolvedAt: n.resolved_at?.toISOString() ?? null,
    cancelledAt: n.cancelled_at?.toISOString() ?? null,
    updatedAt: n.updated_at.toISOString(),
    recipients: { customers: n.recipient_count, mailed: n.mailed_count },
  };
}

export function presentCustomerNotice(
  n: CustomerNoticeRow,
  lang: Lang,
  now: Date,
): z.infer<typeof customerNoticeSchema> {
  const text = localized(
    { titleHu: n.title_hu, titleEn: n.title_en, bodyHu: n.body_hu, bodyEn: n.body_en },
    lang,
  );
  return {
    id: n.id,
    kind: n.kind,
    severity: n.severity,
    phase: noticePhase({ status: n.status, startsAt: n.starts_at }, now),
    title: text.title,
    body: text.body,
    language: text.language,
    startsAt: n.starts_at.toISOString(),
    endsAt: n.ends_at?.toISOString() ?? null,
    resolvedAt: n.resolved_at?.toISOString() ?? null,
    updatedAt: n.updated_at.toISOString(),
    services: n.services,
  };
}

/** The request body as the use cases take it. */
export function contentFromInput(b: z.infer<typeof noticeInputSchema>): NoticeContent {
  return {
    kind: b.kind,
    severity: b.severity,
    titleHu: b.titleHu,
    titleEn: b.titleEn,
    bodyHu: b.bodyHu,
    bodyEn: b.bodyEn,
    startsAt: new Date(b.startsAt),
    endsAt: b.endsAt === null ? null : new Date(b.endsAt),
    target: b.target,
  };
}
