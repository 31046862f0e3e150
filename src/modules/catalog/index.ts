import type { Deps } from "../../platform/context.ts";
import type { Actor } from "../../platform/audit.ts";
import type { BillingCycle, Db } from "../../platform/db/index.ts";
import { Money, type CurrencyCode } from "../../platform/money/index.ts";
import { findPrice, findProductByCode } from "./repo.ts";
import { saveProduct, type ProductInput as SaveProductInput } from "./use-cases/save-product.ts";

export { registerCatalogRoutes } from "./routes.ts";
export { saveProduct, type ProductInput as CatalogProductInput } from "./use-cases/save-product.ts";
export { listProducts, pricesOfProducts, type PriceRow, type ProductRow } from "./repo.ts";

/**
 * Adds a product with its prices (saveProduct), or returns the existing one with the same code
 * untouched: for the demo data and tests, which must be safe to load twice.
 */
export async function ensureProduct(
  deps: Pick<Deps, "db" | "clock">,
  input: SaveProductInput,
  actor: Actor,
): Promise<{ id: string; created: boolean }> {
  const existing = await findProductByCode(deps.db, input.code);
  if (existing) return { id: existing.id, created: false };
  return { id: await saveProduct(deps, null, input, actor), created: true };
}

export async function catalogPrice(
  db: Db,
  productId: string,
  cycle: BillingCycle,
  currency: CurrencyCode,
): Promise<Money | null> {
  const row = await findPrice(db, productId, cycle, currency);
  return row ? Money.of(row.amount, currency) : null;
}
