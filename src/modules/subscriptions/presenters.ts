import { z } from "zod";
import { legalDate, moneySchema } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { ServiceListRow } from "./repo.ts";

export const serviceSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    productName: z.string(),
    productKind: z.enum(["hosting", "domain", "software", "ssl", "addon"]),
    label: z.string().nullable().describe("Domain name or host the service is for"),
    status: z.enum(["pending", "active", "suspended", "cancelled", "expired", "terminated"]),
    billingCycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
    price: moneySchema,
    nextDueDate: legalDate.nullable(),
    domain: z.string().nullable(),
    cancelEffectiveDate: legalDate
      .nullable()
      .describe("a pending cancellation: the first day the service is no longer provided"),
    nextCycle: z
      .enum(["monthly", "quarterly", "semiannual", "annual", "biennial"])
      .nullable()
      .describe("a cycle change that applies from the next period"),
    statusReason: z.string().nullable(),
    renewalDocumentId: z
      .string()
      .nullable()
      .describe(
        "the open document whose payment renews the service (its renewal) or releases it (its order)",
      ),
  })
  .meta({ id: "Service" });

export function presentService(row: ServiceListRow): z.infer<typeof serviceSchema> {
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    productKind: row.product_kind,
    label: row.label,
    status: row.status,
    billingCycle: row.billing_cycle,
    price: Money.of(row.price, assertCurrency(row.currency)).toJSON(),
    nextDueDate: row.next_due_date,
    domain: row.domain,
    cancelEffectiveDate: row.cancel_effective_date,
    nextCycle: row.next_cycle,
    statusReason: row.status_reason,
    renewalDocumentId: row.renewal_document_id ?? row.order_document_id ?? null,
  };
}
