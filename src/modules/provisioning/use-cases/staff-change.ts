import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { staffTransition, type StaffAction, type TaskStatus } from "../domain/tasks.ts";
import { provisioningErrors } from "../errors.ts";
import { lockTask, type TaskRow } from "../repo.ts";

const AUDIT_ACTIONS: Record<StaffAction, string> = {
  retry: "provisioning.retried",
  complete: "provisioning.completed_by_staff",
  cancel: "provisioning.cancelled",
};

/**
 * A staff action on a task, in one transaction with the row locked: refused with a 409 and a
 * stable code when the task's status does not allow it, else `apply` makes the change and the
 * audit row records it.
 */
export async function changeByStaff(
  deps: Pick<Deps, "db" | "clock">,
  taskId: string,
  action: StaffAction,
  actor: Actor,
  apply: (
    tx: Db,
    task: TaskRow,
    to: TaskStatus,
    now: Date,
  ) => Promise<{ status: TaskStatus; data?: Record<string, unknown> }>,
): Promise<{ taskId: string; status: TaskStatus }> {
  return deps.db.transaction().execute(async (tx) => {
    const task = await lockTask(tx, taskId);
    if (!task) throw provisioningErrors.taskNotFound();
    const now = deps.clock.now();
    const decision = staffTransition(
      action,
      { status: task.status, updatedAt: task.updated_at },
      now,
    );
    if (!decision.ok) throw provisioningErrors.refused(decision.code, action, task.status);
    const done = await apply(tx, task, decision.to, now);
    await writeAudit(tx, deps.clock, actor, {
      action: AUDIT_ACTIONS[action],
      subjectType: "provisioning_task",
      subjectId: taskId,
      customerId: task.customer_id,
      data: { from: task.status, to: done.status, serviceId: task.service_id, ...done.data },
    });
    return { taskId, status: done.status };
  });
}
