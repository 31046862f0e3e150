import type { BillingCycle, Db, ProductKind } from "../../platform/db/index.ts";

export async function findProductByCode(db: Db, code: string) {
  return db.selectFrom("products").selectAll().where("code", "=", code).executeTakeFirst();
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

// ---------------------------------------------------------------- catalog editing and listing

export async function listProducts(db: Db, f: { activeOnly: boolean; ids?: readonly string[] }) {
  let q = db.selectFrom("products").selectAll();
  if (f.activeOnly) q = q.where("active", "=", true);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where("id", "in", f.ids);
  }
  return q.orderBy("kind").orderBy("name").orderBy("id").execute();
}

export type ProductRow = Awaited<ReturnType<typeof listProducts>>[number];

export async function pricesOfProducts(db: Db, productIds: readonly string[], currency?: string) {
  if (productIds.length === 0) return [];
  let q = db.selectFrom("product_prices").selectAll().where("product_id", "in", productIds);
  if (currency) q = q.where("currency", "=", currency);
  return q.orderBy("product_id").orderBy("currency").orderBy("billing_cycle").execute();
}

export type PriceRow = Awaited<ReturnType<typeof pricesOfProducts>>[number];

export async function lockProduct(tx: Db, id: string) {
  return tx.selectFrom("products").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export interface ProductWrite {
  code: string;
  kind: ProductKind;
  name: string;
  description: string;
  active: boolean;
  tld: string | null;
  freeDomainTlds: string[];
  renewalLeadDays: number | null;
  reminderDays: number[] | null;
  provisioningModule: string | null;
}

export async function insertProductFull(tx: Db, id: string, p: ProductWrite, now: Date) {
  await tx
    .insertInto("products")
    .values({
      id,
      code: p.code,
      kind: p.kind,
      name: p.name,
      description: p.description,
      active: p.active,
      tld: p.tld,
      free_domain_tlds: p.freeDomainTlds,
      renewal_lead_days: p.renewalLeadDays,
      reminder_days: p.reminderDays,
      provisioning_module: p.provisioningModule,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateProductFull(tx: Db, id: string, p: ProductWrite, now: Date) {
  await tx
    .updateTable("products")
    .set({
      code: p.code,
      kind: p.kind,
      name: p.name,
      description: p.description,
      active: p.active,
      tld: p.tld,
      free_domain_tlds: p.freeDomainTlds,
      renewal_lead_days: p.renewalLeadDays,
      reminder_days: p.reminderDays,
      provisioning_module: p.provisioningModule,
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

/** The catalog's prices of a product are replaced; services keep their own (grandfathered). */
export async function replacePrices(
  tx: Db,
  productId: string,
  prices: readonly {
    id: string;
    cycle: BillingCycle;
    currency: string;
    amount: bigint;
    setupFee: bigint;
    registerAmount: bigint | null;
    transferAmount: bigint | null;
  }[],
) {
  await tx.deleteFrom("product_prices").where("product_id", "=", productId).execute();
  if (prices.length === 0) return;
  await tx
    .insertInto("product_prices")
    .values(
      prices.map((p) => ({
        id: p.id,
        product_id: productId,
        billing_cycle: p.cycle,
        currency: p.currency,
        amount: p.amount,
        setup_fee: p.setupFee,
        register_amount: p.registerAmount,
        transfer_amount: p.transferAmount,
      })),
    )
    .execute();
}

export async function productCodeTaken(db: Db, code: string, exceptId: string | null) {
  let q = db.selectFrom("products").select("id").where("code", "=", code);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function activeTldTaken(db: Db, tld: string, exceptId: string | null) {
  let q = db.selectFrom("products").select("id").where("tld", "=", tld).where("active", "=", true);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The currency a customer is billed in (a read of the accounts' table, for price lists). */
export async function customerCurrency(db: Db, customerId: string): Promise<string | null> {
  const row = await db
    .selectFrom("customers")
    .select("currency")
    .where("id", "=", customerId)
    .executeTakeFirst();
  return row?.currency ?? null;
}
