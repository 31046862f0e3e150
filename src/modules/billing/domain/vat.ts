/**
 * Kapu's VAT rules as pure functions: which category, rate and country apply to a line, the
 * legal wording of exemptions, and the rate table with its validity periods (capability D4).
 *
 * Scope and simplifications (deliberate, documented here so callers know what is NOT decided):
 * - The seller is established in an EU member state (Kapu serves Hungarian, Finnish and Slovenian
 *   providers). A non-EU seller is rejected with VatRuleError("seller_not_eu").
 * - Services only (hosting, domains, SSL, licences, support): no goods, so no K (intra-Community
 *   supply of goods) or G (export) decisions; their wording is still in exemptionFor.
 * - The EUR 10 000 EU-wide micro-business threshold (Directive 2006/112/EC art. 59c), under which
 *   a seller may charge its own VAT on cross-border B2C electronic services, is not modelled:
 *   Kapu always applies the OSS rule (buyer country's rate).
 * - A seller that is a VAT-exempt small business (alanyi adómentes) is not decided here.
 * - Special territories that share an ISO code with their member state but are outside its VAT
 *   area (Canary Islands, Mount Athos, Büsingen…) are not detected; Åland (AX) has its own ISO
 *   code and is therefore correctly outside the EU VAT area. Monaco (MC) belongs to the French VAT
 *   area and is decided as FR (see vatAreaCountry).
 */
import { addDays, isValidDate } from "../../../platform/clock.ts";
import type { VatCategory, VatReason } from "./document.ts";

/** The 27 EU member states, ISO 3166-1 alpha-2 (Greece is GR here; its VAT numbers use EL). */
export const EU_COUNTRIES: readonly string[] = Object.freeze([
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
]);

const EU_SET: ReadonlySet<string> = new Set(EU_COUNTRIES);

/**
 * The member state whose VAT applies for a country code: upper-cased, EL (the VAT-number prefix
 * of Greece) → GR, Monaco → FR (Monaco is part of the French VAT territory). Other codes are
 * returned upper-cased and unchanged (XI, Northern Ireland, is treated as the UK: for services
 * it is outside the EU VAT area).
 */
export function vatAreaCountry(country: string): string {
  const c = country.trim().toUpperCase();
  if (c === "EL") return "GR";
  if (c === "MC") return "FR";
  return c;
}

/** True for an EU member state (ISO code; EL is accepted for Greece, case-insensitive). */
export function isEu(country: string): boolean {
  const c = country.trim().toUpperCase();
  return EU_SET.has(c === "EL" ? "GR" : c);
}

/**
 * What we know about the buyer:
 * - business_validated: a business whose EU VAT number VIES confirmed (the evidence is stored);
 * - business_unvalidated: a business without a confirmed EU VAT number (none given, invalid, or
 *   VIES unreachable) — inside the EU it is treated like a consumer;
 * - consumer: a private person.
 */
export type BuyerVatStatus = "business_validated" | "business_unvalidated" | "consumer";

/**
 * electronic: electronically supplied services (Directive 2006/112/EC art. 58, Implementing
 * Regulation 282/2011 art. 7 and annex I) — hosting, domains, SSL certificates, software licences
 * delivered online, SaaS. general: anything else we sell, e.g. a support contract or manual work.
 */
export type SupplyKind = "electronic" | "general";

export interface VatDecision {
  category: VatCategory;
  /** Basis points: 2700 = 27 %. 0 for AE and O. */
  rateBp: number;
  /** The country whose VAT applies (ISO, GR for Greece). */
  country: string;
  reason: VatReason;
}

export interface VatDecisionInput {
  sellerCountry: string;
  buyerCountry: string;
  buyer: BuyerVatStatus;
  supply: SupplyKind;
  /**
   * The buyer gave an EU VAT number that VIES could not check, and the provider chose to invoice
   * it as a consumer meanwhile. Only changes the reason (eu_b2c_oss → eu_b2c_vies_fallback).
   */
  viesFallback?: boolean;
  /** The standard rate in basis points in force in `country` on the tax point date; null if unknown. */
  rateOn: (country: string) => number | null;
}

