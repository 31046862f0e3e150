import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { ManagerAccessStatus } from "../../platform/db/schema.ts";

/** Serialises changes to an account's contacts and managers (the last-owner rule needs it). */
export async function lockCustomer(db: Db, customerId: string) {
  return db
    .selectFrom("customers")
    .select(["id", "name", "code", "language"])
    .where("id", "=", customerId)
    .forUpdate()
    .executeTakeFirst();
}

export async function customerBrief(db: Db, customerId: string) {
  return db
    .selectFrom("customers")
    .select(["id", "name", "code", "language"])
    .where("id", "=", customerId)
    .executeTakeFirst();
}

const contactColumns = [
  "id",
  "customer_id",
  "user_id",
  "name",
  "email",
  "phone",
  "is_primary",
  "permissions",
  "invited_at",
  "created_at",
] as const;

export async function accountContacts(db: Db, customerId: string) {
  return db
    .selectFrom("contacts")
    .select(contactColumns)
    .where("customer_id", "=", customerId)
    .orderBy("is_primary", "desc")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export type ContactRow = Awaited<ReturnType<typeof accountContacts>>[number];

export async function findContact(db: Db, customerId: string, id: string) {
  return db
    .selectFrom("contacts")
    .select(contactColumns)
    .where("customer_id", "=", customerId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findContactById(db: Db, id: string) {
  return db.selectFrom("contacts").select(contactColumns).where("id", "=", id).executeTakeFirst();
}

export async function contactEmailTaken(
  db: Db,
  customerId: string,
  email: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("contacts")
    .select("id")
    .where("customer_id", "=", customerId)
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateContact(
  db: Db,
  id: string,
  set: {
    name?: string;
    phone?: string | null;
    permissions?: string[];
    userId?: string | null;
    invitedAt?: Date | null;
    isPrimary?: boolean;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable("contacts")
    .set({
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.phone !== undefined ? { phone: set.phone } : {}),
      ...(set.permissions !== undefined ? { permissions: set.permissions } : {}),
      ...(set.userId !== undefined ? { user_id: set.userId } : {}),
      ...(set.invitedAt !== undefined ? { invited_at: set.invitedAt } : {}),
      ...(set.isPrimary !== undefined ? { is_primary: set.isPrimary } : {}),
      updated_at: set.now,
    })
    .where("id", "=", id)
    .execute();
}

export async function deleteContact(db: Db, id: string): Promise<void> {
  await db.deleteFrom("contacts").where("id", "=", id).execute();
}

/** Is the user a contact of the account already? */
export async function contactOfUser(db: Db, customerId: string, userId: string) {
  return db
    .selectFrom("contacts")
    .select(["id", "permissions"])
    .where("customer_id", "=", customerId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

const managerColumns = [
  "m.id",
  "m.customer_id",
  "m.manager_user_id",
  "m.email",
  "m.permissions",
  "m.status",
  "m.created_by",
  "m.created_at",
  "m.accepted_at",
  "m.ended_at",
  "u.name as manager_name",
] as const;

function managersQuery(db: Db) {
  return db
    .selectFrom("manager_access as m")
    .leftJoin("users as u", "u.id", "m.manager_user_id")
    .select(managerColumns);
}

export async function accountManagers(db: Db, customerId: string) {
  return managersQuery(db)
    .where("m.customer_id", "=", customerId)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .execute();
}

export type ManagerRow = Awaited<ReturnType<typeof accountManagers>>[number];

export async function findManagerAccess(db: Db, customerId: string, id: string) {
  return managersQuery(db)
    .where("m.customer_id", "=", customerId)
    .where("m.id", "=", id)
    .executeTakeFirst();
}

export async function findManagerAccessById(db: Db, id: string) {
  return managersQuery(db).where("m.id", "=", id).executeTakeFirst();
}

/** An open (invited, requested) or active access of this address or login to the account. */
export async function liveManagerAccess(
  db: Db,
  customerId: string,
  who: { email?: string; userId?: string | null },
) {
  const email = who.email?.trim().toLowerCase();
  return db
    .selectFrom("manager_access")
    .select(["id", "status"])
    .where("customer_id", "=", customerId)
    .where("status", "in", ["invited", "requested", "active"])
    .where((eb) =>
      eb.or([
        ...(email ? [eb(sql<string>`lower(email)`, "=", email)] : []),
        ...(who.userId ? [eb("manager_user_id", "=", who.userId)] : []),
      ]),
    )
    .executeTakeFirst();
}

export async function insertManagerAccess(
  db: Db,
  m: {
    id: string;
    customerId: string;
    managerUserId: string | null;
    email: string;
    permissions: string[];
    status: ManagerAccessStatus;
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("manager_access")
    .values({
      id: m.id,
      customer_id: m.customerId,
      manager_user_id: m.managerUserId,
      email: m.email.trim(),
      permissions: m.permissions,
      status: m.status,
      created_by: m.createdBy,
      created_at: m.now,
      updated_at: m.now,
      accepted_at: m.status === "active" ? m.now : null,
    })
    .execute();
}

/** Changes a manager access if it is still in one of `from` states; false if it was not. */
export async function updateManagerAccess(
  db: Db,
  id: string,
  from: readonly ManagerAccessStatus[],
  set: {
    status?: ManagerAccessStatus;
    permissions?: string[];
    managerUserId?: string;
    acceptedAt?: Date;
    endedAt?: Date;
    endedBy?: string | null;
    now: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable("manager_access")
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.permissions ? { permissions: set.permissions } : {}),
      ...(set.managerUserId ? { manager_user_id: set.managerUserId } : {}),
      ...(set.acceptedAt ? { accepted_at: set.acceptedAt } : {}),
      ...(set.endedAt ? { ended_at: set.endedAt } : {}),
      ...(set.endedBy !== undefined ? { ended_by: set.endedBy } : {}),
      updated_at: set.now,
    })
    .where("id", "=", id)
    .where("status", "in", [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The accounts a login reaches: as a contact, or as an active manager. */
export async function accountsOfUser(db: Db, userId: string) {
  const contacts = await db
    .selectFrom("contacts as ct")
    .innerJoin("customers as c", "c.id", "ct.customer_id")
    .select([
      "c.id",
      "c.code",
      "c.name",
      "ct.permissions",
      sql<"contact">`'contact'`.as("via"),
      "ct.created_at as since",
    ])
    .where("ct.user_id", "=", userId)
    .execute();
  const managed = await db
    .selectFrom("manager_access as m")
    .innerJoin("customers as c", "c.id", "m.customer_id")
    .select([
      "c.id",
      "c.code",
      "c.name",
      "m.permissions",
      sql<"manager">`'manager'`.as("via"),
      "m.accepted_at as since",
    ])
    .where("m.manager_user_id", "=", userId)
    .where("m.status", "=", "active")
    .execute();
  const seen = new Set(contacts.map((c) => c.id));
  return [...contacts, ...managed.filter((m) => !seen.has(m.id))].sort((a, b) =>
    a.name.localeCompare(b.name, "hu"),
  );
}

/** The account's owner contacts that have a login (who approve managers). */
export async function ownerContacts(db: Db, customerId: string) {
  return db
    .selectFrom("contacts as ct")
    .innerJoin("users as u", "u.id", "ct.user_id")
    .select(["ct.id", "ct.name", "ct.email", "u.language"])
    .where("ct.customer_id", "=", customerId)
    .where(sql<boolean>`'owner' = ANY(ct.permissions)`)
    .execute();
}

/** A customer found by its code and the e-mail of one of its owner contacts. */
export async function customerByCodeAndOwner(db: Db, code: string, ownerEmail: string) {
  return db
    .selectFrom("customers as c")
    .innerJoin("contacts as ct", "ct.customer_id", "c.id")
    .select(["c.id", "c.name", "c.code"])
    .where(sql<string>`upper(c.code)`, "=", code.trim().toUpperCase())
    .where(sql<string>`lower(ct.email)`, "=", ownerEmail.trim().toLowerCase())
    .where(sql<boolean>`'owner' = ANY(ct.permissions)`)
    .executeTakeFirst();
}
