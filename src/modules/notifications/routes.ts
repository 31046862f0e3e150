import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import { idParam, problems, zodApp } from "../../platform/http/routing.ts";
import { findMail, listMail } from "./repo.ts";
import { htmlOf } from "./outbox.ts";
import type { MailRow } from "../../platform/db/index.ts";

const mailSummary = z
  .object({
    id: z.string(),
    type: z.string(),
    to: z.string(),
    subject: z.string(),
    language: z.string(),
    status: z.enum(["queued", "sent", "stored", "failed"]),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "MailSummary" });

const mailDetail = mailSummary
  .extend({ text: z.string(), html: z.string().nullable() })
  .meta({ id: "MailDetail" });

function present(row: MailRow) {
  return {
    id: row.id,
    type: row.type,
    to: row.to_address,
    subject: row.subject,
    language: row.language,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at ? row.sent_at.toISOString() : null,
    error: row.last_error,
  };
}

export function registerNotificationRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.get(
    "/api/staff/mail",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Sent mail: every message Kapu sent or stored, newest first",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          to: z.string().max(320).optional(),
        }),
        response: { 200: z.object({ items: z.array(mailSummary) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const rows = await listMail(deps.db, { limit: request.query.limit, to: request.query.to });
      return { items: rows.map(present) };
    },
  );
  r.get(
    "/api/staff/mail/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "One sent message with its body",
        params: idParam("msg"),
        response: { 200: mailDetail, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const row = await findMail(deps.db, request.params.id);
      if (!row) throw errors.notFound("message");
      return { ...present(row), text: row.text_body, html: htmlOf(row) };
    },
  );
}
