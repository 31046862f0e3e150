/**
 * The billing data a customer (or staff) edits in Profile → Data (A7): what new documents will
 * carry as the buyer. Pure: trims and normalises the input and names every problem by field,
 * with a stable code and a clear message. The identifier checks themselves are billing's
 * (Hungarian tax number, EU VAT numbers, Finnish OVT) and the required fields are billing's
 * billing-data check (billingDataGaps), so what can be saved here passes the check before paying.
 */
import {
  billingDataGaps,
  checkHungarianTaxNumber,
  checkVatNumber,
  isKnownCountry,
  vatPrefixOf,
  type BillingDataField,
} from "../../billing/index.ts";
import {
  checkEInvoiceAddress,
  type EInvoiceAddress,
  type EInvoiceInput,
} from "./einvoice-address.ts";

export interface BillingDataInput {
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string | null;
  euVatNumber: string | null;
  eInvoice: EInvoiceInput | null;
  language: "hu" | "en";
}

/** What is stored: trimmed, country and postal code upper-case, identifiers normalised. */
export interface BillingData {
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string | null;
  euVatNumber: string | null;
  eInvoice: EInvoiceAddress | null;
  language: "hu" | "en";
}

export type BillingDataErrorCode =
  | "required"
  | "country_unknown"
  | "postal_code_format"
  | "tax_number_format"
  | "tax_number_checksum"
  | "tax_number_vat_code"
  | "tax_number_county"
  | "vat_number_format"
  | "vat_number_checksum"
  | "vat_number_country"
  | "vat_number_mismatch"
  | "ovt_format"
  | "ovt_checksum"
  | "operator_format"
  | "operator_checksum"
  | "peppol_format"
  | "peppol_scheme"
  | "peppol_identifier"
  | "peppol_checksum";

export interface BillingDataError {
  /** The input field, as a path below the body: `taxNumber`, `eInvoice.operator`. */
  field: string;
  code: BillingDataErrorCode;
  message: string;
}

/**
 * The national formats of EU VAT numbers (prefix = the member state, EL for Greece), for the
 * message when a number does not fit; the checks themselves are billing's checkVatNumber.
 */
export const VAT_NUMBER_FORMATS: Readonly<Record<string, string>> = {
  AT: "ATU + 8 digits",
  BE: "BE + 10 digits starting with 0 or 1",
  BG: "BG + 9 or 10 digits",
  CY: "CY + 8 digits + a letter",
  CZ: "CZ + 8, 9 or 10 digits",
  DE: "DE + 9 digits",
  DK: "DK + 8 digits",
  EE: "EE + 9 digits starting with 10",
  EL: "EL + 9 digits",
  ES: "ES + 9 characters (a letter or digit, 7 digits, a letter or digit)",
  FI: "FI + 8 digits (the business ID without its dash)",
  FR: "FR + 2 characters + 9 digits (the SIREN)",
  HR: "HR + 11 digits",
  HU: "HU + 8 digits (the first 8 digits of the tax number)",
  IE: "IE + 7 digits and 1 or 2 letters",
  IT: "IT + 11 digits",
  LT: "LT + 9 or 12 digits",
  LU: "LU + 8 digits",
  LV: "LV + 11 digits",
  MT: "MT + 8 digits",
  NL: "NL + 9 digits + B + 2 digits",
  PL: "PL + 10 digits",
  PT: "PT + 9 digits",
  RO: "RO + 2 to 10 digits",
  SE: "SE + 12 digits ending in 01",
  SI: "SI + 8 digits",
  SK: "SK + 10 digits",
};

/** NAV's postal code rule (3–10 letters, digits, spaces, dashes); Hungary: 4 digits. */
const POSTAL_CODE = /^[A-Z0-9][A-Z0-9\s-]{1,8}[A-Z0-9]$/;

const REQUIRED_MESSAGE: Record<BillingDataField, string> = {
  legalName: "The legal name is required.",
  country: "The country is required (a two-letter ISO code: HU, FI, DE).",
  postalCode: "The postal code is required.",
  city: "The city is required.",
  addressLine: "The street address is required.",
  taxNumber: "A Hungarian company needs its tax number on invoices.",
};

/** A number written with another (non-EU) country's prefix: GB…, CH…, NO…. */
function foreignPrefix(vatNumber: string): boolean {
  const head = vatNumber.trim().slice(0, 2).toUpperCase();
  return /^[A-Z]{2}$/.test(head) && vatPrefixOf(head) === null && isKnownCountry(head);
}

