import { sql, type Updateable } from "kysely";
import type {
  Db,
  ProvisioningAction as ActionColumn,
  ProvisioningTasksTable,
  ProvisioningTaskStatus as StatusColumn,
} from "../../platform/db/index.ts";
import type { ProvisioningAction, TaskStatus } from "./domain/tasks.ts";

// The domain's names and the column types are the same sets (checked here, at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const actionsAgree: Same<ProvisioningAction, ActionColumn> = true;
const statusesAgree: Same<TaskStatus, StatusColumn> = true;
void actionsAgree;
void statusesAgree;

/** A service with what provisioning needs of it and of its product. */
export async function findServiceForProvisioning(db: Db, serviceId: string) {
  return db
    .selectFrom("services as s")
    .innerJoin("products as p", "p.id", "s.product_id")
    .where("s.id", "=", serviceId)
    .select([
      "s.id",
      "s.customer_id",
      "s.status",
      sql<string | null>`coalesce(s.domain, s.label)`.as("label"),
      "s.billing_cycle",
      "p.id as product_id",
      "p.code as product_code",
      "p.provisioning_module",
      "p.provisioning_settings",
    ])
    .executeTakeFirst();
}

export type ServiceForProvisioning = NonNullable<
  Awaited<ReturnType<typeof findServiceForProvisioning>>
>;

/**
 * Inserts the task unless the service already has an unfinished one for the action (the partial
 * unique index decides, also between concurrent requests). Returns whether it was inserted.
 */
export async function insertTaskUnlessOpen(
  tx: Db,
  t: {
    id: string;
    serviceId: string;
    customerId: string;
    action: ProvisioningAction;
    module: string;
    status: TaskStatus;
    requestedBy: string | null;
    now: Date;
  },
): Promise<boolean> {
  const inserted = await tx
    .insertInto("provisioning_tasks")
    .values({
      id: t.id,
      service_id: t.serviceId,
      customer_id: t.customerId,
      action: t.action,
      module: t.module,
      status: t.status,
      requested_by: t.requestedBy,
      created_at: t.now,
      updated_at: t.now,
    })
    .onConflict((oc) =>
      oc
        .columns(["service_id", "action"])
        .where(sql<boolean>`finished_at IS NULL`)
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findOpenTask(db: Db, serviceId: string, action: ProvisioningAction) {
  return db
    .selectFrom("provisioning_tasks")
    .selectAll()
    .where("service_id", "=", serviceId)
    .where("action", "=", action)
    .where("finished_at", "is", null)
    .executeTakeFirst();
}

export async function lockTask(tx: Db, id: string) {
  return tx
    .selectFrom("provisioning_tasks")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export type TaskRow = NonNullable<Awaited<ReturnType<typeof lockTask>>>;

export async function updateTask(
  tx: Db,
  id: string,
  patch: Updateable<ProvisioningTasksTable> & { updated_at: Date },
): Promise<void> {
  await tx.updateTable("provisioning_tasks").set(patch).where("id", "=", id).execute();
}

function taskViews(db: Db) {
  return db
    .selectFrom("provisioning_tasks as t")
    .innerJoin("services as s", "s.id", "t.service_id")
    .innerJoin("products as p", "p.id", "s.product_id")
    .innerJoin("customers as c", "c.id", "t.customer_id")
    .select([
      "t.id",
      "t.service_id",
      "t.customer_id",
      "t.action",
      "t.module",
      "t.status",
      "t.attempts",
      "t.last_error",
      "t.result",
      "t.check_after",
      "t.note",
      "t.requested_by",
      "t.created_at",
      "t.updated_at",
      "t.finished_at",
      "s.label as service_label",
      "p.code as product_code",
      "p.name as product_name",
      "c.name as customer_name",
      "c.code as customer_code",
    ]);
}

export type TaskViewRow = NonNullable<Awaited<ReturnType<typeof findTaskView>>>;

export async function findTaskView(db: Db, id: string) {
  return taskViews(db).where("t.id", "=", id).executeTakeFirst();
}

/** Tasks for staff, newest first, keyset-paged on (created_at, id); `limit + 1` rows at most. */
export async function listTaskViews(
  db: Db,
  f: {
    status?: TaskStatus | undefined;
    serviceId?: string | undefined;
    after?: { createdAt: string; id: string } | undefined;
    limit: number;
  },
) {
  let q = taskViews(db);
  if (f.status) q = q.where("t.status", "=", f.status);
  if (f.serviceId) q = q.where("t.service_id", "=", f.serviceId);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([
        eb("t.created_at", "<", new Date(a.createdAt)),
        eb.and([eb("t.created_at", "=", new Date(a.createdAt)), eb("t.id", "<", a.id)]),
      ]),
    );
  }
  return q
    .orderBy("t.created_at", "desc")
    .orderBy("t.id", "desc")
    .limit(f.limit + 1)
    .execute();
}

/** A service's tasks, oldest first. */
export async function tasksOfService(db: Db, serviceId: string) {
  return db
    .selectFrom("provisioning_tasks")
    .select(["id", "action", "status", "result", "created_at", "updated_at", "finished_at"])
    .where("service_id", "=", serviceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function findProduct(db: Db, productId: string) {
  return db
    .selectFrom("products")
    .select(["id", "code", "provisioning_module", "provisioning_settings"])
    .where("id", "=", productId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setProductProvisioning(
  tx: Db,
  productId: string,
  p: { module: string | null; settings: Record<string, unknown>; now: Date },
): Promise<void> {
  await tx
    .updateTable("products")
    .set({
      provisioning_module: p.module,
      provisioning_settings: JSON.stringify(p.settings),
      updated_at: p.now,
    })
    .where("id", "=", productId)
    .execute();
}
