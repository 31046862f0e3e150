import type { CatalogPrice, CatalogProduct, DomainAction, OrderInput } from "./types";
import { isZero, sumDecimals } from "./money";

/** The domain part of an order: a name to register, transfer, or use as it is. */
export interface DomainChoice {
  /** ASCII form as the availability check gave it (punycode for IDN). */
  name: string;
  /** For display. */
  unicode: string;
  action: DomainAction;
  authCode?: string;
}

/** What the customer is ordering: a plan (or a domain alone) and its domain. */
export interface Cart {
  /** null: a domain alone (its product follows from the TLD). */
  product: CatalogProduct | null;
  cycle: CatalogPrice["cycle"];
  domain: DomainChoice | null;
}

export interface CartLine {
  key: string;
  kind: "plan" | "setup" | "domain";
  product: CatalogProduct;
  cycle: CatalogPrice["cycle"] | null;
  amount: string;
  currency: string;
  /** The plan includes the domain's first year. */
  free: boolean;
}

/** Products that need a domain name to be set up. */
export function needsDomain(product: CatalogProduct | null): boolean {
  return product === null || product.kind === "hosting" || product.kind === "domain";
}

/** The TLD of a name among the ones sold ("kapu.co.hu" → "co.hu" when that is sold). */
export function domainProductFor(
  name: string,
  catalog: readonly CatalogProduct[],
): CatalogProduct | undefined {
  const lower = name.toLowerCase();
  return catalog
    .filter((product) => product.kind === "domain" && product.tld !== null)
    .filter((product) => lower.endsWith(`.${product.tld ?? ""}`))
    .sort((a, b) => (b.tld ?? "").length - (a.tld ?? "").length)[0];
}

/** Plans billed yearly include their free domain; monthly and quarterly ones do not. */
export function isYearly(cycle: CatalogPrice["cycle"]): boolean {
  return cycle === "annual" || cycle === "biennial";
}

/**
 * Is the domain's first year included in the plan? For a hosting plan billed yearly that lists
 * the TLD, when the name is registered (a transfer is never the free one) — the server's rule.
 */
export function isFreeWith(
  plan: CatalogProduct | null,
  cycle: CatalogPrice["cycle"],
  tld: string | null,
  action: DomainAction,
): boolean {
  return (
    plan !== null &&
    plan.kind === "hosting" &&
    isYearly(cycle) &&
    action === "register" &&
    tld !== null &&
    plan.freeDomainTlds.includes(tld)
  );
}

/** The first year of a domain: the register or transfer price, else its renewal price. */
export function domainPrice(
  product: CatalogProduct,
  action: DomainAction,
): CatalogPrice | undefined {
  const price =
    product.prices.find((candidate) => candidate.cycle === "annual") ?? product.prices[0];
  if (price === undefined) return undefined;
  const amount =
    action === "transfer"
      ? (price.transferAmount ?? price.amount)
      : (price.registerAmount ?? price.amount);
  return { ...price, amount };
}

/** The lines of the review, as the proforma will have them (net, before VAT). */
export function cartLines(cart: Cart, catalog: readonly CatalogProduct[]): CartLine[] {
  const lines: CartLine[] = [];
  const plan = cart.product;
  if (plan !== null && plan.kind !== "domain") {
    const price = plan.prices.find((candidate) => candidate.cycle === cart.cycle);
    if (price) {
      lines.push({
        key: "plan",
        kind: "plan",
        product: plan,
        cycle: cart.cycle,
        amount: price.amount,
        currency: price.currency,
        free: false,
      });
      if (!isZero(price.setupFee)) {
        lines.push({
          key: "setup",
          kind: "setup",
          product: plan,
          cycle: null,
          amount: price.setupFee,
          currency: price.currency,
          free: false,
        });
      }
    }
  }
  const domain = cart.domain;
  if (domain !== null && domain.action !== "existing") {
    const product = domainProductFor(domain.name, catalog);
    const price = product ? domainPrice(product, domain.action) : undefined;
    if (product && price) {
      const free = isFreeWith(plan, cart.cycle, product.tld, domain.action);
      lines.push({
        key: "domain",
        kind: "domain",
        product,
        cycle: "annual",
        amount: free ? "0.00" : price.amount,
        currency: price.currency,
        free,
      });
    }
  }
  return lines;
}

export function cartTotal(lines: readonly CartLine[]): { amount: string; currency: string } | null {
  const first = lines[0];
  if (first === undefined) return null;
  return { amount: sumDecimals(lines.map((line) => line.amount)), currency: first.currency };
}

/**
 * The order as the API takes it: the plan (with its domain name as "existing" when it has one)
 * and, when a name is registered or transferred, the domain product of its TLD as an item of its
 * own. null when the domain's TLD is not sold.
 */
export function orderBody(cart: Cart, catalog: readonly CatalogProduct[]): OrderInput | null {
  const items: OrderInput["items"] = [];
  const domain = cart.domain;
  if (cart.product !== null) {
    items.push({
      productId: cart.product.id,
      cycle: cart.cycle,
      ...(domain !== null && cart.product.kind !== "domain"
        ? { domain: { name: domain.name, action: "existing" as const } }
        : {}),
    });
  }
  if (domain !== null && domain.action !== "existing") {
    const product = domainProductFor(domain.name, catalog);
    if (product === undefined) return null;
    items.push({
      productId: product.id,
      cycle: "annual",
      domain: {
        name: domain.name,
        action: domain.action,
        ...(domain.authCode ? { authCode: domain.authCode } : {}),
      },
    });
  }
  return items.length === 0 ? null : { items };
}
