import { z } from "zod";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { PriceRow, ProductRow } from "./repo.ts";

const decimal = z.string().describe('decimal in major units, e.g. "1490.00"');

export const catalogPriceSchema = z
  .object({
    cycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
    currency: z.string().length(3),
    amount: decimal.describe("the price per cycle (for a domain: the renewal)"),
    setupFee: decimal,
    registerAmount: decimal.nullable().describe("domains: first year when registering"),
    transferAmount: decimal.nullable().describe("domains: first year when transferring"),
  })
  .meta({ id: "CatalogPrice" });

export const catalogProductSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(["hosting", "domain", "software", "ssl", "addon"]),
    name: z.string(),
    description: z.string(),
    tld: z.string().nullable().describe("domain products: the TLD they price"),
    freeDomainTlds: z.array(z.string()).describe("hosting plans: TLDs whose first year is free"),
    prices: z.array(catalogPriceSchema),
  })
  .meta({ id: "CatalogProduct" });

export const staffProductSchema = catalogProductSchema
  .extend({
    active: z.boolean(),
    renewalLeadDays: z.number().int().nullable(),
    reminderDays: z.array(z.number().int()).nullable(),
    provisioningModule: z.string().nullable(),
  })
  .meta({ id: "StaffProduct" });

const dec = (minor: bigint | null, currency: string) =>
  minor === null ? null : Money.of(minor, assertCurrency(currency)).toDecimalString();

export function presentPrice(p: PriceRow): z.infer<typeof catalogPriceSchema> {
  return {
    cycle: p.billing_cycle,
    currency: p.currency,
    amount: dec(p.amount, p.currency)!,
    setupFee: dec(p.setup_fee, p.currency)!,
    registerAmount: dec(p.register_amount, p.currency),
    transferAmount: dec(p.transfer_amount, p.currency),
  };
}

export function presentProduct(p: ProductRow, prices: readonly PriceRow[]) {
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    name: p.name,
    description: p.description,
    tld: p.tld,
    freeDomainTlds: p.free_domain_tlds,
    prices: prices.filter((x) => x.product_id === p.id).map(presentPrice),
  };
}

export function presentStaffProduct(
  p: ProductRow,
  prices: readonly PriceRow[],
): z.infer<typeof staffProductSchema> {
  return {
    ...presentProduct(p, prices),
    active: p.active,
    renewalLeadDays: p.renewal_lead_days,
    reminderDays: p.reminder_days,
    provisioningModule: p.provisioning_module,
  };
}
