import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import {
  actorOf,
  idParam,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import { RESOLVED_VISIBLE_DAYS } from "./domain/notice.ts";
import { noticeErrors } from "./errors.ts";
import { contentFromInput, presentCustomerNotice, presentStaffNotice } from "./presenters.ts";
import {
  findNotice,
  knownServers,
  listNotices,
  noticesOfCustomer,
  reachOf,
  targetProducts,
} from "./repo.ts";
import {
  customerNoticeSchema,
  noticeInputSchema,
  noticeStatusSchema,
  noticeTargetsSchema,
  staffNoticeDetailSchema,
  staffNoticeSchema,
} from "./schemas.ts";
import { closeNotice } from "./use-cases/close-notice.ts";
import { createNotice } from "./use-cases/create-notice.ts";
import { publishNotice } from "./use-cases/publish-notice.ts";
import { updateNotice } from "./use-cases/update-notice.ts";

const DAY_MS = 86_400_000;

export function registerNoticeRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  async function detail(id: string): Promise<z.infer<typeof staffNoticeDetailSchema>> {
    const n = await findNotice(deps.db, id);
    if (!n) throw noticeErrors.notFound();
    return { ...presentStaffNotice(n), reach: await reachOf(deps.db, n.target) };
  }

  r.get(
    "/api/me/notices",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: `Status notices about my services: published and not yet over, or resolved in the last ${RESOLVED_VISIBLE_DAYS} days`,
        querystring: z.object({
          lang: z
            .enum(["hu", "en"])
            .optional()
            .describe("The language to read them in (default: mine); the other one when missing"),
        }),
        response: {
          200: z.object({ items: z.array(customerNoticeSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { customerId, principal } = requireCustomer(request);
      const now = deps.clock.now();
      const rows = await noticesOfCustomer(
        deps.db,
        customerId,
        now,
        new Date(now.getTime() - RESOLVED_VISIBLE_DAYS * DAY_MS),
      );
      const lang = request.query.lang ?? principal.language;
      return { items: rows.map((n) => presentCustomerNotice(n, lang, now)) };
    },
  );

  // ---- staff
  r.get(
    "/api/staff/notices",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Status notices (maintenance, changes, outages), newest first",
        querystring: z.object({
          status: noticeStatusSchema.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(staffNoticeSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({
      items: (await listNotices(deps.db, request.query)).map(presentStaffNotice),
    }),
  );
  r.get(
    "/api/staff/notices/targets",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "What a notice can target: the products, and the servers services are on",
        response: { 200: noticeTargetsSchema, ...problems(401, 403) },
      },
    },
    async () => ({
      products: await targetProducts(deps.db),
      servers: await knownServers(deps.db),
    }),
  );
  r.post(
    "/api/staff/notices",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Write a notice (a draft: nobody sees it until it is published)",
        body: noticeInputSchema,
        response: { 201: staffNoticeDetailSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const id = await createNotice(deps, contentFromInput(request.body), actorOf(request));
      return reply.code(201).send(await detail(id));
    },
  );
  r.get(
    "/api/staff/notices/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "One notice, with whom it reached and whom its target affects now",
        params: idParam("ntc"),
        response: { 200: staffNoticeDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => detail(request.params.id),
  );
  r.put(
    "/api/staff/notices/:id",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary:
          "Edit a draft or a published notice; customers newly targeted get it, `sendUpdate` mails the others the change (once per revision)",
        params: idParam("ntc"),
        body: noticeInputSchema.extend({
          sendUpdate: z
            .boolean()
            .default(false)
            .describe("Published notices: e-mail the customers mailed before about this revision"),
        }),
        response: { 200: staffNoticeDetailSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await updateNotice(
        deps,
        request.params.id,
        { ...contentFromInput(request.body), sendUpdate: request.body.sendUpdate },
        actorOf(request),
      );
      return detail(request.params.id);
    },
  );
  r.post(
    "/api/staff/notices/:id/publish",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary:
          "Publish: the affected customers see it and each gets one e-mail copy; again: only customers not reached yet",
        params: idParam("ntc"),
        response: { 200: staffNoticeDetailSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await publishNotice(deps, request.params.id, actorOf(request));
      return detail(request.params.id);
    },
  );
  for (const action of ["resolve", "cancel"] as const) {
    r.post(
      `/api/staff/notices/:id/${action}`,
      {
        config: { access: "staff", permission: "support" },
        schema: {
          tags: ["staff"],
          summary:
            action === "resolve"
              ? "Resolve a published notice (customers see it as resolved for a week)"
              : "Cancel a draft or published notice (it disappears from the portal)",
          params: idParam("ntc"),
          body: z.object({
            sendEmail: z
              .boolean()
              .default(false)
              .describe("Tell the customers who were mailed the notice"),
          }),
          response: { 200: staffNoticeDetailSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        await closeNotice(
          deps,
          request.params.id,
          { action, sendEmail: request.body.sendEmail },
          actorOf(request),
        );
        return detail(request.params.id);
      },
    );
  }
}
