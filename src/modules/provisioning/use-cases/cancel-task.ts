import type { Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { updateTask } from "../repo.ts";
import { changeByStaff } from "./staff-change.ts";

/**
 * Staff give a task up (not needed any more, done elsewhere): it is finished and a job that
 * still arrives for it does nothing. A task whose module call is running cannot be cancelled.
 */
export async function cancelTask(
  deps: Pick<Deps, "db" | "clock">,
  taskId: string,
  reason: string,
  actor: Actor,
) {
  return changeByStaff(deps, taskId, "cancel", actor, async (tx, task, to, now) => {
    await updateTask(tx, task.id, {
      status: to,
      note: reason,
      check_after: null,
      finished_at: now,
      updated_at: now,
    });
    return { status: to, data: { reason } };
  });
}
