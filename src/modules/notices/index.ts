/**
 * Status notices (C7): staff post planned maintenance, changes and outages for the services of
 * some products or on some servers; the affected customers see them in the portal and get one
 * e-mail copy each (and, when staff choose, an update, resolution or withdrawal e-mail).
 */
export { registerNoticeRoutes } from "./routes.ts";
export { createNotice } from "./use-cases/create-notice.ts";
export { updateNotice, type NoticeUpdateResult } from "./use-cases/update-notice.ts";
export { publishNotice, type PublishResult } from "./use-cases/publish-notice.ts";
export { closeNotice } from "./use-cases/close-notice.ts";
export {
  NOTICE_KINDS,
  NOTICE_SEVERITIES,
  NOTICE_STATUSES,
  RESOLVED_VISIBLE_DAYS,
  type NoticeContent,
  type NoticeKind,
  type NoticeSeverity,
  type NoticeStatus,
  type NoticeTarget,
} from "./domain/notice.ts";
