import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { OrderItemJson } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { Money, assertCurrency } from "../../../platform/money/index.ts";
import {
  billingDataGapsOf,
  findCustomerForBilling,
  findDocument,
  issueDocument,
} from "../../billing/index.ts";
import { listProducts, pricesOfProducts } from "../../catalog/index.ts";
import { parseDomainName, RegistrarError, type Registrar } from "../../domains/index.ts";
import { addService, servicePeriod } from "../../subscriptions/index.ts";
import { OrderPricingError, priceOrder, type Cycle, type OrderItem } from "../domain/pricing.ts";
import { findOrderByKey, insertOrder, linkServicesToOrder } from "../repo.ts";

export interface OrderRequest {
  items: {
    productId: string;
    cycle: Cycle;
    domain?: { name: string; action: "register" | "transfer" | "existing"; authCode?: string };
  }[];
}

export interface PlacedOrder {
  id: string;
  documentId: string;
  documentNumber: string;
  total: Money;
  services: { id: string; product: string; name: string | null }[];
  created: boolean;
}

const at = (index: number, code: string, message: string, status: 400 | 409 = 400) =>
  new AppError(code, status, message, { errors: [{ path: `items.${index}`, message }] });

/**
 * An order (B2): the services the customer picked, pending, and one proforma asking for them.
 * Before anything is written: the catalog prices it (domain/pricing.ts), domain names are
 * checked (rules, then the registry: a register needs a free name, a transfer a taken one) and
 * the billing data must be complete (the invoice is issued with it). Paying the proforma — by
 * card at once, or by transfer when matched — releases the services, which starts their
 * provisioning. An Idempotency-Key makes a double submit return the first order.
 */
export async function placeOrder(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  registrar: Registrar,
  input: { customerId: string; request: OrderRequest; idempotencyKey: string | null },
  actor: Actor,
): Promise<PlacedOrder> {
  const { customerId, request, idempotencyKey } = input;
  if (idempotencyKey) {
    const existing = await findOrderByKey(deps.db, customerId, idempotencyKey);
    if (existing) return placedOf(deps, existing.id, existing.document_id, existing.items, false);
  }
  const customer = await findCustomerForBilling(deps.db, customerId);
  if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
  const currency = assertCurrency(customer.currency);
  const ids = [...new Set(request.items.map((i) => i.productId))];
  const products = await listProducts(deps.db, { activeOnly: true, ids });
  const prices = await pricesOfProducts(deps.db, ids, currency);

  const items: OrderItem[] = request.items.map((it, i) => {
    const p = products.find((x) => x.id === it.productId);
    if (!p) throw at(i, "orders.unknown_product", "This product cannot be ordered.");
    let domain: OrderItem["domain"] = null;
    if (it.domain) {
      const tlds =
        p.kind === "domain" && p.tld ? [p.tld] : candidateTlds(it.domain.name, deps.config);
      const parsed = parseDomainName(it.domain.name, tlds);
      if (!parsed.ok) throw at(i, parsed.code, parsed.message);
      domain = {
        name: parsed.ascii,
        unicode: parsed.unicode,
        tld: parsed.tld,
        action: it.domain.action,
      };
    }
    return {
      product: {
        id: p.id,
        kind: p.kind,
        name: p.name,
        tld: p.tld,
        freeDomainTlds: p.free_domain_tlds,
        prices: prices
          .filter((x) => x.product_id === p.id)
          .map((x) => ({
            cycle: x.billing_cycle,
            amount: x.amount,
            setupFee: x.setup_fee,
            registerAmount: x.register_amount,
            transferAmount: x.transfer_amount,
          })),
      },
      cycle: it.cycle,
      domain,
    };
  });
  let priced;
  try {
    priced = priceOrder(items);
  } catch (error) {
    if (error instanceof OrderPricingError) throw at(error.index, error.code, error.message);
    throw error;
  }
  await checkRegistry(registrar, items);
  const gaps = await billingDataGapsOf(deps.db, customerId);
  if (gaps.length > 0)
    throw new AppError(
      "orders.billing_data_incomplete",
      409,
      "Complete your billing data before ordering: the invoice is issued with it.",
      { errors: gaps.map((g) => ({ path: g, message: "required" })) },
    );

  const today = localDate(deps.clock.now(), deps.config.timeZone);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const services: { id: string; data: Record<string, string> }[] = [];
    const lines = [];
    const json: OrderItemJson[] = [];
    for (const [i, item] of items.entries()) {
      const price = priced[i]!;
      const name = item.domain?.name ?? null;
      const shown = item.domain?.unicode ?? null;
      const serviceId = await addService(
        tx,
        deps,
        {
          customerId,
          productId: item.product.id,
          label: shown,
          domain: name,
          status: "pending",
          cycle: item.cycle,
          price: Money.of(price.renewalPrice, currency),
          startDate: today,
          nextDueDate: null,
        },
        actor,
      );
      const rawDomain = request.items[i]!.domain;
      services.push({
        id: serviceId,
        data: item.domain
          ? {
              domainAction: item.domain.action,
              ...(rawDomain?.authCode ? { authCode: rawDomain.authCode } : {}),
            }
          : {},
      });
      const period = item.cycle === "one_time" ? null : servicePeriod(today, item.cycle, today);
      const description = lineText(item, price.free, customer.language === "en" ? "en" : "hu");
      lines.push({
        description,
        quantity: "1",
        unit: "piece" as const,
        unitPrice: Money.of(price.firstPrice, currency),
        serviceId,
        productId: item.product.id,
        periodFrom: period?.from ?? null,
        periodTo: period?.to ?? null,
      });
      if (price.setupFee > 0n)
        lines.push({
          description: `${customer.language === "en" ? "Setup fee" : "Beállítási díj"} — ${item.product.name}`,
          quantity: "1",
          unit: "piece" as const,
          unitPrice: Money.of(price.setupFee, currency),
          serviceId,
          productId: item.product.id,
        });
      json.push({
        productId: item.product.id,
        product: item.product.name,
        cycle: item.cycle,
        serviceId,
        name: shown,
        domainAction: item.domain?.action ?? null,
        free: price.free,
      });
    }
    const doc = await issueDocument(
      tx,
      deps,
      { kind: "proforma", customerId, currency: currency, lines },
      actor,
    );
    const id = newId("ord", now.getTime());
    await insertOrder(tx, {
      id,
      customerId,
      documentId: doc.id,
      idempotencyKey,
      items: json,
      now,
      createdBy: actor.type === "user" ? actor.userId : actor.name,
    });
    await linkServicesToOrder(tx, id, services);
    await writeAudit(tx, deps.clock, actor, {
      action: "order.placed",
      subjectType: "order",
      subjectId: id,
      customerId,
      data: { document: doc.number, items: json },
    });
    return {
      id,
      documentId: doc.id,
      documentNumber: doc.number,
      total: doc.gross,
      services: json.map((j) => ({ id: j.serviceId, product: j.product, name: j.name })),
      created: true,
    };
  });
}

