import type { Actor } from "../../../platform/audit.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { isEu, isFreshEvidence, needsVatEvidence, planNewRate } from "../domain/vat.ts";
import { checkVatNumber } from "../domain/vat-number.ts";
import {
  closeVatRate,
  findCustomerForBilling,
  insertVatCheck,
  insertVatRate,
  latestVatCheck,
  listVatRates,
  lockVatCountry,
  upsertExchangeRate,
} from "../repo.ts";
import { getInvoicingSettings, getSeller } from "../settings.ts";
import { createViesClient, type VatNumberVerifier } from "../vies.ts";

const PLAN_ERRORS: Record<string, string> = {
  invalid_rate: "The rate must be between 0 and 100 %.",
  invalid_country: "Unknown country code.",
  invalid_date: "The start date must be YYYY-MM-DD.",
  in_past: "A new rate can only start today or later: issued documents keep their rates.",
  not_after_current: "The new rate must start after the current rate started.",
  overlaps_closed_period: "The new rate overlaps a closed period.",
  leaves_gap: "The new rate would leave days without a rate.",
};

/** Staff add a rate for a country from a date (usually in the future); the current one ends the day before. */
export async function addVatRate(
  tx: Db,
  deps: Pick<Deps, "clock" | "config">,
  input: { country: string; rateBp: number; validFrom: string; note: string },
  actor: Actor,
): Promise<{ id: string }> {
  const country = input.country.toUpperCase();
  if (!isEu(country))
    throw new AppError(
      "billing.vat_rate_invalid_country",
      400,
      `${input.country} is not an EU member state: Kapu keeps VAT rates of EU countries only.`,
    );
  await lockVatCountry(tx, country);
  const existing = (await listVatRates(tx, country)).map((r) => ({
    ...r,
    rateBp: r.rate_bp,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  const plan = planNewRate(
    existing,
    { country, rateBp: input.rateBp, validFrom: input.validFrom },
    { today },
  );
  if (!plan.ok)
    throw new AppError(
      `billing.vat_rate_${plan.code}`,
      plan.code === "invalid_rate" ||
        plan.code === "invalid_country" ||
        plan.code === "invalid_date"
        ? 400
        : 409,
      PLAN_ERRORS[plan.code] ?? plan.code,
    );
  if (plan.close) await closeVatRate(tx, plan.close.row.id, plan.close.validTo);
  const now = deps.clock.now();
  const id = newId("vat", now.getTime());
  await insertVatRate(tx, {
    id,
    country: plan.insert.country,
    rateBp: plan.insert.rateBp,
    validFrom: plan.insert.validFrom,
    note: input.note.trim(),
    by: actor.type === "user" ? actor.userId : actor.name,
    now,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "billing.vat_rate_added",
    subjectType: "vat_rate",
    subjectId: id,
    data: {
      country,
      rateBp: input.rateBp,
      validFrom: input.validFrom,
      closed: plan.close?.row.id ?? null,
    },
  });
  return { id };
}

export async function setExchangeRate(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: { currency: string; date: string; rate: string; source: string },
  actor: Actor,
): Promise<void> {
  await upsertExchangeRate(tx, { ...input, now: deps.clock.now() });
  await writeAudit(tx, deps.clock, actor, {
    action: "billing.exchange_rate_set",
    subjectType: "exchange_rate",
    subjectId: `${input.currency}:${input.date}`,
    data: input,
  });
}

/**
 * The VIES client of the configuration. The seller's own VAT number goes along as requester,
 * so VIES answers with a consultation number — the proof of the check.
 */
export function verifierFrom(
  config: Deps["config"],
  sellerVatNumber: string | null,
): VatNumberVerifier | null {
  if (!config.viesUrl) return null;
  const requester =
    sellerVatNumber && /^[A-Z]{2}/.test(sellerVatNumber)
      ? { country: sellerVatNumber.slice(0, 2), number: sellerVatNumber.slice(2) }
      : null;
  return createViesClient({ baseUrl: config.viesUrl, timeoutMs: config.viesTimeoutMs, requester });
}

export interface VatCheckOutcome {
  vatNumber: string;
  source: "offline" | "vies";
  result: "valid" | "invalid" | "unavailable";
  name: string | null;
  detail: string | null;
  checkedAt: Date;
}

/**
 * Checks a customer's EU VAT number: format and checksum offline, then VIES when configured.
 * The answer is stored with its date as evidence for the VAT decision (reverse charge needs a
 * valid VIES answer). No transaction is held while VIES is asked.
 */
export async function checkCustomerVatNumber(
  deps: Pick<Deps, "db" | "clock" | "config">,
  customerId: string,
  actor: Actor,
  given?: VatNumberVerifier | null,
): Promise<VatCheckOutcome> {
  const verifier =
    given !== undefined
      ? given
      : verifierFrom(deps.config, (await getSeller(deps.db))?.euVatNumber ?? null);
  const customer = await findCustomerForBilling(deps.db, customerId);
  if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
  if (!customer.eu_vat_number)
    throw new AppError("billing.no_vat_number", 409, "The customer has no EU VAT number to check.");
  const vatNumber = customer.eu_vat_number;
  const offline = checkVatNumber(vatNumber);
  const found = { name: null, address: null, requestIdentifier: null };
  let evidence: {
    source: "offline" | "vies";
    result: "valid" | "invalid" | "unavailable";
    name: string | null;
    address: string | null;
    requestIdentifier: string | null;
    detail: string | null;
    checkedAt: Date;
  };
  if (!offline.ok) {
    evidence = {
      ...found,
      source: "offline",
      result: "invalid",
      detail: `offline check failed: ${offline.code}`,
      checkedAt: deps.clock.now(),
    };
  } else if (!verifier) {
    evidence = {
      ...found,
      source: "offline",
      result: "unavailable",
      detail: "format and checksum valid; VIES is switched off (VIES_URL=off)",
      checkedAt: deps.clock.now(),
    };
  } else {
    // normalized = VIES prefix (EL for Greece) + national number.
    const r = await verifier.verify(offline.normalized.slice(0, 2), offline.normalized.slice(2));
    evidence = { ...r, source: "vies", result: r.status };
  }
  await deps.db.transaction().execute(async (tx) => {
    await insertVatCheck(tx, {
      id: newId("vck", evidence.checkedAt.getTime()),
      customerId,
      vatNumber,
      source: evidence.source,
      result: evidence.result,
      name: evidence.name,
      address: evidence.address,
      requestIdentifier: evidence.requestIdentifier,
      detail: evidence.detail,
      checkedAt: evidence.checkedAt,
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "billing.vat_number_checked",
      subjectType: "customer",
      subjectId: customerId,
      customerId,
      data: { vatNumber, result: evidence.result, source: evidence.source },
    });
  });
  return {
    vatNumber,
    source: evidence.source,
    result: evidence.result,
    name: evidence.name,
    detail: evidence.detail,
    checkedAt: evidence.checkedAt,
  };
}

/** Records VIES evidence obtained elsewhere (imports, demo data), with where it came from. */
export async function recordVatEvidence(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: { customerId: string; vatNumber: string; detail: string },
): Promise<void> {
  await insertVatCheck(tx, {
    id: newId("vck", deps.clock.now().getTime()),
    customerId: input.customerId,
    vatNumber: input.vatNumber,
    source: "vies",
    result: "valid",
    name: null,
    address: null,
    requestIdentifier: null,
    detail: input.detail,
    checkedAt: deps.clock.now(),
  });
}

/**
 * Before issuing to an EU business of another member state: when the evidence on its VAT number
 * is missing or older than the provider allows, ask VIES now (outside any transaction), so a
 * reachable VIES never makes the document wait. Does nothing for other buyers or without VIES.
 */
export async function refreshVatEvidenceIfStale(
  deps: Pick<Deps, "db" | "clock" | "config">,
  customerId: string,
  actor: Actor,
): Promise<void> {
  if (!deps.config.viesUrl) return;
  const customer = await findCustomerForBilling(deps.db, customerId);
  const seller = await getSeller(deps.db);
  if (!customer?.eu_vat_number || !seller) return;
  const buyer = {
    kind: customer.kind,
    euVatNumber: customer.eu_vat_number,
    country: customer.country,
  };
  if (!needsVatEvidence(buyer, seller.country)) return;
  const settings = await getInvoicingSettings(deps.db);
  const check = await latestVatCheck(deps.db, customer.eu_vat_number);
  const fresh =
    check && isFreshEvidence(check.checked_at, deps.clock.now(), settings.viesMaxAgeDays);
  if (fresh && check.source === "vies" && check.result !== "unavailable") return;
  await checkCustomerVatNumber(deps, customerId, actor);
}
