import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import {
  billingDataGaps,
  checkCustomerVatNumber,
  type BillingDataField,
} from "../../billing/index.ts";
import {
  billingDataChanges,
  validateBillingData,
  type BillingData,
  type BillingDataInput,
} from "../domain/billing-data.ts";
import { eInvoiceInputOf, type EInvoiceInput } from "../domain/einvoice-address.ts";
import {
  findBillingData,
  lockBillingData,
  updateBillingData,
  type BillingDataRow,
} from "../repo-settings.ts";

export interface BillingDataView {
  kind: "company" | "person";
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string | null;
  euVatNumber: string | null;
  eInvoice: EInvoiceInput | null;
  language: "hu" | "en";
  currency: string;
  /** What the billing-data check before paying still misses. */
  missing: BillingDataField[];
  updatedAt: Date;
}

function dataOf(row: BillingDataRow): BillingData {
  return {
    legalName: row.legal_name,
    country: row.country,
    postalCode: row.postal_code,
    city: row.city,
    addressLine: row.address_line,
    taxNumber: row.tax_number,
    euVatNumber: row.eu_vat_number,
    eInvoice:
      row.einvoice_scheme && row.einvoice_id
        ? { scheme: row.einvoice_scheme, id: row.einvoice_id, operator: row.einvoice_operator }
        : null,
    language: row.language === "en" ? "en" : "hu",
  };
}

function viewOf(row: BillingDataRow): BillingDataView {
  const d = dataOf(row);
  return {
    kind: row.kind,
    legalName: d.legalName,
    country: d.country,
    postalCode: d.postalCode,
    city: d.city,
    addressLine: d.addressLine,
    taxNumber: d.taxNumber,
    euVatNumber: d.euVatNumber,
    eInvoice: eInvoiceInputOf({
      scheme: row.einvoice_scheme,
      id: row.einvoice_id,
      operator: row.einvoice_operator,
    }),
    language: d.language,
    currency: row.currency,
    missing: billingDataGaps({ kind: row.kind, ...d }),
    updatedAt: row.updated_at,
  };
}

export async function getBillingData(
  deps: Pick<Deps, "db">,
  customerId: string,
): Promise<BillingDataView | null> {
  const row = await findBillingData(deps.db, customerId);
  return row ? viewOf(row) : null;
}

export interface BillingDataUpdate {
  billingData: BillingDataView;
  /** The fields whose stored value changed (empty: nothing was written). */
  changed: string[];
  /** The check of a changed EU VAT number (offline, and VIES when configured), or null. */
  vatCheck: { result: "valid" | "invalid" | "unavailable"; source: "offline" | "vies" } | null;
}

/**
 * Saves an account's billing data (A7). The customer row is locked while the new data is
 * checked against the stored one and written, so two edits at once take turns and the later
 * one wins whole (last write wins; each audit row names exactly what its edit changed, old →
 * new). Issued documents keep the buyer data frozen on them; documents issued from now on carry
 * the new data. A changed EU VAT number is checked right after (offline, and with VIES when it
 * is configured), so the VAT decision of the next document has fresh evidence.
 */
export async function saveBillingData(
  deps: Pick<Deps, "db" | "clock" | "config">,
  customerId: string,
  input: BillingDataInput,
  actor: Actor,
): Promise<BillingDataUpdate> {
  const result = await deps.db.transaction().execute(async (tx) => {
    const row = await lockBillingData(tx, customerId);
    if (!row) throw errors.notFound("customer");
    const checked = validateBillingData(input, row.kind);
    if (!checked.ok) {
      throw new AppError(
        "accounts.billing_data_invalid",
        400,
        `The billing data is not valid: ${checked.errors[0]!.message}`,
        { errors: checked.errors.map((e) => ({ path: `body.${e.field}`, message: e.message })) },
      );
    }
    const changes = billingDataChanges(dataOf(row), checked.value);
    const changed = Object.keys(changes);
    if (changed.length === 0) return { changed, vatChanged: false };
    await updateBillingData(tx, customerId, checked.value, deps.clock.now());
    await writeAudit(tx, deps.clock, actor, {
      action: "customer.billing_data_changed",
      subjectType: "customer",
      subjectId: customerId,
      customerId,
      data: { changes },
    });
    return {
      changed,
      vatChanged: changed.includes("euVatNumber") && checked.value.euVatNumber !== null,
    };
  });
  let vatCheck: BillingDataUpdate["vatCheck"] = null;
  if (result.vatChanged) {
    // The data is saved either way: a failed check leaves the number unchecked, as before.
    const outcome = await checkCustomerVatNumber(deps, customerId, actor).catch(() => null);
    if (outcome) vatCheck = { result: outcome.result, source: outcome.source };
  }
  const row = await findBillingData(deps.db, customerId);
  if (!row) throw errors.notFound("customer");
  return { billingData: viewOf(row), changed: result.changed, vatCheck };
}