async function placedOf(
  deps: Pick<Deps, "db">,
  id: string,
  documentId: string,
  items: OrderItemJson[],
  created: boolean,
): Promise<PlacedOrder> {
  const doc = await findDocument(deps.db, documentId);
  if (!doc) throw new Error(`Order ${id} names a missing document ${documentId}`);
  return {
    id,
    documentId,
    documentNumber: doc.number,
    total: Money.of(doc.gross_total, assertCurrency(doc.currency)),
    services: items.map((j) => ({ id: j.serviceId, product: j.product, name: j.name })),
    created,
  };
}

/** The TLDs a name for an existing (elsewhere hosted) domain may end in: its own endings. */
function candidateTlds(name: string, config: Deps["config"]): string[] {
  const labels = name.trim().toLowerCase().replace(/\.$/, "").split(".");
  const own = labels.slice(1).map((_, k) => labels.slice(k + 1).join("."));
  return [...new Set([...config.registrar.tlds, ...own])];
}

/** A register needs a free name, a transfer a registered one: asked of the registry. */
async function checkRegistry(registrar: Registrar, items: readonly OrderItem[]): Promise<void> {
  const asked = items.flatMap((it, i) =>
    it.product.kind === "domain" && it.domain && it.domain.action !== "existing"
      ? [{ i, name: it.domain.name, action: it.domain.action }]
      : [],
  );
  if (asked.length === 0) return;
  let results;
  try {
    results = await registrar.checkAvailability(asked.map((a) => a.name));
  } catch (error) {
    if (error instanceof RegistrarError)
      throw new AppError(
        "domains.registry_unavailable",
        503,
        "The domain registry cannot be reached just now; try again in a few minutes.",
      );
    throw error;
  }
  for (const a of asked) {
    const status = results.find((r) => r.name === a.name)?.status ?? "unknown";
    if (a.action === "register" && status !== "available")
      throw at(
        a.i,
        "orders.domain_not_available",
        `${a.name} is not available for registration (${status}).`,
        409,
      );
    if (a.action === "transfer" && status !== "registered")
      throw at(
        a.i,
        "orders.domain_not_registered",
        `${a.name} is not registered anywhere, so it cannot be transferred; register it instead.`,
        409,
      );
  }
}

function lineText(item: OrderItem, free: boolean, lang: "hu" | "en"): string {
  const name = item.domain?.unicode;
  const base = name ? `${item.product.name} — ${name}` : item.product.name;
  if (item.product.kind !== "domain") return base;
  const action =
    item.domain?.action === "transfer"
      ? lang === "en"
        ? "transfer"
        : "átregisztráció"
      : lang === "en"
        ? "registration"
        : "regisztráció";
  const freeText = free ? (lang === "en" ? ", included with the plan" : ", a csomag része") : "";
  return `${base} (${action}${freeText})`;
}
