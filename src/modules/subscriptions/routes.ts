import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import { writeAudit } from "../../platform/audit.ts";
import {
  actorOf,
  decimalAmount,
  idParam,
  moneySchema,
  legalDate,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import { listCancellations } from "./repo-cancel.ts";
import { listServicesForStaff } from "./repo.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import { findRun, listRuns, type BillingRunRow } from "./repo-run.ts";
import {
  getLifecycleSettings,
  lifecycleSettingsSchema,
  saveLifecycleSettings,
} from "./settings.ts";
import { queueBillingRun, renewServiceNow } from "./use-cases/billing-run.ts";
import {
  changeBillingCycle,
  changeServicePrice,
  changeServiceStatus,
  requestCancellation,
  withdrawCancellation,
} from "./use-cases/cancellation.ts";
import { presentService, serviceSchema } from "./presenters.ts";
import { findServiceOfCustomer, listServicesOfCustomer } from "./repo.ts";

export function registerSubscriptionRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.get(
    "/api/me/services",
    {
      config: { access: "customer", permission: ["technical", "domains", "billing"] },
      schema: {
        tags: ["customer"],
        summary: "My services: product, state, billing cycle, price, next due date",
        response: { 200: z.object({ items: z.array(serviceSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listServicesOfCustomer(deps.db, customerId);
      return { items: rows.map(presentService) };
    },
  );
  r.get(
    "/api/me/services/:id",
    {
      config: { access: "customer", permission: ["technical", "domains", "billing"] },
      schema: {
        tags: ["customer"],
        summary: "One of my services",
        params: idParam("svc"),
        response: { 200: serviceSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const row = await findServiceOfCustomer(deps.db, customerId, request.params.id);
      if (!row) throw errors.notFound("service");
      return presentService(row);
    },
  );

  registerLifecycleRoutes(app, deps);
}

const cycleSchema = z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial"]);

const cancellationResultSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    effectiveDate: z.string().describe("the first day the service is no longer provided"),
    documents: z.array(
      z.object({ id: z.string(), number: z.string(), action: z.enum(["cancelled", "credited"]) }),
    ),
  })
  .meta({ id: "CancellationResult" });

const cycleChangeSchema = z
  .object({
    cycle: cycleSchema,
    price: moneySchema.describe("the price per period of the new cycle"),
    effectiveFrom: z.string().nullable().describe("the first period billed with the new cycle"),
  })
  .meta({ id: "CycleChange" });

function presentCycleChange(c: {
  cycle: z.infer<typeof cycleSchema>;
  price: bigint;
  currency: string;
  effectiveFrom: string | null;
}): z.infer<typeof cycleChangeSchema> {
  return {
    cycle: c.cycle,
    price: Money.of(c.price, assertCurrency(c.currency)).toJSON(),
    effectiveFrom: c.effectiveFrom,
  };
}

const billingRunSchema = z
  .object({
    id: z.string(),
    runDate: z.string(),
    trigger: z.enum(["schedule", "cli", "staff"]),
    status: z.enum(["queued", "running", "completed", "failed", "interrupted"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
    problems: z.array(z.object({ serviceId: z.string(), code: z.string(), message: z.string() })),
    error: z.string().nullable(),
  })
  .meta({ id: "BillingRun" });

function presentRun(r: BillingRunRow): z.infer<typeof billingRunSchema> {
  return {
    id: r.id,
    runDate: r.run_date,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    counts: r.counts,
    problems: r.problems,
    error: r.error,
  };
}

const cancellationRowSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    product: z.string(),
    name: z.string().nullable(),
    requestedAt: z.string(),
    reason: z.string().nullable(),
    effectiveDate: z.string(),
    status: z.enum(["pending", "effective", "withdrawn", "overridden"]),
    decisionReason: z.string().nullable(),
    documents: cancellationResultSchema.shape.documents,
  })
  .meta({ id: "CancellationRequest" });

const reasonText = z.string().trim().min(1).max(500);

const renewalSchema = z
  .object({ documentId: z.string().describe("pay it: /finances/pay?documents=…") })
  .meta({ id: "ServiceRenewal" });

const staffServiceSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    product: z.string(),
    name: z.string().nullable(),
    status: z.enum(["pending", "active", "suspended", "cancelled", "expired", "terminated"]),
    billingCycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
    price: moneySchema,
    nextDueDate: z.string().nullable(),
    cancelEffectiveDate: z.string().nullable(),
    statusReason: z.string().nullable(),
  })
  .meta({ id: "StaffService" });

function registerLifecycleRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.post(
    "/api/me/services/:id/cancellation",
    {
      config: { access: "customer", permission: ["technical", "domains"] },
      schema: {
        tags: ["customer"],
        summary:
          "Cancel a service (counts as written notice): it ends at the end of the current period with a month's notice, else the next",
        params: idParam("svc"),
        body: z.object({ reason: z.string().trim().max(500).nullable().default(null) }),
        response: { 201: cancellationResultSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const result = await requestCancellation(
        deps,
        { serviceId: request.params.id, customerId, reason: request.body.reason },
        actorOf(request),
      );
      return reply.code(201).send(result);
    },
  );
  r.post(
    "/api/me/services/:id/renewal",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary:
          "Renew now: the next period's renewal document (issued now if the billing run has not yet), to pay",
        params: idParam("svc"),
        response: {
          200: renewalSchema,
          201: renewalSchema,
          ...problems(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const r = await renewServiceNow(
        deps,
        { serviceId: request.params.id, customerId },
        actorOf(request),
      );
      return reply.code(r.created ? 201 : 200).send({ documentId: r.documentId });
    },
  );
  r.delete(
    "/api/me/services/:id/cancellation",
    {
      config: { access: "customer", permission: ["technical", "domains"] },
      schema: {
        tags: ["customer"],
        summary: "Withdraw my pending cancellation",
        params: idParam("svc"),
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await withdrawCancellation(
        deps,
        { serviceId: request.params.id, customerId, reason: null },
        actorOf(request),
      );
      return reply.code(204).send(null);
    },
  );
  r.put(
    "/api/me/services/:id/cycle",
    {
      config: { access: "customer", permission: ["technical", "domains", "billing"] },
      schema: {
        tags: ["customer"],
        summary: "Change the billing cycle from the next period, at the catalog's price",
        params: idParam("svc"),
        body: z.object({ cycle: cycleSchema }),
        response: { 200: cycleChangeSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const c = await changeBillingCycle(
        deps,
        { serviceId: request.params.id, customerId, cycle: request.body.cycle },
        actorOf(request),
      );
      return presentCycleChange(c);
    },
  );

  // ---- staff
  r.put(
    "/api/staff/services/:id/cycle",
    {
      config: { access: "staff", permission: ["support", "billing", "sales"] },
      schema: {
        tags: ["staff"],
        summary: "Set a service's billing cycle from the next period (C5)",
        params: idParam("svc"),
        body: z.object({ cycle: cycleSchema }),
        response: { 200: cycleChangeSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const c = await changeBillingCycle(
        deps,
        { serviceId: request.params.id, customerId: null, cycle: request.body.cycle },
        actorOf(request),
      );
      return presentCycleChange(c);
    },
  );
  r.get(
    "/api/staff/services",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Services of all customers, newest first; filter by state or name",
        querystring: z.object({
          status: z
            .enum(["pending", "active", "suspended", "cancelled", "expired", "terminated"])
            .optional(),
          q: z.string().trim().min(1).max(100).optional(),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(staffServiceSchema), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const rows = await listServicesForStaff(deps.db, request.query);
      return {
        items: rows.map((s) => ({
          id: s.id,
          customerId: s.customer_id,
          customerName: s.customer_name,
          product: s.product_name,
          name: s.domain ?? s.label,
          status: s.status,
          billingCycle: s.billing_cycle,
          price: Money.of(s.price, assertCurrency(s.currency)).toJSON(),
          nextDueDate: s.next_due_date,
          cancelEffectiveDate: s.cancel_effective_date,
          statusReason: s.status_reason,
        })),
        nextAfter: rows.length === request.query.limit ? rows[rows.length - 1]!.id : null,
      };
    },
  );
  r.put(
    "/api/staff/services/:id/price",
    {
      config: { access: "staff", permission: ["billing", "sales"] },
      schema: {
        tags: ["staff"],
        summary:
          "Change a service's own (grandfathered) price; it applies from the next renewal document",
        params: idParam("svc"),
        body: z.object({ price: decimalAmount, reason: reasonText }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeServicePrice(
        deps,
        { serviceId: request.params.id, price: request.body.price, reason: request.body.reason },
        actorOf(request),
      );
      return reply.code(204).send(null);
    },
  );
  r.post(
    "/api/staff/services/:id/status",
    {
      config: { access: "staff", permission: ["support", "billing"] },
      schema: {
        tags: ["staff"],
        summary: "Move a service to another state (allowed transitions only), with a reason",
        params: idParam("svc"),
        body: z.object({
          to: z.enum(["active", "suspended", "cancelled", "terminated"]),
          reason: reasonText,
        }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await changeServiceStatus(
        deps,
        { serviceId: request.params.id, ...request.body },
        actorOf(request),
      );
      return reply.code(204).send(null);
    },
  );
  r.post(
    "/api/staff/services/:id/cancellation",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Cancel a service for the customer, by the notice rule or from a date staff set",
        params: idParam("svc"),
        body: z.object({ reason: reasonText, effectiveDate: legalDate.optional() }),
        response: { 201: cancellationResultSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await requestCancellation(
        deps,
        {
          serviceId: request.params.id,
          customerId: null,
          reason: request.body.reason,
          ...(request.body.effectiveDate ? { effectiveDate: request.body.effectiveDate } : {}),
        },
        actorOf(request),
      );
      return reply.code(201).send(result);
    },
  );
  r.delete(
    "/api/staff/services/:id/cancellation",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Override a pending cancellation: the service goes on (reason required)",
        params: idParam("svc"),
        body: z.object({ reason: reasonText }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await withdrawCancellation(
        deps,
        { serviceId: request.params.id, customerId: null, reason: request.body.reason },
        actorOf(request),
      );
      return reply.code(204).send(null);
    },
  );
  r.get(
    "/api/staff/cancellations",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Cancellation requests, newest first",
        querystring: z.object({
          status: z.enum(["pending", "effective", "withdrawn", "overridden"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(cancellationRowSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const rows = await listCancellations(deps.db, request.query);
      return {
        items: rows.map((c) => ({
          id: c.id,
          serviceId: c.service_id,
          customerId: c.customer_id,
          customerName: c.customer_name,
          product: c.product_name,
          name: c.domain ?? c.label,
          requestedAt: c.requested_at.toISOString(),
          reason: c.reason,
          effectiveDate: c.effective_date,
          status: c.status,
          decisionReason: c.decision_reason,
          documents: c.documents,
        })),
      };
    },
  );
  r.get(
    "/api/staff/billing-runs",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Billing run history, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
        response: {
          200: z.object({ items: z.array(billingRunSchema) }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => ({ items: (await listRuns(deps.db, request.query.limit)).map(presentRun) }),
  );
  r.get(
    "/api/staff/billing-runs/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "One billing run with its counts and problems",
        params: idParam("run"),
        response: { 200: billingRunSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const run = await findRun(deps.db, request.params.id);
      if (!run) throw errors.notFound("billing run");
      return presentRun(run);
    },
  );
  r.post(
    "/api/staff/billing-runs",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Run today's billing now: queued as a job, shown in the history at once (safe to repeat: what is done is not done again)",
        response: { 202: billingRunSchema, ...problems(401, 403) },
      },
    },
    async (_request, reply) => {
      const id = await queueBillingRun(deps);
      const run = await findRun(deps.db, id);
      return reply.code(202).send(presentRun(run!));
    },
  );
  r.get(
    "/api/staff/settings/lifecycle",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Renewal lead days, reminder days, suspension and termination after due date",
        response: { 200: lifecycleSettingsSchema, ...problems(401, 403) },
      },
    },
    async () => getLifecycleSettings(deps.db),
  );
  r.put(
    "/api/staff/settings/lifecycle",
    {
      config: { access: "staff", permission: "admin" },
      schema: {
        tags: ["staff"],
        summary: "Change the lifecycle settings (from the next billing run)",
        body: lifecycleSettingsSchema,
        response: { 200: lifecycleSettingsSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await deps.db.transaction().execute(async (tx) => {
        await saveLifecycleSettings(
          tx,
          request.body,
          actor.type === "user" ? actor.userId : null,
          deps.clock.now(),
        );
        await writeAudit(tx, deps.clock, actor, {
          action: "settings.lifecycle_changed",
          subjectType: "settings",
          subjectId: "lifecycle",
          data: request.body,
        });
      });
      return getLifecycleSettings(deps.db);
    },
  );
}
