import type { paths } from "../../api/schema";

// Taken from `paths` only (as api/types.ts does), so they survive regenerating schema.d.ts.
type Ok<T> = T extends { responses: infer R }
  ? R extends { 200: { content: { "application/json": infer B } } }
    ? B
    : R extends { 201: { content: { "application/json": infer B } } }
      ? B
      : never
  : never;
type Body<T> = T extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

export type StaffNotice = Ok<paths["/api/staff/notices"]["get"]>["items"][number];
export type StaffNoticeDetail = Ok<paths["/api/staff/notices/{id}"]["get"]>;
export type NoticeTargets = Ok<paths["/api/staff/notices/targets"]["get"]>;
export type CustomerNotice = Ok<paths["/api/me/notices"]["get"]>["items"][number];
export type NoticeInput = Body<paths["/api/staff/notices"]["post"]>;
export type NoticeUpdate = Body<paths["/api/staff/notices/{id}"]["put"]>;

export type NoticeKind = StaffNotice["kind"];
export type NoticeSeverity = StaffNotice["severity"];
export type NoticeStatus = StaffNotice["status"];
export type NoticePhase = CustomerNotice["phase"];

export const NOTICE_KINDS: readonly NoticeKind[] = ["maintenance", "change", "outage"];
export const NOTICE_SEVERITIES: readonly NoticeSeverity[] = ["info", "warning", "critical"];
export const NOTICE_STATUSES: readonly NoticeStatus[] = [
  "draft",
  "published",
  "resolved",
  "cancelled",
];
