import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";

export async function listStaffUsers(db: Db) {
  const users = await db
    .selectFrom("users as u")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.language",
      "u.staff_role",
      "u.disabled_at",
      "u.created_at",
      (eb) =>
        eb
          .selectFrom("sessions as s")
          .select((e) => e.fn.max("s.last_seen_at").as("m"))
          .whereRef("s.user_id", "=", "u.id")
          .as("last_seen_at"),
    ])
    .where("u.staff_role", "is not", null)
    .orderBy(sql`lower(u.name)`)
    .orderBy("u.id")
    .execute();
  const links = await db
    .selectFrom("staff_departments")
    .select(["user_id", "department_id"])
    .execute();
  return users.map((u) => ({
    ...u,
    departmentIds: links.filter((l) => l.user_id === u.id).map((l) => l.department_id),
  }));
}

export async function findStaffUser(db: Db, id: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "staff_role", "disabled_at"])
    .where("id", "=", id)
    .where("staff_role", "is not", null)
    .executeTakeFirst();
}

/** Active admins, locked: the last one may not be demoted or disabled. */
export async function lockActiveAdmins(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("users")
    .select("id")
    .where("staff_role", "=", "admin")
    .where("disabled_at", "is", null)
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function updateStaffUser(
  db: Db,
  id: string,
  set: { name?: string; role?: string; disabledAt?: Date | null; now: Date },
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.role !== undefined ? { staff_role: set.role } : {}),
      ...(set.disabledAt !== undefined ? { disabled_at: set.disabledAt } : {}),
      updated_at: set.now,
    })
    .where("id", "=", id)
    .execute();
}

export async function setStaffDepartments(
  db: Db,
  userId: string,
  departmentIds: readonly string[],
): Promise<void> {
  await db.deleteFrom("staff_departments").where("user_id", "=", userId).execute();
  if (departmentIds.length > 0)
    await db
      .insertInto("staff_departments")
      .values(departmentIds.map((d) => ({ user_id: userId, department_id: d })))
      .execute();
}

export async function listDepartments(db: Db) {
  return db
    .selectFrom("departments as d")
    .select([
      "d.id",
      "d.name",
      "d.email",
      "d.created_at",
      (eb) =>
        eb
          .selectFrom("staff_departments as sd")
          .select((e) => e.fn.countAll<bigint>().as("n"))
          .whereRef("sd.department_id", "=", "d.id")
          .as("members"),
    ])
    .orderBy(sql`lower(d.name)`)
    .execute();
}

export async function findDepartment(db: Db, id: string) {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function departmentNameTaken(db: Db, name: string, exceptId?: string) {
  let q = db
    .selectFrom("departments")
    .select("id")
    .where(sql<string>`lower(name)`, "=", name.trim().toLowerCase());
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function countKnownDepartments(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .selectFrom("departments")
    .select((e) => e.fn.countAll<bigint>().as("n"))
    .where("id", "in", [...ids])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertDepartment(
  db: Db,
  d: { id: string; name: string; email: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto("departments")
    .values({ id: d.id, name: d.name, email: d.email, created_at: d.now, updated_at: d.now })
    .execute();
}

export async function updateDepartment(
  db: Db,
  id: string,
  set: { name: string; email: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable("departments")
    .set({ name: set.name, email: set.email, updated_at: set.now })
    .where("id", "=", id)
    .execute();
}

export async function deleteDepartment(db: Db, id: string): Promise<void> {
  await db.deleteFrom("departments").where("id", "=", id).execute();
}