function blankToNull(v: string | null): string | null {
  const t = v?.trim() ?? "";
  return t === "" ? null : t;
}

export function validateBillingData(
  input: BillingDataInput,
  kind: "company" | "person",
): { ok: true; value: BillingData } | { ok: false; errors: BillingDataError[] } {
  const errors: BillingDataError[] = [];
  const add = (field: string, code: BillingDataErrorCode, message: string) =>
    errors.push({ field, code, message });

  const value: BillingData = {
    legalName: input.legalName.trim().replace(/\s+/g, " "),
    country: input.country.trim().toUpperCase(),
    postalCode: input.postalCode.trim().toUpperCase(),
    city: input.city.trim(),
    addressLine: input.addressLine.trim(),
    taxNumber: blankToNull(input.taxNumber),
    euVatNumber: blankToNull(input.euVatNumber),
    eInvoice: null,
    language: input.language,
  };

  const gaps = billingDataGaps({ kind, ...value });
  for (const field of gaps) add(field, "required", REQUIRED_MESSAGE[field]);

  if (!gaps.includes("country") && !isKnownCountry(value.country))
    add("country", "country_unknown", `${value.country} is not an ISO 3166 country code.`);

  if (!gaps.includes("postalCode")) {
    const hu = value.country === "HU";
    if (hu ? !/^\d{4}$/.test(value.postalCode) : !POSTAL_CODE.test(value.postalCode))
      add(
        "postalCode",
        "postal_code_format",
        hu
          ? "A Hungarian postal code is 4 digits."
          : "A postal code is 3 to 10 letters, digits, spaces or dashes.",
      );
  }

  let taxBase: string | null = null;
  if (value.taxNumber !== null) {
    const r = checkHungarianTaxNumber(value.taxNumber);
    if (r.ok) {
      value.taxNumber = r.normalized;
      taxBase = r.base;
    } else {
      const messages = {
        format: ["tax_number_format", "A Hungarian tax number has the form 12345678-1-12."],
        checksum: [
          "tax_number_checksum",
          "The check digit (the 8th digit) of the tax number is wrong.",
        ],
        vat_code: ["tax_number_vat_code", "The 9th digit of the tax number (VAT code) is 1 to 5."],
        county: [
          "tax_number_county",
          "The last two digits of the tax number are not a county code (02–20, 22, 41–44, 51).",
        ],
      } as const;
      const [code, message] = messages[r.code];
      add("taxNumber", code, message);
    }
  }

  if (value.euVatNumber !== null) {
    const r = checkVatNumber(value.euVatNumber, { country: value.country });
    if (r.ok) {
      value.euVatNumber = r.normalized;
      if (taxBase !== null && r.country === "HU" && r.normalized !== `HU${taxBase}`)
        add(
          "euVatNumber",
          "vat_number_mismatch",
          `A Hungarian company's EU VAT number is HU and the first 8 digits of its tax number: HU${taxBase}.`,
        );
    } else if (r.code === "country" || foreignPrefix(value.euVatNumber)) {
      add(
        "euVatNumber",
        "vat_number_country",
        "An EU VAT number starts with the prefix of an EU member state (HU, FI, DE…); GB, CH and other numbers are not EU VAT numbers.",
      );
    } else {
      const prefix = vatPrefixOf(value.euVatNumber.slice(0, 2)) ?? vatPrefixOf(value.country);
      const format = prefix ? VAT_NUMBER_FORMATS[prefix] : undefined;
      if (r.code === "checksum")
        add("euVatNumber", "vat_number_checksum", "The check digit of the EU VAT number is wrong.");
      else
        add(
          "euVatNumber",
          "vat_number_format",
          format
            ? `This is not a valid ${prefix} VAT number: it is ${format}.`
            : "An EU VAT number is the member state's prefix and the national number (HU12345676).",
        );
    }
  }

  if (input.eInvoice !== null) {
    const r = checkEInvoiceAddress(input.eInvoice);
    if (r.ok) value.eInvoice = r.address;
    else for (const e of r.errors) add(`eInvoice.${e.field}`, e.code, e.message);
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** The fields whose stored value changes, with the old and the new value (for the audit row). */
export function billingDataChanges(
  before: BillingData,
  after: BillingData,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof BillingData)[]) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { from: a, to: b };
  }
  return out;
}
