import { z } from "zod";
import { NOTICE_KINDS, NOTICE_SEVERITIES, NOTICE_STATUSES } from "./domain/notice.ts";

export const noticeKindSchema = z.enum(NOTICE_KINDS);
export const noticeSeveritySchema = z.enum(NOTICE_SEVERITIES);
export const noticeStatusSchema = z.enum(NOTICE_STATUSES);

const instant = z.iso.datetime({ offset: true });

export const noticeTargetSchema = z
  .object({
    productIds: z.array(z.string()).describe("Services of these products (prd_… ids)"),
    servers: z
      .array(z.string())
      .describe(
        "Services on these servers: the `server` their latest done provisioning task reported (lower-case)",
      ),
  })
  .meta({ id: "StatusNoticeTarget" });

/** What staff write: the body of POST and PUT. */
export const noticeInputSchema = z.object({
  kind: noticeKindSchema,
  severity: noticeSeveritySchema.default("info"),
  titleHu: z.string().max(200).default(""),
  titleEn: z.string().max(200).default(""),
  bodyHu: z.string().max(10_000).default(""),
  bodyEn: z.string().max(10_000).default(""),
  startsAt: instant,
  endsAt: instant.nullable().default(null).describe("null: until further notice"),
  target: z.object({
    productIds: z.array(z.string().min(1).max(64)).max(200).default([]),
    servers: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
  }),
});

export const staffNoticeSchema = z
  .object({
    id: z.string(),
    kind: noticeKindSchema,
    severity: noticeSeveritySchema,
    status: noticeStatusSchema,
    titleHu: z.string(),
    titleEn: z.string(),
    bodyHu: z.string(),
    bodyEn: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime().nullable(),
    target: noticeTargetSchema,
    revision: z.number().int().describe("Edits of the published content so far, from 1"),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
    recipients: z
      .object({
        customers: z.number().int().describe("Customers the published notice reached"),
        mailed: z.number().int().describe("Of them, customers mailed a copy"),
      })
      .describe("Recorded when published (and when re-published or edited)"),
  })
  .meta({ id: "StaffStatusNotice" });

export const staffNoticeDetailSchema = staffNoticeSchema
  .extend({
    reach: z
      .object({ customers: z.number().int(), services: z.number().int() })
      .describe("Whom the target affects now (what publishing would reach)"),
  })
  .meta({ id: "StaffStatusNoticeDetail" });

export const noticeTargetsSchema = z
  .object({
    products: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        active: z.boolean(),
        services: z.number().int().describe("Pending, active and suspended services"),
      }),
    ),
    servers: z.array(
      z.object({
        name: z.string(),
        services: z.number().int().describe("Pending, active and suspended services on it"),
      }),
    ),
  })
  .meta({ id: "StatusNoticeTargets" });

export const customerNoticeSchema = z
  .object({
    id: z.string(),
    kind: noticeKindSchema,
    severity: noticeSeveritySchema,
    phase: z.enum(["upcoming", "ongoing", "resolved"]),
    title: z.string(),
    body: z.string(),
    language: z.enum(["hu", "en"]).describe("The language of the title and body"),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
    services: z
      .array(z.object({ id: z.string(), product: z.string(), name: z.string().nullable() }))
      .describe("My services it affects"),
  })
  .meta({ id: "CustomerStatusNotice" });
