/**
 * Pricing an order (B1–B2), pure: which lines the order's proforma has and what each service
 * will renew at.
 * - every item needs the catalog's price for its cycle in the customer's currency;
 * - a domain's first year is its register or transfer price (the renewal price when none);
 * - a hosting plan billed yearly (annual, biennial) that includes free domains of some TLDs makes
 *   the first period of one such domain in the same order free (one per plan); it renews at the
 *   TLD's normal price;
 * - a setup fee is a line of its own, billed once.
 */
export type Cycle = "monthly" | "quarterly" | "semiannual" | "annual" | "biennial" | "one_time";

export interface PricedProduct {
  id: string;
  kind: "hosting" | "domain" | "software" | "ssl" | "addon";
  name: string;
  tld: string | null;
  freeDomainTlds: readonly string[];
  prices: readonly {
    cycle: Cycle;
    amount: bigint;
    setupFee: bigint;
    registerAmount: bigint | null;
    transferAmount: bigint | null;
  }[];
}

export interface OrderItem {
  product: PricedProduct;
  cycle: Cycle;
  domain: {
    /** ASCII (punycode) form, as the registry knows it. */
    name: string;
    /** As the customer reads it (IDN). */
    unicode?: string;
    tld: string;
    action: "register" | "transfer" | "existing";
  } | null;
}

export interface PricedItem {
  /** The first period's price. */
  firstPrice: bigint;
  /** What the service renews at (its own, grandfathered price). */
  renewalPrice: bigint;
  setupFee: bigint;
  free: boolean;
}

export class OrderPricingError extends Error {
  readonly code: string;
  readonly index: number;
  constructor(code: string, index: number, message: string) {
    super(message);
    this.name = "OrderPricingError";
    this.code = code;
    this.index = index;
  }
}

const YEARLY: readonly Cycle[] = ["annual", "biennial"];

export function priceOrder(items: readonly OrderItem[]): PricedItem[] {
  const priced = items.map((item, i): PricedItem => {
    const { product, cycle, domain } = item;
    const price = product.prices.find((p) => p.cycle === cycle);
    if (!price)
      throw new OrderPricingError(
        "orders.price_not_offered",
        i,
        `${product.name} is not offered with a ${cycle} cycle.`,
      );
    if (product.kind === "domain") {
      if (!domain || domain.action === "existing")
        throw new OrderPricingError(
          "orders.domain_required",
          i,
          `${product.name} needs the domain name to register or transfer.`,
        );
      if (domain.tld !== product.tld)
        throw new OrderPricingError(
          "orders.tld_mismatch",
          i,
          `${domain.name} is not a .${product.tld ?? "?"} name.`,
        );
    }
    const first =
      product.kind === "domain" && domain?.action === "register"
        ? (price.registerAmount ?? price.amount)
        : product.kind === "domain" && domain?.action === "transfer"
          ? (price.transferAmount ?? price.amount)
          : price.amount;
    return { firstPrice: first, renewalPrice: price.amount, setupFee: price.setupFee, free: false };
  });
  // Free domains: each yearly plan that includes a TLD frees one domain of it in the order.
  const used = new Set<number>();
  items.forEach((plan) => {
    if (plan.product.kind !== "hosting" || !YEARLY.includes(plan.cycle)) return;
    const k = items.findIndex(
      (d, j) =>
        !used.has(j) &&
        d.product.kind === "domain" &&
        d.domain?.action === "register" &&
        plan.product.freeDomainTlds.includes(d.domain.tld),
    );
    if (k < 0) return;
    used.add(k);
    priced[k] = { ...priced[k]!, firstPrice: 0n, free: true };
  });
  return priced;
}
