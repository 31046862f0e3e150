import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";

export interface CustomerInsert {
  id: string;
  kind: "company" | "person";
  name: string;
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string | null;
  euVatNumber: string | null;
  language: string;
  currency: string;
  now: Date;
}

export async function insertCustomer(db: Db, c: CustomerInsert): Promise<string> {
  const row = await db
    .insertInto("customers")
    .values({
      id: c.id,
      code: sql<string>`'C' || nextval('customer_code_seq')::text`,
      kind: c.kind,
      name: c.name,
      legal_name: c.legalName,
      country: c.country,
      postal_code: c.postalCode,
      city: c.city,
      address_line: c.addressLine,
      tax_number: c.taxNumber,
      eu_vat_number: c.euVatNumber,
      language: c.language,
      currency: c.currency,
      created_at: c.now,
      updated_at: c.now,
    })
    .returning("code")
    .executeTakeFirstOrThrow();
  return row.code;
}

export async function insertContact(
  db: Db,
  c: {
    id: string;
    customerId: string;
    userId: string | null;
    name: string;
    email: string;
    phone: string | null;
    isPrimary: boolean;
    permissions: string[];
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("contacts")
    .values({
      id: c.id,
      customer_id: c.customerId,
      user_id: c.userId,
      name: c.name,
      email: c.email,
      phone: c.phone,
      is_primary: c.isPrimary,
      permissions: c.permissions,
      created_at: c.now,
      updated_at: c.now,
    })
    .execute();
}

export async function findCustomerByCode(db: Db, code: string) {
  return db
    .selectFrom("customers")
    .select(["id", "code", "name"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function findCustomer(db: Db, id: string) {
  return db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listContacts(db: Db, customerId: string) {
  return db
    .selectFrom("contacts")
    .select(["id", "name", "email", "phone", "is_primary", "user_id", "permissions"])
    .where("customer_id", "=", customerId)
    .orderBy("is_primary", "desc")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export interface CustomerListRow {
  id: string;
  code: string;
  kind: "company" | "person";
  name: string;
  country: string;
  created_at: Date;
  email: string | null;
  service_count: bigint;
}

/** Staff search: name or e-mail contains, or exact customer code / tax number; keyset pages by name. */
export async function searchCustomers(
  db: Db,
  filter: {
    q?: string | undefined;
    limit: number;
    after?: { name: string; id: string } | undefined;
  },
): Promise<CustomerListRow[]> {
  let query = db
    .selectFrom("customers as c")
    .leftJoin("contacts as p", (j) =>
      j.onRef("p.customer_id", "=", "c.id").on("p.is_primary", "=", true),
    )
    .select((eb) => [
      "c.id",
      "c.code",
      "c.kind",
      "c.name",
      "c.country",
      "c.created_at",
      "p.email",
      eb
        .selectFrom("services as s")
        .select(eb.fn.countAll<bigint>().as("n"))
        .whereRef("s.customer_id", "=", "c.id")
        .as("service_count"),
    ]);
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["c.name"]), "like", like),
        eb(eb.fn("lower", ["c.legal_name"]), "like", like),
        eb(eb.fn("lower", ["c.code"]), "=", q),
        eb(eb.fn("lower", ["c.tax_number"]), "=", q),
        eb(eb.fn("lower", ["c.eu_vat_number"]), "=", q),
        eb.exists(
          eb
            .selectFrom("contacts as k")
            .select("k.id")
            .whereRef("k.customer_id", "=", "c.id")
            .where(sql<string>`lower(k.email)`, "like", like),
        ),
      ]),
    );
  }
  if (filter.after) {
    const after = filter.after;
    query = query.where((eb) =>
      eb(
        eb.refTuple(sql`lower(c.name)`, "c.id"),
        ">",
        eb.tuple(after.name.toLowerCase(), after.id),
      ),
    );
  }
  const rows = await query
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ ...r, service_count: BigInt(r.service_count ?? 0) }));
}

export async function customerExistsByName(db: Db, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("customers")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.id;
}
