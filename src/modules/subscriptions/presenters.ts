import { z } from "zod";
import { legalDate, moneySchema } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { ServiceListRow } from "./repo.ts";

export const serviceSchema = z
  .object({
    id: z.string(),
    productName: z.string(),
    productKind: z.enum(["hosting", "domain", "software", "ssl", "addon"]),
    label: z.string().nullable().describe("Domain name or host the service is for"),
    status: z.enum(["pending", "active", "suspended", "cancelled", "expired", "terminated"]),
    billingCycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
    price: moneySchema,
    nextDueDate: legalDate.nullable(),
  })
  .meta({ id: "Service" });

export function presentService(row: ServiceListRow): z.infer<typeof serviceSchema> {
  return {
    id: row.id,
    productName: row.product_name,
    productKind: row.product_kind,
    label: row.label,
    status: row.status,
    billingCycle: row.billing_cycle,
    price: Money.of(row.price, assertCurrency(row.currency)).toJSON(),
    nextDueDate: row.next_due_date,
  };
}
