import type { Deps } from "../../platform/context.ts";
import type { Actor } from "../../platform/audit.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { BillingCycle, Db, ProductKind } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { Money, type CurrencyCode } from "../../platform/money/index.ts";
import { findPrice, findProductByCode, insertPrice, insertProduct } from "./repo.ts";

export { registerCatalogRoutes } from "./routes.ts";
export { saveProduct, type ProductInput as CatalogProductInput } from "./use-cases/save-product.ts";
export {
  activeDomainProductByTld,
  listProducts,
  pricesOfProducts,
  type PriceRow,
  type ProductRow,
} from "./repo.ts";

export interface ProductInput {
  code: string;
  kind: ProductKind;
  name: string;
  description?: string;
  prices: { cycle: BillingCycle; price: Money; setupFee?: Money }[];
}

/** Adds a product with its prices, or returns the existing one with the same code. */
export async function ensureProduct(
  deps: Pick<Deps, "db" | "clock">,
  input: ProductInput,
  actor: Actor,
): Promise<{ id: string; created: boolean }> {
  return deps.db.transaction().execute(async (tx) => {
    const existing = await findProductByCode(tx, input.code);
    if (existing) return { id: existing.id, created: false };
    const now = deps.clock.now();
    const id = newId("prd", now.getTime());
    await insertProduct(tx, {
      id,
      code: input.code,
      kind: input.kind,
      name: input.name,
      description: input.description ?? "",
      now,
    });
    for (const p of input.prices) {
      await insertPrice(tx, {
        id: newId("prc", now.getTime()),
        productId: id,
        cycle: p.cycle,
        currency: p.price.currency,
        amount: p.price.minor,
        setupFee: p.setupFee?.minor ?? 0n,
      });
    }
    await writeAudit(tx, deps.clock, actor, {
      action: "catalog.product_created",
      subjectType: "product",
      subjectId: id,
      data: { code: input.code },
    });
    return { id, created: true };
  });
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
