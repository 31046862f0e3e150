import type { Actor } from "../../../platform/audit.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { addDays, localDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { Money, type CurrencyCode } from "../../../platform/money/index.ts";
import type {
  DocumentKind,
  DocumentView,
  Party,
  PaymentMethod,
  UnitCode,
  VatBreakdownView,
  VatCategory,
  VatReason,
} from "../domain/document.ts";
import { formatDocumentNumber, paymentReferenceFor } from "../domain/numbering.ts";
import { computeTotals } from "../domain/totals.ts";
import {
  decideVat,
  exemptionFor,
  isFreshEvidence,
  needsVatEvidence,
  pickRate,
  VatRateMissingError,
  VatRuleError,
  type BuyerVatStatus,
  type SupplyKind,
} from "../domain/vat.ts";
import {
  buyerParty,
  exchangeRateOn,
  findCustomerForBilling,
  insertDocument,
  insertDocumentLines,
  latestVatCheck,
  nextDocumentSequence,
  ratesForCountries,
  type BillingCustomerRow,
  type DocumentInsert,
  type LineInsert,
} from "../repo.ts";
import { getInvoicingSettings, requireSeller, type InvoicingSettings } from "../settings.ts";
import { storeBreakdown } from "../view.ts";
import { applyAccountCredit, postLedger } from "./ledger.ts";
import { afterIssue } from "./after-issue.ts";

export interface LineRequest {
  description: string;
  /** Decimal string > 0 (up to 4 decimals). */
  quantity: string;
  unit: UnitCode;
  /** Net unit price ≥ 0 in the document currency. */
  unitPrice: Money;
  discount?: Money | null;
  /** What is supplied, for the VAT decision; default electronic (hosting, domains, SSL…). */
  supply?: SupplyKind;
  /** Staff override of the VAT decision on a manual document. */
  vat?: { category: VatCategory; rateBp: number; country?: string; reason?: VatReason } | null;
  serviceId?: string | null;
  productId?: string | null;
  periodFrom?: string | null;
  periodTo?: string | null;
}

export interface IssueRequest {
  kind: "proforma" | "invoice";
  customerId: string;
  currency: CurrencyCode;
  issueDate?: string;
  /** Tax point; defaults to the issue date. */
  fulfilmentDate?: string;
  dueDate?: string;
  paymentMethod?: PaymentMethod;
  note?: string | null;
  lines: LineRequest[];
  /** The proforma this invoice finalises (set by settleProforma). */
  proformaId?: string | null;
  /** Do not e-mail (the caller sends its own notice). */
  silent?: boolean;
  /**
   * The caller runs afterIssue itself, once it has finished with the document (settleProforma
   * settles the invoice first, so its NAV data and e-mail show it paid).
   */
  deferFollowUp?: boolean;
}

/** The currencies documents are issued in. */
export const CURRENCIES: ReadonlySet<string> = new Set(["HUF", "EUR"]);

/** A prepared line: everything decided, amounts computed by the caller of composeDocument. */
export interface PreparedLine {
  description: string;
  quantity: string;
  unit: UnitCode;
  unitPrice: Money;
  discount: Money;
  vatCategory: VatCategory;
  vatRateBp: number;
  vatCountry: string;
  vatReason: VatReason;
  serviceId: string | null;
  productId: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  correctsPosition: number | null;
}

export function badRequest(code: string, message: string, path?: string): AppError {
  return new AppError(code, 400, message, path ? { errors: [{ path, message }] } : undefined);
}

