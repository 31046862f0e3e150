import type { Db } from "../../../platform/db/index.ts";
import { decodeCursor, encodeCursor } from "../../../platform/http/routing.ts";
import { errors } from "../../../platform/errors.ts";
import type { TaskStatus } from "../domain/tasks.ts";
import { listTaskViews, type TaskViewRow } from "../repo.ts";

/**
 * Provisioning tasks for staff, newest first: all, or by status (`failed` are the failures to
 * look at, `manual` the manual fulfilment queue). `cursor` is a previous page's `nextCursor`.
 */
export async function listTasks(
  db: Db,
  filter: {
    status?: TaskStatus | undefined;
    serviceId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: TaskViewRow[]; nextCursor: string | null }> {
  const rows = await listTaskViews(db, {
    status: filter.status,
    serviceId: filter.serviceId,
    after: filter.cursor ? afterOf(filter.cursor) : undefined,
    limit: filter.limit,
  });
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor([last.created_at.toISOString(), last.id])
        : null,
  };
}

function afterOf(cursor: string) {
  const [createdAt = "", id = ""] = decodeCursor(cursor, 2);
  if (Number.isNaN(Date.parse(createdAt))) {
    throw errors.validation([
      { path: "querystring.after", message: "not a cursor from a previous page" },
    ]);
  }
  return { createdAt, id };
}
