import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { BillingCycle, ProductKind } from "../../../platform/db/index.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { Money, assertCurrency } from "../../../platform/money/index.ts";
import { findModule } from "../../provisioning/index.ts";
import {
  activeTldTaken,
  insertProductFull,
  lockProduct,
  productCodeTaken,
  replacePrices,
  updateProductFull,
  type ProductWrite,
} from "../repo.ts";

export interface ProductInput {
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
  prices: {
    cycle: BillingCycle;
    currency: string;
    amount: string;
    setupFee: string;
    registerAmount: string | null;
    transferAmount: string | null;
  }[];
}

const bad = (code: string, message: string, path: string) =>
  new AppError(code, 400, message, { errors: [{ path, message }] });

/** Checks a product as staff typed it; the prices in minor units. */
function checked(input: ProductInput) {
  const tld = input.tld?.trim().toLowerCase().replace(/^\./, "") || null;
  if (input.kind === "domain" && !tld)
    throw bad("catalog.tld_required", "A domain product prices one TLD, e.g. hu.", "tld");
  if (input.kind !== "domain" && tld)
    throw bad("catalog.tld_only_for_domains", "Only domain products have a TLD.", "tld");
  const free = [
    ...new Set(input.freeDomainTlds.map((t) => t.trim().toLowerCase().replace(/^\./, ""))),
  ];
  if (free.length > 0 && input.kind !== "hosting")
    throw bad(
      "catalog.free_domain_only_for_hosting",
      "Only hosting plans include a free domain.",
      "freeDomainTlds",
    );
  if (input.provisioningModule !== null && !findModule(input.provisioningModule))
    throw bad(
      "catalog.unknown_module",
      `There is no provisioning module called ${input.provisioningModule}.`,
      "provisioningModule",
    );
  const seen = new Set<string>();
  const prices = input.prices.map((p, i) => {
    const key = `${p.cycle}/${p.currency}`;
    if (seen.has(key))
      throw bad(
        "catalog.duplicate_price",
        `Two ${p.cycle} prices in ${p.currency}.`,
        `prices.${i}`,
      );
    seen.add(key);
    let currency;
    try {
      currency = assertCurrency(p.currency);
    } catch {
      throw bad(
        "catalog.invalid_currency",
        `Unknown currency ${p.currency}.`,
        `prices.${i}.currency`,
      );
    }
    const minor = (value: string | null, field: string): bigint | null => {
      if (value === null) return null;
      try {
        const m = Money.parse(value, currency);
        if (m.minor < 0n) throw new Error("negative");
        return m.minor;
      } catch {
        throw bad(
          "catalog.invalid_amount",
          `${value} is not an amount in ${currency} (e.g. 1490.00).`,
          `prices.${i}.${field}`,
        );
      }
    };
    if (input.kind !== "domain" && (p.registerAmount !== null || p.transferAmount !== null))
      throw bad(
        "catalog.domain_amounts_only_for_domains",
        "Register and transfer prices belong to domain products.",
        `prices.${i}`,
      );
    return {
      id: "",
      cycle: p.cycle,
      currency,
      amount: minor(p.amount, "amount")!,
      setupFee: minor(p.setupFee, "setupFee")!,
      registerAmount: minor(p.registerAmount, "registerAmount"),
      transferAmount: minor(p.transferAmount, "transferAmount"),
    };
  });
  const product: ProductWrite = {
    code: input.code,
    kind: input.kind,
    name: input.name.trim(),
    description: input.description.trim(),
    active: input.active,
    tld,
    freeDomainTlds: free,
    renewalLeadDays: input.renewalLeadDays,
    reminderDays: input.reminderDays
      ? [...new Set(input.reminderDays)].sort((a, b) => b - a)
      : null,
    provisioningModule: input.provisioningModule,
  };
  return { product, prices };
}

/**
 * Creates (id null) or changes a catalog product with its prices (B1). Services keep the price
 * they were sold at: only new orders and cycle changes take the catalog's new prices.
 */
export async function saveProduct(
  deps: Pick<Deps, "db" | "clock">,
  id: string | null,
  input: ProductInput,
  actor: Actor,
): Promise<string> {
  const { product, prices } = checked(input);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    if (id !== null && !(await lockProduct(tx, id))) throw errors.notFound("product");
    if (await productCodeTaken(tx, product.code, id))
      throw new AppError(
        "catalog.code_taken",
        409,
        `Another product has the code ${product.code}.`,
      );
    if (product.tld && product.active && (await activeTldTaken(tx, product.tld, id)))
      throw new AppError(
        "catalog.tld_taken",
        409,
        `Another active product already prices .${product.tld}.`,
      );
    const productId = id ?? newId("prd", now.getTime());
    if (id === null) await insertProductFull(tx, productId, product, now);
    else await updateProductFull(tx, productId, product, now);
    await replacePrices(
      tx,
      productId,
      prices.map((p) => ({ ...p, id: newId("prc", now.getTime()) })),
    );
    await writeAudit(tx, deps.clock, actor, {
      action: id === null ? "catalog.product_created" : "catalog.product_changed",
      subjectType: "product",
      subjectId: productId,
      data: { ...product, prices: input.prices },
    });
    return productId;
  });
}