const QUANTITY = /^\d{1,12}(\.\d{1,4})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateLines(lines: LineRequest[], currency: CurrencyCode): void {
  if (lines.length === 0)
    throw badRequest("billing.no_lines", "A document needs at least one line.");
  if (lines.length > 500) throw badRequest("billing.too_many_lines", "At most 500 lines.");
  lines.forEach((l, i) => {
    const at = `lines.${i}`;
    if (!QUANTITY.test(l.quantity) || /^0+(\.0+)?$/.test(l.quantity))
      throw badRequest(
        "billing.invalid_quantity",
        "Quantity must be a positive number with at most 4 decimals; corrections are made with a credit note.",
        `${at}.quantity`,
      );
    if (l.unitPrice.currency !== currency || l.unitPrice.isNegative())
      throw badRequest(
        "billing.invalid_unit_price",
        "Unit price must be zero or more, in the document currency.",
        `${at}.unitPrice`,
      );
    const gross = l.unitPrice.multiply(l.quantity);
    if (l.discount && (l.discount.isNegative() || l.discount.compare(gross) > 0))
      throw badRequest(
        "billing.invalid_discount",
        "A discount must be between zero and the line amount.",
        `${at}.discount`,
      );
    if (l.description.trim() === "" || l.description.length > 500)
      throw badRequest("billing.invalid_description", "1–500 characters.", `${at}.description`);
    for (const [k, v] of [
      ["periodFrom", l.periodFrom],
      ["periodTo", l.periodTo],
    ] as const) {
      if (v != null && !DATE.test(v))
        throw badRequest("billing.invalid_date", "YYYY-MM-DD", `${at}.${k}`);
    }
    if (l.periodFrom && l.periodTo && l.periodTo < l.periodFrom)
      throw badRequest(
        "billing.invalid_period",
        "The period ends before it starts.",
        `${at}.periodTo`,
      );
  });
}

/** Currency and lines of a request, checked before anything is read or written. */
export function validateRequest(req: Pick<IssueRequest, "currency" | "lines">): void {
  if (!CURRENCIES.has(req.currency))
    throw badRequest(
      "billing.unsupported_currency",
      "Documents are issued in HUF or EUR.",
      "currency",
    );
  validateLines(req.lines, req.currency);
}

/**
 * A document's dates: issue (default today), fulfilment = tax point (none on a proforma;
 * default the issue date), due (default issue + the provider's days for the kind).
 */
export function documentDates(
  req: Pick<IssueRequest, "kind" | "issueDate" | "fulfilmentDate" | "dueDate">,
  settings: InvoicingSettings,
  today: string,
): { issueDate: string; fulfilmentDate: string | null; taxPoint: string; dueDate: string } {
  const issueDate = req.issueDate ?? today;
  const fulfilmentDate = req.kind === "proforma" ? null : (req.fulfilmentDate ?? issueDate);
  const dueDays = req.kind === "proforma" ? settings.proformaDueDays : settings.invoiceDueDays;
  const dueDate = req.dueDate ?? addDays(issueDate, dueDays);
  if (dueDate < issueDate)
    throw badRequest(
      "billing.invalid_due_date",
      "The due date is before the issue date.",
      "dueDate",
    );
  return { issueDate, fulfilmentDate, taxPoint: fulfilmentDate ?? issueDate, dueDate };
}

/**
 * How the buyer stands for VAT: an EU business from another member state counts as validated
 * only with a fresh, valid VIES answer on record. Without one, the provider's setting decides:
 * wait (409, nothing issued) or invoice as a consumer, which the line's reason records.
 */
export async function buyerVatStatus(
  db: Db,
  customer: BillingCustomerRow,
  seller: Party,
  settings: InvoicingSettings,
  now: Date,
): Promise<{ status: BuyerVatStatus; viesFallback: boolean }> {
  const check =
    customer.eu_vat_number && needsVatEvidence(buyerOf(customer), seller.country)
      ? await latestVatCheck(db, customer.eu_vat_number)
      : undefined;
  return buyerVatStatusOf(customer, seller, settings, now, check);
}

