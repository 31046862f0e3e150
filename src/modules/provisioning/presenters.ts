import { z } from "zod";
import { DELIVERY_STATES, PROVISIONING_ACTIONS, TASK_STATUSES } from "./domain/tasks.ts";
import type { TaskViewRow } from "./repo.ts";
import type { DeliveryStatus } from "./use-cases/delivery-status.ts";

export const provisioningActionSchema = z.enum(PROVISIONING_ACTIONS);
export const taskStatusSchema = z.enum(TASK_STATUSES);

export const provisioningTaskSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    serviceLabel: z.string().nullable(),
    customer: z.object({ id: z.string(), name: z.string(), code: z.string() }),
    product: z.object({ code: z.string(), name: z.string() }),
    action: provisioningActionSchema,
    module: z.string(),
    status: taskStatusSchema,
    attempts: z.number().int().describe("Module calls so far (retries and checks included)"),
    lastError: z.string().nullable().describe("The module's message of the last failed call"),
    note: z.string().nullable().describe("Staff's note when completed by hand or cancelled"),
    data: z.record(z.string(), z.string()).describe("What the module delivered (public facts)"),
    requestedBy: z.string().nullable(),
    checkAfter: z.iso.datetime().nullable().describe("Waiting: when the module is asked again"),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ProvisioningTask" });

export function presentTask(t: TaskViewRow): z.infer<typeof provisioningTaskSchema> {
  return {
    id: t.id,
    serviceId: t.service_id,
    serviceLabel: t.service_label,
    customer: { id: t.customer_id, name: t.customer_name, code: t.customer_code },
    product: { code: t.product_code, name: t.product_name },
    action: t.action,
    module: t.module,
    status: t.status,
    attempts: t.attempts,
    lastError: t.last_error,
    note: t.note,
    data: t.result ?? {},
    requestedBy: t.requested_by,
    checkAfter: t.check_after?.toISOString() ?? null,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    finishedAt: t.finished_at?.toISOString() ?? null,
  };
}

export const serviceDeliverySchema = z
  .object({
    serviceId: z.string(),
    state: z
      .enum(DELIVERY_STATES)
      .describe(
        "not_required, in_progress, with_staff (done by hand, e.g. SSL validation), delayed (staff are on it), delivered, cancelled",
      ),
    action: provisioningActionSchema.nullable().describe("What was asked last"),
    status: taskStatusSchema.nullable(),
    requestedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    data: z
      .record(z.string(), z.string())
      .describe("What was delivered: user name, control panel URL, … (never secrets)"),
  })
  .meta({ id: "ServiceDelivery" });

export function presentDelivery(d: DeliveryStatus): z.infer<typeof serviceDeliverySchema> {
  return {
    serviceId: d.serviceId,
    state: d.state,
    action: d.action,
    status: d.status,
    requestedAt: d.requestedAt?.toISOString() ?? null,
    finishedAt: d.finishedAt?.toISOString() ?? null,
    data: d.data,
  };
}
