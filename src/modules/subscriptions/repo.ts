import type { BillingCycle, Db, ServiceStatus } from "../../platform/db/index.ts";

const serviceColumns = [
  "s.id",
  "s.customer_id",
  "s.product_id",
  "s.domain",
  "s.cancel_effective_date",
  "s.next_cycle",
  "s.status_reason",
  "s.label",
  "s.status",
  "s.billing_cycle",
  "s.currency",
  "s.price",
  "s.next_due_date",
  "s.start_date",
  "p.name as product_name",
  "p.kind as product_kind",
] as const;

/**
 * Services with their product, and the open document whose payment renews (the renewal of the
 * current due date) or releases (the order's proforma of a pending service) the service.
 */
function servicesOf(db: Db) {
  return db
    .selectFrom("services as s")
    .innerJoin("products as p", "p.id", "s.product_id")
    .select(serviceColumns)
    .select((eb) =>
      eb
        .selectFrom("service_renewals as rn")
        .innerJoin("documents as d", "d.id", "rn.document_id")
        .select("d.id")
        .whereRef("rn.service_id", "=", "s.id")
        .whereRef("rn.period_from", "=", "s.next_due_date")
        .where("d.status", "=", "open")
        .limit(1)
        .as("renewal_document_id"),
    )
    .select((eb) =>
      eb
        .selectFrom("orders as o")
        .innerJoin("documents as od", "od.id", "o.document_id")
        .select("od.id")
        .whereRef("o.id", "=", "s.order_id")
        .where("od.status", "=", "open")
        .as("order_document_id"),
    );
}

export type ServiceListRow = Awaited<ReturnType<typeof listServicesOfCustomer>>[number];

export async function listServicesOfCustomer(db: Db, customerId: string) {
  return servicesOf(db)
    .where("s.customer_id", "=", customerId)
    .orderBy("s.created_at")
    .orderBy("s.id")
    .execute();
}

/** A service of this customer; someone else's service is indistinguishable from none. */
export async function findServiceOfCustomer(db: Db, customerId: string, id: string) {
  return servicesOf(db)
    .where("s.customer_id", "=", customerId)
    .where("s.id", "=", id)
    .executeTakeFirst();
}

export async function insertService(
  db: Db,
  s: {
    id: string;
    customerId: string;
    productId: string;
    label: string | null;
    status: ServiceStatus;
    cycle: BillingCycle;
    currency: string;
    price: bigint;
    startDate: string;
    nextDueDate: string | null;
    domain: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("services")
    .values({
      id: s.id,
      customer_id: s.customerId,
      product_id: s.productId,
      label: s.label,
      status: s.status,
      billing_cycle: s.cycle,
      currency: s.currency,
      price: s.price,
      start_date: s.startDate,
      next_due_date: s.nextDueDate,
      domain: s.domain,
      created_at: s.now,
      updated_at: s.now,
    })
    .execute();
}

/** A service's row, locked until the transaction ends. */
export async function lockService(tx: Db, id: string) {
  return tx.selectFrom("services").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function updateServiceAfterPayment(
  tx: Db,
  id: string,
  s: { status: ServiceStatus; nextDueDate: string | null; now: Date },
): Promise<void> {
  await tx
    .updateTable("services")
    .set({ status: s.status, next_due_date: s.nextDueDate, updated_at: s.now })
    .where("id", "=", id)
    .execute();
}

export async function listServicesForStaff(
  db: Db,
  f: { status?: ServiceStatus; q?: string; after?: string; limit: number },
) {
  let q = db
    .selectFrom("services as s")
    .innerJoin("products as p", "p.id", "s.product_id")
    .innerJoin("customers as c", "c.id", "s.customer_id")
    .select([
      "s.id",
      "s.customer_id",
      "c.name as customer_name",
      "p.name as product_name",
      "s.label",
      "s.domain",
      "s.status",
      "s.billing_cycle",
      "s.price",
      "s.currency",
      "s.next_due_date",
      "s.cancel_effective_date",
      "s.status_reason",
    ]);
  if (f.status) q = q.where("s.status", "=", f.status);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["s.domain"]), "like", like),
        eb(eb.fn("lower", ["s.label"]), "like", like),
        eb(eb.fn("lower", ["c.name"]), "like", like),
      ]),
    );
  }
  if (f.after) q = q.where("s.id", "<", f.after);
  return q.orderBy("s.id", "desc").limit(f.limit).execute();
}

export async function setServicePrice(tx: Db, id: string, price: bigint, now: Date) {
  await tx.updateTable("services").set({ price, updated_at: now }).where("id", "=", id).execute();
}
