import type { Db, OrderItemJson } from "../../platform/db/index.ts";

export async function findOrderByKey(db: Db, customerId: string, key: string) {
  return db
    .selectFrom("orders")
    .selectAll()
    .where("customer_id", "=", customerId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function insertOrder(
  tx: Db,
  o: {
    id: string;
    customerId: string;
    documentId: string;
    idempotencyKey: string | null;
    items: OrderItemJson[];
    now: Date;
    createdBy: string | null;
  },
): Promise<void> {
  await tx
    .insertInto("orders")
    .values({
      id: o.id,
      customer_id: o.customerId,
      document_id: o.documentId,
      idempotency_key: o.idempotencyKey,
      items: JSON.stringify(o.items),
      created_at: o.now,
      created_by: o.createdBy,
    })
    .execute();
}

export async function linkServicesToOrder(
  tx: Db,
  orderId: string,
  services: readonly { id: string; data: Record<string, string> }[],
): Promise<void> {
  for (const s of services)
    await tx
      .updateTable("services")
      .set({ order_id: orderId, provisioning_data: JSON.stringify(s.data) })
      .where("id", "=", s.id)
      .execute();
}

export async function ordersOfCustomer(db: Db, customerId: string, limit: number) {
  return db
    .selectFrom("orders as o")
    .innerJoin("documents as d", "d.id", "o.document_id")
    .select([
      "o.id",
      "o.created_at",
      "o.items",
      "d.id as document_id",
      "d.number as document_number",
      "d.status as document_status",
      "d.gross_total",
      "d.currency",
    ])
    .where("o.customer_id", "=", customerId)
    .orderBy("o.created_at", "desc")
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
}

export type OrderListRow = Awaited<ReturnType<typeof ordersOfCustomer>>[number];
