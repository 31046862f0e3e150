import type { Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { updateTask } from "../repo.ts";
import { changeByStaff } from "./staff-change.ts";

/**
 * Staff mark a task of the manual fulfilment queue done (e.g. the SSL certificate was validated
 * and installed), with a note of what they did. A failed task may be completed the same way
 * when staff did the work by hand.
 */
export async function completeManualTask(
  deps: Pick<Deps, "db" | "clock">,
  taskId: string,
  note: string,
  actor: Actor,
) {
  return changeByStaff(deps, taskId, "complete", actor, async (tx, task, to, now) => {
    await updateTask(tx, task.id, {
      status: to,
      note,
      check_after: null,
      finished_at: now,
      updated_at: now,
    });
    return { status: to, data: { note } };
  });
}
