import type { Db } from "../../platform/db/index.ts";
import type { NotificationType } from "../notifications/index.ts";

/** SQL of the account settings: billing data (customers) and notification addresses. */

const BILLING_COLUMNS = [
  "id",
  "kind",
  "legal_name",
  "country",
  "postal_code",
  "city",
  "address_line",
  "tax_number",
  "eu_vat_number",
  "einvoice_scheme",
  "einvoice_id",
  "einvoice_operator",
  "language",
  "currency",
  "updated_at",
] as const;

export async function findBillingData(db: Db, customerId: string) {
  return db
    .selectFrom("customers")
    .select(BILLING_COLUMNS)
    .where("id", "=", customerId)
    .executeTakeFirst();
}

export type BillingDataRow = NonNullable<Awaited<ReturnType<typeof findBillingData>>>;

/** The customer's billing data, its row locked until the transaction ends (edits take turns). */
export async function lockBillingData(tx: Db, customerId: string) {
  return tx
    .selectFrom("customers")
    .select(BILLING_COLUMNS)
    .where("id", "=", customerId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateBillingData(
  tx: Db,
  customerId: string,
  d: {
    legalName: string;
    country: string;
    postalCode: string;
    city: string;
    addressLine: string;
    taxNumber: string | null;
    euVatNumber: string | null;
    eInvoice: { scheme: string; id: string; operator: string | null } | null;
    language: "hu" | "en";
  },
  now: Date,
): Promise<void> {
  await tx
    .updateTable("customers")
    .set({
      legal_name: d.legalName,
      country: d.country,
      postal_code: d.postalCode,
      city: d.city,
      address_line: d.addressLine,
      tax_number: d.taxNumber,
      eu_vat_number: d.euVatNumber,
      einvoice_scheme: d.eInvoice?.scheme ?? null,
      einvoice_id: d.eInvoice?.id ?? null,
      einvoice_operator: d.eInvoice?.operator ?? null,
      language: d.language,
      updated_at: now,
    })
    .where("id", "=", customerId)
    .execute();
}

/** Locks the customer row: notification-address edits of one account take turns. */
export async function lockCustomer(tx: Db, customerId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("customers")
    .select("id")
    .where("id", "=", customerId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function customerExists(db: Db, customerId: string): Promise<boolean> {
  const row = await db
    .selectFrom("customers")
    .select("id")
    .where("id", "=", customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface TargetRow {
  type: NotificationType;
  position: number;
  contact_id: string | null;
  email: string | null;
}

export async function notificationTargets(db: Db, customerId: string): Promise<TargetRow[]> {
  return db
    .selectFrom("notification_addresses")
    .select(["type", "position", "contact_id", "email"])
    .where("customer_id", "=", customerId)
    .orderBy("type")
    .orderBy("position")
    .execute();
}

/** Replaces all of an account's notification targets (call with the customer row locked). */
export async function replaceNotificationTargets(
  tx: Db,
  customerId: string,
  rows: readonly { type: NotificationType; contactId: string | null; email: string | null }[],
  now: Date,
): Promise<void> {
  await tx.deleteFrom("notification_addresses").where("customer_id", "=", customerId).execute();
  if (rows.length === 0) return;
  const position = new Map<string, number>();
  await tx
    .insertInto("notification_addresses")
    .values(
      rows.map((r) => {
        const p = position.get(r.type) ?? 0;
        position.set(r.type, p + 1);
        return {
          customer_id: customerId,
          type: r.type,
          position: p,
          contact_id: r.contactId,
          email: r.email,
          created_at: now,
        };
      }),
    )
    .execute();
}