/** buyerVatStatus's rules over the latest check of the buyer's VAT number, passed in. */
export function buyerVatStatusOf(
  customer: Pick<BillingCustomerRow, "kind" | "eu_vat_number" | "country">,
  seller: Pick<Party, "country">,
  settings: InvoicingSettings,
  now: Date,
  check: { checked_at: Date | string; source: string; result: string } | undefined,
): { status: BuyerVatStatus; viesFallback: boolean } {
  if (customer.kind === "person") return { status: "consumer", viesFallback: false };
  if (!needsVatEvidence(buyerOf(customer), seller.country))
    return { status: "business_unvalidated", viesFallback: false };
  const fresh = check && isFreshEvidence(check.checked_at, now, settings.viesMaxAgeDays);
  if (check && fresh && check.source === "vies" && check.result === "valid")
    return { status: "business_validated", viesFallback: false };
  if (check && fresh && check.result === "invalid")
    return { status: "business_unvalidated", viesFallback: false };
  if (settings.viesUnavailable === "fallback_consumer")
    return { status: "business_unvalidated", viesFallback: true };
  throw new AppError(
    "billing.vat_number_unverified",
    409,
    `The buyer's EU VAT number ${customer.eu_vat_number} has no valid VIES confirmation from the last ${settings.viesMaxAgeDays} days, and the provider waits for one before invoicing. Check it again (VIES may be unreachable) and retry.`,
  );
}

function buyerOf(c: Pick<BillingCustomerRow, "kind" | "eu_vat_number" | "country">) {
  return { kind: c.kind, euVatNumber: c.eu_vat_number, country: c.country };
}

/** Decides VAT for each requested line (or takes the staff override). */
export async function decideLines(
  db: Db,
  lines: LineRequest[],
  ctx: {
    seller: Party;
    buyerCountry: string;
    buyer: { status: BuyerVatStatus; viesFallback: boolean };
    taxPoint: string;
  },
): Promise<PreparedLine[]> {
  const rates = await ratesForCountries(db, [...new Set([ctx.seller.country, ctx.buyerCountry])]);
  const rows = rates.map((r) => ({
    country: r.country,
    rateBp: r.rate_bp,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
  return lines.map((l) => {
    let d: { category: VatCategory; rateBp: number; country: string; reason: VatReason };
    if (l.vat) {
      d = {
        category: l.vat.category,
        rateBp: l.vat.rateBp,
        country: l.vat.country ?? ctx.seller.country,
        reason: l.vat.reason ?? "manual",
      };
    } else {
      try {
        d = decideVat({
          sellerCountry: ctx.seller.country,
          buyerCountry: ctx.buyerCountry,
          buyer: ctx.buyer.status,
          supply: l.supply ?? "electronic",
          viesFallback: ctx.buyer.viesFallback,
          rateOn: (country) => pickRate(rows, country, ctx.taxPoint),
        });
      } catch (error) {
        if (error instanceof VatRateMissingError)
          throw new AppError(
            "billing.vat_rate_missing",
            409,
            `No VAT rate is recorded for ${error.country} on ${ctx.taxPoint}. Add it under VAT rates.`,
          );
        if (error instanceof VatRuleError)
          throw new AppError(
            `billing.${error.code}`,
            409,
            `${error.message}. Correct the billing data before issuing.`,
          );
        throw error;
      }
    }
    return {
      description: l.description.trim(),
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discount: l.discount ?? Money.zero(l.unitPrice.currency),
      vatCategory: d.category,
      vatRateBp: d.rateBp,
      vatCountry: d.country,
      vatReason: d.reason,
      serviceId: l.serviceId ?? null,
      productId: l.productId ?? null,
      periodFrom: l.periodFrom ?? null,
      periodTo: l.periodTo ?? null,
      correctsPosition: null,
    };
  });
}

/** The rate to HUF on the tax point (the latest published on or before it). */
export async function exchangeRateFor(
  db: Db,
  currency: CurrencyCode,
  taxPoint: string,
): Promise<{ rate: string; date: string } | null> {
  if (currency === "HUF") return null;
  const r = await exchangeRateOn(db, currency, taxPoint);
  if (!r)
    throw new AppError(
      "billing.exchange_rate_missing",
      409,
      `No ${currency}/HUF exchange rate is recorded on or before ${taxPoint}. Add the MNB rate under Exchange rates.`,
    );
  return { rate: r.rate, date: r.rate_date };
}

export interface ComposeInput {
  kind: DocumentKind;
  customerId: string;
  buyer: Party;
  seller: Party;
  language: "hu" | "en";
  currency: CurrencyCode;
  issueDate: string;
  fulfilmentDate: string | null;
  dueDate: string | null;
  exchange: { rate: string; date: string } | null;
  paymentMethod: PaymentMethod;
  note: string | null;
  lines: PreparedLine[];
  cashAccounting: boolean;
}

/** Totals, VAT breakdown and HUF figures of a document, computed once, the EN 16931 way. */
export function composeDocument(input: ComposeInput) {
  const totals = computeTotals(
    input.currency,
    input.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      vatCategory: l.vatCategory,
      vatRateBp: l.vatRateBp,
    })),
  );
  const toHuf = (m: Money): bigint =>
    input.exchange ? m.multiply(input.exchange.rate).minor : m.minor;
  const breakdown: VatBreakdownView[] = totals.breakdown.map((b) => {
    const ex = exemptionFor(b.vatCategory as VatCategory, input.language);
    return {
      vatCategory: b.vatCategory as VatCategory,
      vatRateBp: b.vatRateBp,
      taxable: b.taxable.minor,
      vat: b.vat.minor,
      vatHuf: toHuf(b.vat),
      exemptionText: ex?.text ?? null,
      exemptionCode: ex?.code ?? null,
    };
  });
  const vatHuf = breakdown.reduce((a, b) => a + b.vatHuf, 0n);
  return { totals, breakdown, vatHuf };
}

