import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import {
  decodeCursor,
  encodeCursor,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import { auditEntries, type AuditEntryRow } from "./repo.ts";

const staffEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({
      type: z.enum(["user", "system", "cli"]),
      id: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      staff: z.boolean(),
      via: z.enum(["contact", "manager", "staff"]).nullable(),
    }),
    customerId: z.string().nullable(),
    customerName: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });

const customerEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({
      kind: z
        .enum(["contact", "manager", "staff", "system"])
        .describe("your contact, your manager (agency), the provider's staff, or Kapu itself"),
      name: z
        .string()
        .nullable()
        .describe("the contact's or the manager's name; staff are not named"),
    }),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
  })
  .meta({ id: "AccountAuditEntry" });

const pageQuery = {
  after: z.string().max(200).optional().describe("nextAfter of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

function cursor(after: string | undefined) {
  if (!after) return undefined;
  const [at = "", id = ""] = decodeCursor(after, 2);
  return { at, id };
}
const next = (rows: AuditEntryRow[], limit: number) => {
  const last = rows.at(-1);
  return rows.length === limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null;
};

/** The audit log (K3): everything for staff; a customer's own account for its owners. */
export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  r.get(
    "/api/staff/audit",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "The audit log, newest first: filter by customer, actor, action prefix, subject",
        querystring: z.object({
          customerId: z.string().min(1).max(64).optional(),
          actorId: z.string().min(1).max(64).optional(),
          action: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe("prefix, e.g. `contact.` or `document.issued`"),
          subjectId: z.string().min(1).max(64).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ items: z.array(staffEntry), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await auditEntries(deps.db, {
        customerId: q.customerId,
        actorId: q.actorId,
        action: q.action,
        subjectId: q.subjectId,
        before: cursor(q.after),
        limit: q.limit,
      });
      return {
        items: rows.map((a) => ({
          id: a.id,
          at: a.at.toISOString(),
          actor: {
            type: a.actor_type,
            id: a.actor_id,
            name: a.actor_name,
            email: a.actor_email,
            staff: a.actor_staff_role !== null,
            via: a.actor_via,
          },
          customerId: a.customer_id,
          customerName: a.customer_name,
          action: a.action,
          subjectType: a.subject_type,
          subjectId: a.subject_id,
          data: a.data,
          ip: a.ip,
        })),
        nextAfter: next(rows, q.limit),
      };
    },
  );

  r.get(
    "/api/me/audit",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "What was done in this account, by whom (contacts, managers, staff, Kapu)",
        querystring: z.object(pageQuery),
        response: {
          200: z.object({ items: z.array(customerEntry), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await auditEntries(deps.db, {
        customerId,
        before: cursor(request.query.after),
        limit: request.query.limit,
      });
      return {
        items: rows.map((a) => {
          const staff = a.actor_staff_role !== null || a.actor_via === "staff";
          const kind =
            a.actor_type !== "user"
              ? ("system" as const)
              : staff
                ? ("staff" as const)
                : a.actor_via === "manager"
                  ? ("manager" as const)
                  : ("contact" as const);
          return {
            id: a.id,
            at: a.at.toISOString(),
            actor: { kind, name: kind === "contact" || kind === "manager" ? a.actor_name : null },
            action: a.action,
            subjectType: a.subject_type,
            subjectId: a.subject_id,
          };
        }),
        nextAfter: next(rows, request.query.limit),
      };
    },
  );
}
