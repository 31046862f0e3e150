import type { BillingCycle, Db, ProductKind } from "../../platform/db/index.ts";

export async function findProductByCode(db: Db, code: string) {
  return db.selectFrom("products").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function insertProduct(
  db: Db,
  p: { id: string; code: string; kind: ProductKind; name: string; description: string; now: Date },
): Promise<void> {
  await db
    .insertInto("products")
    .values({
      id: p.id,
      code: p.code,
      kind: p.kind,
      name: p.name,
      description: p.description,
      created_at: p.now,
      updated_at: p.now,
    })
    .execute();
}

export async function insertPrice(
  db: Db,
  p: {
    id: string;
    productId: string;
    cycle: BillingCycle;
    currency: string;
    amount: bigint;
    setupFee: bigint;
  },
): Promise<void> {
  await db
    .insertInto("product_prices")
    .values({
      id: p.id,
      product_id: p.productId,
      billing_cycle: p.cycle,
      currency: p.currency,
      amount: p.amount,
      setup_fee: p.setupFee,
    })
    .execute();
}

export async function findPrice(db: Db, productId: string, cycle: BillingCycle, currency: string) {
  return db
    .selectFrom("product_prices")
    .selectAll()
    .where("product_id", "=", productId)
    .where("billing_cycle", "=", cycle)
    .where("currency", "=", currency)
    .executeTakeFirst();
}
