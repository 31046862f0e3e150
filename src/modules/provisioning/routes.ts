import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import {
  actorOf,
  idParam,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import {
  presentDelivery,
  presentTask,
  provisioningTaskSchema,
  serviceDeliverySchema,
  taskStatusSchema,
} from "./presenters.ts";
import { findTaskView } from "./repo.ts";
import { cancelTask } from "./use-cases/cancel-task.ts";
import { completeManualTask } from "./use-cases/complete-manual-task.ts";
import { serviceDeliveryStatus } from "./use-cases/delivery-status.ts";
import { listTasks } from "./use-cases/list-tasks.ts";
import { retryTask } from "./use-cases/retry-task.ts";

export function registerProvisioningRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  async function taskView(id: string) {
    const row = await findTaskView(deps.db, id);
    if (!row) throw errors.notFound("provisioning task");
    return presentTask(row);
  }

  // ------------------------------------------------------------ customer

  r.get(
    "/api/me/services/:id/delivery",
    {
      config: { access: "customer", permission: ["technical", "domains"] },
      schema: {
        tags: ["customer"],
        summary:
          "The delivery of my service: set up yet, in progress, or with staff, and its access data",
        params: idParam("svc"),
        response: { 200: serviceDeliverySchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const delivery = await serviceDeliveryStatus(deps.db, request.params.id, { customerId });
      if (!delivery) throw errors.notFound("service");
      return presentDelivery(delivery);
    },
  );

  // ------------------------------------------------------------ staff

  r.get(
    "/api/staff/provisioning/tasks",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary:
          "Provisioning tasks, newest first: status=failed for the failures, status=manual for the manual fulfilment queue",
        querystring: z.object({
          status: taskStatusSchema.optional(),
          serviceId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          after: z.string().max(200).optional().describe("nextAfter of the previous page"),
        }),
        response: {
          200: z.object({
            items: z.array(provisioningTaskSchema),
            nextAfter: z.string().nullable(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listTasks(deps.db, {
        status: q.status,
        serviceId: q.serviceId,
        limit: q.limit,
        cursor: q.after,
      });
      return { items: page.items.map(presentTask), nextAfter: page.nextCursor };
    },
  );

  r.post(
    "/api/staff/provisioning/tasks/:id/retry",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Run a failed provisioning task again (after fixing its cause)",
        params: idParam("ptk"),
        response: { 200: provisioningTaskSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await retryTask(deps, request.params.id, actorOf(request));
      return taskView(request.params.id);
    },
  );

  r.post(
    "/api/staff/provisioning/tasks/:id/complete",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Mark a task of the manual fulfilment queue (or a failed one) done by hand",
        params: idParam("ptk"),
        body: z
          .object({ note: z.string().trim().min(1).max(2000).describe("What was done") })
          .meta({ id: "ProvisioningCompletion" }),
        response: { 200: provisioningTaskSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await completeManualTask(deps, request.params.id, request.body.note, actorOf(request));
      return taskView(request.params.id);
    },
  );

  r.post(
    "/api/staff/provisioning/tasks/:id/cancel",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Give a provisioning task up (not needed, done elsewhere)",
        params: idParam("ptk"),
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: provisioningTaskSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await cancelTask(deps, request.params.id, request.body.reason, actorOf(request));
      return taskView(request.params.id);
    },
  );
}
