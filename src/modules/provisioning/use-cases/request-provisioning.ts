import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { PROVISIONING_RUN_JOB } from "../constants.ts";
import type { ProvisioningAction, TaskStatus } from "../domain/tasks.ts";
import { findModule } from "../drivers/index.ts";
import { provisioningErrors } from "../errors.ts";
import { findOpenTask, findServiceForProvisioning, insertTaskUnlessOpen } from "../repo.ts";

export interface ProvisioningRequest {
  serviceId: string;
  action: ProvisioningAction;
  actor: Actor;
}

export interface RequestedTask {
  taskId: string;
  status: TaskStatus;
  /** false: the service already had an unfinished task for this action, which is returned. */
  created: boolean;
}

export function actorId(actor: Actor): string {
  return actor.type === "user" ? actor.userId : `${actor.type}:${actor.name}`;
}

/**
 * Asks for `action` to be done to a service by its product's provisioning module, inside the
 * caller's transaction (e.g. the one that releases a paid service): the task and its job commit
 * with the change that caused them, or not at all.
 *
 * - The product has no module: nothing to do, null.
 * - `manual`: a task in the staff's manual fulfilment queue.
 * - Any other module: a queued task and its `provisioning.run` job. A module name Kapu does not
 *   know still gets a task, which the job fails visibly for staff to see.
 *
 * Asking again while the service has an unfinished task for the action returns that task.
 */
export async function requestProvisioning(
  tx: Db,
  deps: Pick<Deps, "clock" | "jobs">,
  request: ProvisioningRequest,
): Promise<RequestedTask | null> {
  const service = await findServiceForProvisioning(tx, request.serviceId);
  if (!service) throw provisioningErrors.serviceNotFound();
  const moduleName = service.provisioning_module;
  if (!moduleName) return null;

  const existing = await findOpenTask(tx, service.id, request.action);
  if (existing) return { taskId: existing.id, status: existing.status, created: false };

  const now = deps.clock.now();
  const manual = findModule(moduleName)?.kind === "manual";
  const status: TaskStatus = manual ? "manual" : "queued";
  const id = newId("ptk", now.getTime());
  const inserted = await insertTaskUnlessOpen(tx, {
    id,
    serviceId: service.id,
    customerId: service.customer_id,
    action: request.action,
    module: moduleName,
    status,
    requestedBy: actorId(request.actor),
    now,
  });
  if (!inserted) {
    // A concurrent request made it between our look and our insert.
    const open = await findOpenTask(tx, service.id, request.action);
    if (!open) throw new Error(`provisioning task of ${service.id} vanished`);
    return { taskId: open.id, status: open.status, created: false };
  }
  await writeAudit(tx, deps.clock, request.actor, {
    action: "provisioning.requested",
    subjectType: "provisioning_task",
    subjectId: id,
    customerId: service.customer_id,
    data: { serviceId: service.id, action: request.action, module: moduleName, status },
  });
  if (!manual) await deps.jobs.send(tx, PROVISIONING_RUN_JOB, { taskId: id });
  return { taskId: id, status, created: true };
}