export interface WriteInput extends ComposeInput {
  series: string;
  numberFormat: string;
  correctsId: string | null;
  correctionType: "storno" | "modification" | null;
  modificationIndex: number | null;
  proformaId: string | null;
  withPaymentReference: boolean;
}

/**
 * The rows of a numbered document as they are written — frozen buyer and seller, totals, VAT
 * breakdown, lines. One place for issueDocument, credit notes and bulk issuing.
 */
export function documentRows(
  input: WriteInput,
  composed: ReturnType<typeof composeDocument>,
  sequence: number,
  now: Date,
  actor: Actor,
): { doc: DocumentInsert; lines: LineInsert[] } {
  const { totals, breakdown, vatHuf } = composed;
  const year = Number(input.issueDate.slice(0, 4));
  const number = formatDocumentNumber(input.numberFormat, input.series, year, sequence);
  const id = newId("inv", now.getTime());
  const doc: DocumentInsert = {
    id,
    kind: input.kind,
    series: input.series,
    number,
    customerId: input.customerId,
    status: totals.gross.isZero() ? "paid" : "open",
    issueDate: input.issueDate,
    fulfilmentDate: input.fulfilmentDate,
    dueDate: input.dueDate,
    currency: input.currency,
    exchangeRate: input.exchange?.rate ?? null,
    exchangeRateDate: input.exchange?.date ?? null,
    net: totals.net.minor,
    vat: totals.vat.minor,
    gross: totals.gross.minor,
    vatHuf,
    vatBreakdown: storeBreakdown(breakdown) as unknown as Record<string, unknown>[],
    buyer: input.buyer,
    seller: input.seller,
    language: input.language,
    correctsId: input.correctsId,
    correctionType: input.correctionType,
    modificationIndex: input.modificationIndex,
    paymentMethod: input.paymentMethod,
    paymentReference: input.withPaymentReference
      ? paymentReferenceFor(input.series, year, sequence)
      : null,
    cashAccounting: input.cashAccounting,
    note: input.note,
    proformaId: input.proformaId,
    paidAmount: 0n,
    paidAt: totals.gross.isZero() ? now : null,
    issuedBy: actor.type === "user" ? actor.userId : actor.name,
    now,
  };
  const lines = input.lines.map((l, i): LineInsert => ({
    id: newId("inl", now.getTime()),
    documentId: id,
    position: i + 1,
    serviceId: l.serviceId,
    productId: l.productId,
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unitCode: l.unit,
    unitPrice: l.unitPrice.minor,
    discount: l.discount.minor,
    vatCategory: l.vatCategory,
    vatRateBp: l.vatRateBp,
    vatCountry: l.vatCountry,
    vatReason: l.vatReason,
    net: totals.lines[i]!.net.minor,
    vat: totals.lines[i]!.vat.minor,
    gross: totals.lines[i]!.gross.minor,
    periodFrom: l.periodFrom,
    periodTo: l.periodTo,
    correctsPosition: l.correctsPosition,
  }));
  return { doc, lines };
}