/** No rate is known for a country on the tax point date: staff must add it before invoicing. */
export class VatRateMissingError extends Error {
  override readonly name = "VatRateMissingError";
  readonly code = "vat_rate_missing";
  readonly country: string;

  constructor(country: string) {
    super(`No VAT rate is known for ${country} on the tax point date`);
    this.country = country;
  }
}

export type VatRuleErrorCode = "seller_not_eu" | "invalid_country" | "invalid_rate";

/** The input cannot be decided by Kapu's rules (a programming or configuration error). */
export class VatRuleError extends Error {
  override readonly name = "VatRuleError";
  readonly code: VatRuleErrorCode;

  constructor(code: VatRuleErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const COUNTRY_CODE = /^[A-Z]{2}$/;

const REGIONS = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** Codes in use that ISO does not assign: XI (Northern Ireland for VAT), XK (Kosovo). */
const EXTRA_CODES = new Set(["XI", "XK"]);

/** An assigned ISO 3166-1 alpha-2 code (Intl knows its name), e.g. HU, FI, US — not XX. */
export function isKnownCountry(code: string): boolean {
  return COUNTRY_CODE.test(code) && (EXTRA_CODES.has(code) || REGIONS.of(code) !== code);
}

function countryOf(value: string, role: string): string {
  const c = vatAreaCountry(value);
  if (!isKnownCountry(c)) {
    throw new VatRuleError("invalid_country", `${role} country is not an ISO code: ${value}`);
  }
  return c;
}

function isRateBp(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 10_000;
}

function standardRate(rateOn: VatDecisionInput["rateOn"], country: string): number {
  const rate = rateOn(country);
  if (rate === null) throw new VatRateMissingError(country);
  if (!isRateBp(rate)) {
    throw new VatRuleError(
      "invalid_rate",
      `The VAT rate of ${country} is not 0–10000 basis points: ${String(rate)}`,
    );
  }
  return rate;
}

/**
 * The VAT treatment of a supply of services by an EU seller:
 *
 * | buyer                      | supply     | result                                               |
 * | -------------------------- | ---------- | ---------------------------------------------------- |
 * | same country as the seller | any        | S, seller's rate, domestic                           |
 * | EU, business_validated     | any        | AE 0 %, buyer country, eu_b2b_reverse_charge (art. 44, 196) |
 * | EU, consumer/unvalidated   | electronic | S, buyer country's rate, eu_b2c_oss (art. 58; OSS)   |
 * |                            |            |   (eu_b2c_vies_fallback when viesFallback)           |
 * | EU, consumer/unvalidated   | general    | S, seller's rate, seller_country_b2c (art. 45)       |
 * | non-EU, business (either)  | any        | O 0 %, buyer country, non_eu_out_of_scope (art. 44)  |
 * | non-EU, consumer           | electronic | O 0 %, buyer country, non_eu_out_of_scope (art. 59)  |
 * | non-EU, consumer           | general    | S, seller's rate, seller_country_b2c (art. 45)       |
 *
 * A non-EU business cannot be validated in VIES, so both business statuses count as business
 * outside the EU. `rateOn` is called only when a rate is charged (never for AE and O).
 */
export function decideVat(input: VatDecisionInput): VatDecision {
  const seller = countryOf(input.sellerCountry, "Seller");
  const buyer = countryOf(input.buyerCountry, "Buyer");
  if (!EU_SET.has(seller)) {
    throw new VatRuleError(
      "seller_not_eu",
      `Kapu's VAT rules cover sellers established in the EU, not ${seller}`,
    );
  }
  const sellerRate = (reason: VatReason): VatDecision => ({
    category: "S",
    rateBp: standardRate(input.rateOn, seller),
    country: seller,
    reason,
  });

  if (buyer === seller) return sellerRate("domestic");

  if (EU_SET.has(buyer)) {
    if (input.buyer === "business_validated") {
      return { category: "AE", rateBp: 0, country: buyer, reason: "eu_b2b_reverse_charge" };
    }
    if (input.supply === "electronic") {
      return {
        category: "S",
        rateBp: standardRate(input.rateOn, buyer),
        country: buyer,
        reason: input.viesFallback === true ? "eu_b2c_vies_fallback" : "eu_b2c_oss",
      };
    }
    return sellerRate("seller_country_b2c");
  }

  if (input.buyer !== "consumer" || input.supply === "electronic") {
    return { category: "O", rateBp: 0, country: buyer, reason: "non_eu_out_of_scope" };
  }
  return sellerRate("seller_country_b2c");
}

export interface Exemption {
  /** VATEX code (EN 16931 BT-121). */
  code: string;
  /** The wording printed on the document (BT-120), in the document language. */
  text: string;
}

const EXEMPTIONS: Partial<Record<VatCategory, { code: string; hu: string; en: string }>> = {
  // Áfa tv. 169. § n) and Directive art. 226 (11a): the invoice must say "fordított adózás" /
  // "Reverse charge".
  AE: { code: "VATEX-EU-AE", hu: "Fordított adózás", en: "Reverse charge" },
  // Place of supply outside the EU (Áfa tv. 37. § (1), 46. §): not within the scope of the Act.
  O: {
    code: "VATEX-EU-O",
    hu: "Az Áfa tv. hatályán kívüli ügylet",
    en: "Not subject to EU VAT (place of supply outside the EU)",
  },
  // Goods only — Kapu sells services, kept for completeness of manual invoices.
  K: {
    code: "VATEX-EU-IC",
    hu: "Közösségen belüli adómentes termékértékesítés",
    en: "Intra-Community supply",
  },
  G: { code: "VATEX-EU-G", hu: "Adómentes termékexport", en: "Export outside the EU" },
};

/**
 * The exemption code and legal wording for a category, or null when the category needs none
 * (S) or its wording depends on the exemption ground, which the category alone does not tell
 * (E, Z: the caller supplies the legal reference).
 */
export function exemptionFor(category: VatCategory, language: "hu" | "en"): Exemption | null {
  const entry = EXEMPTIONS[category];
  return entry ? { code: entry.code, text: entry[language] } : null;
}

// ---------------------------------------------------------------------------------------------
// Rate table

/** One row of the vat_rates table. Dates are YYYY-MM-DD; validTo is inclusive, null = open. */
export interface VatRateRow {
  country: string;
  rateBp: number;
  validFrom: string;
  validTo: string | null;
}

function assertDate(name: string, value: string): void {
  if (!isValidDate(value)) {
    throw new RangeError(`${name} must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

function covers(row: VatRateRow, date: string): boolean {
  return row.validFrom <= date && (row.validTo === null || date <= row.validTo);
}

/**
 * The rate (basis points) valid in `country` on `date` (YYYY-MM-DD), bounds inclusive; null when
 * no row covers the date. EL is accepted for Greece. Should rows overlap (the table forbids it
 * through planNewRate), the one that started last wins.
 */
export function pickRate(
  rates: readonly VatRateRow[],
  country: string,
  date: string,
): number | null {
  assertDate("date", date);
  const c = vatAreaCountry(country);
  let best: VatRateRow | null = null;
  for (const row of rates) {
    if (vatAreaCountry(row.country) !== c || !covers(row, date)) continue;
    if (best === null || row.validFrom > best.validFrom) best = row;
  }
  return best === null ? null : best.rateBp;
}

export interface NewVatRate {
  country: string;
  rateBp: number;
  /** First day the rate applies (YYYY-MM-DD). The new rate is open-ended. */
  validFrom: string;
}

export type RatePlanError =
  | "invalid_rate"
  | "invalid_country"
  | "invalid_date"
  | "in_past"
  | "not_after_current"
  | "overlaps_closed_period"
  | "leaves_gap";

export type RatePlan<R extends VatRateRow> =
  | {
      ok: true;
      /** The open-ended row to end on `validTo` (the day before the new rate), if any. */
      close: { row: R; validTo: string } | null;
      insert: { country: string; rateBp: number; validFrom: string; validTo: null };
    }
  | { ok: false; code: RatePlanError };

/**
 * What to change in the rate table when staff add a (usually future) rate for a country:
 * close the currently open-ended period the day before the new one starts, and insert the new
 * rate open-ended. Errors:
 * - invalid_rate: not an integer 0–10000 basis points; invalid_country: not a 2-letter code;
 *   invalid_date: validFrom not YYYY-MM-DD;
 * - in_past: validFrom before `options.today` (when given) — issued documents keep their rate,
 *   but proformas and renewals already planned would silently change;
 * - not_after_current: validFrom is not after the start of the open-ended period;
 * - overlaps_closed_period: validFrom falls on or before the end of a closed period;
 * - leaves_gap: there is no open-ended period and validFrom is more than a day after the last
 *   closed one ends, so some dates would have no rate.
 * The first rate of a country is simply inserted.
 */
export function planNewRate<R extends VatRateRow>(
  existing: readonly R[],
  newRate: NewVatRate,
  options: { today?: string } = {},
): RatePlan<R> {
  if (!isRateBp(newRate.rateBp)) return { ok: false, code: "invalid_rate" };
  if (!isValidDate(newRate.validFrom)) return { ok: false, code: "invalid_date" };
  if (options.today !== undefined) {
    assertDate("today", options.today);
    if (newRate.validFrom < options.today) return { ok: false, code: "in_past" };
  }
  const country = vatAreaCountry(newRate.country);
  if (!COUNTRY_CODE.test(country)) return { ok: false, code: "invalid_country" };
  const rows = existing.filter((r) => vatAreaCountry(r.country) === country);
  const insert = {
    country,
    rateBp: newRate.rateBp,
    validFrom: newRate.validFrom,
    validTo: null,
  } as const;

  for (const row of rows) {
    if (row.validTo !== null && newRate.validFrom <= row.validTo) {
      return { ok: false, code: "overlaps_closed_period" };
    }
  }
  const open = rows.filter((r) => r.validTo === null);
  // Several open-ended rows are a broken table; the latest one is the current period.
  const current = open.reduce<R | null>(
    (best, r) => (best === null || r.validFrom > best.validFrom ? r : best),
    null,
  );
  if (current !== null) {
    if (newRate.validFrom <= current.validFrom) return { ok: false, code: "not_after_current" };
    return { ok: true, close: { row: current, validTo: addDays(newRate.validFrom, -1) }, insert };
  }
  const lastEnd = rows.reduce<string | null>(
    (max, r) => (r.validTo !== null && (max === null || r.validTo > max) ? r.validTo : max),
    null,
  );
  if (lastEnd !== null && newRate.validFrom > addDays(lastEnd, 1)) {
    return { ok: false, code: "leaves_gap" };
  }
  return { ok: true, close: null, insert };
}

/**
 * Whether a buyer's VAT status rests on VIES evidence: a business with an EU VAT number in
 * another member state than the seller (reverse charge needs the number confirmed).
 */
export function needsVatEvidence(
  buyer: { kind: string; euVatNumber: string | null; country: string },
  sellerCountry: string,
): boolean {
  return (
    buyer.kind !== "person" &&
    buyer.euVatNumber !== null &&
    buyer.euVatNumber !== "" &&
    buyer.country !== sellerCountry &&
    isEu(buyer.country)
  );
}

/** A check made at most `maxAgeDays` ago can be relied on. */
export function isFreshEvidence(checkedAt: Date | string, now: Date, maxAgeDays: number): boolean {
  return now.getTime() - new Date(checkedAt).getTime() <= maxAgeDays * 86_400_000;
}
