import type { Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { PROVISIONING_RUN_JOB } from "../constants.ts";
import { findModule } from "../drivers/index.ts";
import { findServiceForProvisioning, updateTask } from "../repo.ts";
import { changeByStaff } from "./staff-change.ts";

/**
 * Staff run a failed task again (after fixing its cause): queued with a new job. The product's
 * current module is used, so correcting a product's module and retrying works; when that is now
 * `manual`, the task goes to the manual queue instead.
 */
export async function retryTask(
  deps: Pick<Deps, "db" | "clock" | "jobs">,
  taskId: string,
  actor: Actor,
) {
  return changeByStaff(deps, taskId, "retry", actor, async (tx, task, to, now) => {
    const service = await findServiceForProvisioning(tx, task.service_id);
    const moduleName = service?.provisioning_module ?? task.module;
    const status = findModule(moduleName)?.kind === "manual" ? "manual" : to;
    await updateTask(tx, task.id, {
      status,
      module: moduleName,
      check_after: null,
      updated_at: now,
    });
    if (status === "queued") await deps.jobs.send(tx, PROVISIONING_RUN_JOB, { taskId: task.id });
    return {
      status,
      data: {
        lastError: task.last_error,
        ...(moduleName !== task.module ? { module: moduleName } : {}),
      },
    };
  });
}