/**
 * Allocates the next number of the series and writes the document and its lines, frozen. The
 * counter row stays locked until the caller's transaction ends: numbers are gapless.
 */
export async function writeDocument(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: WriteInput,
  actor: Actor,
): Promise<{ id: string; number: string; gross: Money; net: Money; vat: Money }> {
  const composed = composeDocument(input);
  const { totals } = composed;
  const year = Number(input.issueDate.slice(0, 4));
  const sequence = await nextDocumentSequence(tx, input.series, year);
  const { doc, lines } = documentRows(input, composed, sequence, deps.clock.now(), actor);
  const { id, number } = doc;
  await insertDocument(tx, doc);
  await insertDocumentLines(tx, lines);
  await writeAudit(tx, deps.clock, actor, {
    action: `billing.${input.kind}_issued`,
    subjectType: "document",
    subjectId: id,
    customerId: input.customerId,
    data: { number, gross: totals.gross.toJSON() },
  });
  return { id, number, gross: totals.gross, net: totals.net, vat: totals.vat };
}

export function seriesFor(settings: InvoicingSettings, kind: DocumentKind): string {
  if (kind === "proforma") return settings.series.proforma;
  if (kind === "credit_note") return settings.series.creditNote;
  return settings.series.invoice;
}

/**
 * Issues a proforma or an invoice inside the caller's transaction: decides VAT per line, takes
 * the exchange rate, allocates the next gapless number, freezes buyer and seller data and the
 * totals, posts the invoice to the ledger (proformas have no tax or ledger effect), applies
 * credit held on the account, and queues the e-mail with the PDF.
 */
export async function issueDocument(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  req: IssueRequest,
  actor: Actor,
): Promise<{ id: string; number: string; gross: Money }> {
  validateRequest(req);
  const customer = await findCustomerForBilling(tx, req.customerId);
  if (!customer) throw new AppError("not_found", 404, "The customer does not exist.");
  const [seller, settings] = await Promise.all([requireSeller(tx), getInvoicingSettings(tx)]);
  const now = deps.clock.now();
  const today = localDate(now, deps.config.timeZone);
  const { issueDate, fulfilmentDate, taxPoint, dueDate } = documentDates(req, settings, today);
  const buyerStatus = await buyerVatStatus(tx, customer, seller, settings, now);
  const lines = await decideLines(tx, req.lines, {
    seller,
    buyerCountry: customer.country,
    buyer: buyerStatus,
    taxPoint,
  });
  const exchange = await exchangeRateFor(tx, req.currency, taxPoint);
  const language = customer.language === "en" ? "en" : "hu";
  const doc = await writeDocument(
    tx,
    deps,
    {
      kind: req.kind,
      customerId: customer.id,
      buyer: buyerParty(customer),
      seller,
      language,
      currency: req.currency,
      issueDate,
      fulfilmentDate,
      dueDate,
      exchange,
      paymentMethod: req.paymentMethod ?? "transfer",
      note: req.note?.trim() || null,
      lines,
      cashAccounting: settings.cashAccounting,
      series: seriesFor(settings, req.kind),
      numberFormat: settings.numberFormat,
      correctsId: null,
      correctionType: null,
      modificationIndex: null,
      proformaId: req.proformaId ?? null,
      withPaymentReference: true,
    },
    actor,
  );
  if (req.kind === "invoice") {
    await postLedger(
      tx,
      deps,
      {
        customerId: customer.id,
        currency: req.currency,
        event: { kind: "invoice", net: doc.net.minor, vat: doc.vat.minor },
        documentId: doc.id,
        memo: doc.number,
      },
      actor,
    );
    if (settings.applyCreditAutomatically && !req.proformaId)
      await applyAccountCredit(tx, deps, customer.id, req.currency, actor);
  }
  if (!req.deferFollowUp)
    await afterIssue(tx, deps, doc.id, customer.id, { silent: req.silent ?? false });
  return { id: doc.id, number: doc.number, gross: doc.gross };
}

export type { DocumentView };
