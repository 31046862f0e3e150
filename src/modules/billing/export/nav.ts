/**
 * NAV Online Számla 3.0 `InvoiceData` XML for an issued document (invoice, storno, modification):
 * the data report a Hungarian seller sends to the tax authority (Áfa tv. 10. melléklet). Pure: a
 * DocumentView in, a UTF-8 XML string out. Validated in tests against NAV's XSDs and compared with
 * NAV's own samples (../shared/standards/nav-online-szamla-3.0).
 *
 * Decisions (each with its source):
 * - invoiceAppearance ELECTRONIC: Kapu e-mails a PDF, i.e. an invoice created and sent in
 *   electronic form that is not EDI ("Elektronikus formában előállított, nem EDI számla",
 *   invoiceBase.xsd). PAPER would be a printed invoice, EDI a structured exchange, UNKNOWN is for
 *   software that cannot tell. completenessIndicator stays false: the report is not itself the
 *   invoice.
 * - VAT of a line (lineVatRate and summaryByVatRate/vatRate):
 *   S with the seller's country (HU) → vatPercentage (basis points / 10000: 2700 → 0.27);
 *   AE for an EU business (services, place of supply in the buyer's member state, Áfa tv. 37. §
 *   (1)) → vatOutOfScope EUFAD37; AE with a Hungarian VAT country → vatDomesticReverseCharge;
 *   S with another member state's VAT (OSS, Áfa tv. 46. §) → vatOutOfScope EUE ("másik
 *   tagállamban teljesített, nem fordítottan adózó ügylet"); O outside the EU → vatOutOfScope HO
 *   ("harmadik országban teljesített ügylet"), O in Hungary → ATK; E → vatExemption AAM (seller
 *   alanyi adómentes) or TAM; K → KBAET; G → EAM; Z is refused (Hungary has no zero rate). The
 *   `reason` is the wording printed on the document (NAV: "a számlán szereplő szöveg"), else a
 *   legal reference.
 * - OSS lines carry no VAT in the report: the German or Slovenian VAT on them is not Hungarian VAT;
 *   NAV refuses foreign rates as vatPercentage and flags VAT data next to vatOutOfScope
 *   (INCORRECT_LINE_DATA_VAT_OUT_OF_SCOPE_NORMAL, INCORRECT_SUMMARY_DATA_VAT_OUT_OF_SCOPE_NORMAL),
 *   so their VAT is 0 and gross = net. Such invoices are moreover exempt from data reporting
 *   (Áfa tv. 10. melléklet 1. pont): see isNavReportable. They are still rendered, e.g. for the
 *   23/2014. NGM rendelet data export, which may use this structure.
 * - Corrections (storno and modification) are NAV modification documents: invoiceReference with
 *   modifyWithoutMaster false, and every line is a new line (lineOperation CREATE) whose
 *   lineNumberReference continues the numbering of the whole invoice chain — the original's lines
 *   plus the lines every earlier correction created — as in NAV's samples (`Modositas es
 *   ervenytelenites 1/2`: the original has 5 lines, modification 1 creates line 6, the storno
 *   (modification 2) creates lines 7–12). The view does not know that count, so the caller passes
 *   it (NavRenderOptions.chainLineCount); it is derived only for a first storno, which reverses
 *   every line of the original.
 * - A line discount (unit price before the discount) is lineDiscountData/discountValue, so that
 *   quantity × unitPrice − discountValue = lineNetAmount, as NAV checks and as in its sample
 *   `Belfoldi termekertekesites tetelbol adott engedmennyel`.
 * - HUF amounts: net and the unit price are converted with the document's exchange rate (net
 *   rounded half-even to the fillér, unit price exact); VAT in HUF is the document's own figure
 *   (breakdown vatHuf, whose sum is totals.vatHuf) spread over the lines of its group, so the
 *   report states the VAT in HUF the invoice prints. Gross = net + VAT in both currencies.
 */
import { Money, type CurrencyCode } from "../../../platform/money/index.ts";
import type {
  DocumentLineView,
  DocumentView,
  Party,
  PaymentMethod,
  UnitCode,
  VatBreakdownView,
} from "../domain/document.ts";
import { isEu } from "../domain/vat.ts";

export const NAV_DATA_NS = "http://schemas.nav.gov.hu/OSA/3.0/data";
export const NAV_BASE_NS = "http://schemas.nav.gov.hu/OSA/3.0/base";
export const NAV_COMMON_NS = "http://schemas.nav.gov.hu/NTCA/1.0/common";

export interface NavRenderOptions {
  /**
   * Corrections only: the number of lines the invoice chain already has at NAV — the lines of the
   * original invoice plus the lines created by every earlier correction of it (modificationIndex
   * 1 … n−1). This document's lines are numbered on from there (lineNumberReference).
   */
  chainLineCount?: number;
}

/**
 * Whether the document must be reported to NAV Online Számla. Not: proformas (not invoices),
 * sellers outside Hungary, and invoices whose every line is an OSS supply taxed in another member
 * state (Áfa tv. 10. melléklet 1. pont).
 */
export function isNavReportable(doc: DocumentView): boolean {
  if (doc.kind === "proforma" || doc.seller.country.toUpperCase() !== "HU") return false;
  return !doc.lines.every((l) => isOtherMemberStateVat(doc, l));
}

/** The `InvoiceData` XML of an issued invoice, storno or modification (not of a proforma). */
export function renderNavInvoiceData(doc: DocumentView, options: NavRenderOptions = {}): string {
  if (doc.kind === "proforma") {
    throw new Error(`${doc.number} is a proforma: proformas are not invoices and are not reported`);
  }
  if (doc.seller.country.toUpperCase() !== "HU") {
    throw new Error(`NAV data reporting is for Hungarian sellers, not ${doc.seller.country}`);
  }
  if (doc.lines.length === 0) throw new Error(`${doc.number} has no lines`);
  const correction = doc.correctionType !== null;
  if (doc.kind === "credit_note" && !correction) {
    throw new Error(`${doc.number} is a credit note without a correction type`);
  }
  if (correction && doc.corrects === null) {
    throw new Error(`${doc.number} is a ${doc.correctionType} but names no corrected invoice`);
  }
  const index = doc.corrects?.modificationIndex;
  if (correction && (!Number.isSafeInteger(index) || index! < 1)) {
    throw new Error(`${doc.number}: modificationIndex must be 1 or more, got ${index}`);
  }
  const firstReference = correction ? chainLineCount(doc, options) + 1 : 0;
  const amounts = lineAmounts(doc);
  const summary = summarize(amounts);

  const invoice = el(
    "invoice",
    doc.corrects !== null && correction
      ? el(
          "invoiceReference",
          text("originalInvoiceNumber", doc.corrects.number, 50),
          text("modifyWithoutMaster", "false"),
          text("modificationIndex", String(doc.corrects.modificationIndex)),
        )
      : null,
    el("invoiceHead", supplierInfo(doc), customerInfo(doc.buyer), invoiceDetail(doc)),
    el(
      "invoiceLines",
      text("mergedItemIndicator", "false"),
      ...amounts.map((a, i) => line(doc, a, i + 1, correction ? firstReference + i : null)),
    ),
    el(
      "invoiceSummary",
      el(
        "summaryNormal",
        ...summary.groups.map((g) =>
          el(
            "summaryByVatRate",
            el("vatRate", ...g.vatRate),
            el(
              "vatRateNetData",
              amount("vatRateNetAmount", g.net),
              amount("vatRateNetAmountHUF", g.netHuf),
            ),
            el(
              "vatRateVatData",
              amount("vatRateVatAmount", g.vat),
              amount("vatRateVatAmountHUF", g.vatHuf),
            ),
            el(
              "vatRateGrossData",
              amount("vatRateGrossAmount", g.net + g.vat),
              amount("vatRateGrossAmountHUF", g.netHuf + g.vatHuf),
            ),
          ),
        ),
        amount("invoiceNetAmount", summary.net),
        amount("invoiceNetAmountHUF", summary.netHuf),
        amount("invoiceVatAmount", summary.vat),
        amount("invoiceVatAmountHUF", summary.vatHuf),
      ),
      el(
        "summaryGrossData",
        amount("invoiceGrossAmount", summary.net + summary.vat),
        amount("invoiceGrossAmountHUF", summary.netHuf + summary.vatHuf),
      ),
    ),
  );

  const root = el(
    "InvoiceData",
    text("invoiceNumber", doc.number, 50),
    text("invoiceIssueDate", date(doc.issueDate)),
    text("completenessIndicator", "false"),
    el("invoiceMain", invoice),
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    serialize(
      root,
      0,
      ` xmlns="${NAV_DATA_NS}" xmlns:common="${NAV_COMMON_NS}" xmlns:base="${NAV_BASE_NS}"`,
    )
  );
}

// ---------------------------------------------------------------------------------------------
// Head

function supplierInfo(doc: DocumentView): XmlNode {
  const seller = doc.seller;
  if (seller.taxNumber === null) throw new Error("The seller has no Hungarian tax number");
  // The seller's community VAT number is printed (Áfa tv. 169. § d) db)) on supplies to other
  // member states; NAV's sample of such an invoice (Tagorszagi devizas szamla) reports it.
  const community =
    isEu(doc.buyer.country) && doc.buyer.country.toUpperCase() !== "HU"
      ? communityVatNumber(seller.euVatNumber)
      : null;
  const iban = seller.bankAccount ? seller.bankAccount.iban.replace(/\s+/g, "").toUpperCase() : "";
  return el(
    "supplierInfo",
    el("supplierTaxNumber", ...taxNumber(seller.taxNumber, "seller")),
    community !== null ? text("communityVatNumber", community) : null,
    text("supplierName", seller.name, 512),
    el("supplierAddress", simpleAddress(seller)),
    // Optional; an account that is neither an IBAN nor a Hungarian GIRO number is left out.
    BANK_ACCOUNT.test(iban) ? text("supplierBankAccountNumber", iban) : null,
  );
}

const BANK_ACCOUNT = /^(?:\d{8}-\d{8}-\d{8}|\d{8}-\d{8}|[A-Z]{2}\d{2}[0-9A-Za-z]{11,30})$/;

/**
 * customerVatStatus: DOMESTIC for a buyer with a Hungarian tax number (customerTaxNumber);
 * PRIVATE_PERSON for a natural person without one — then nothing else may be sent
 * (CUSTOMER_DATA_NOT_EXPECTED); OTHER for everyone else (foreign businesses, Hungarian
 * organisations without a VAT number), with the EU VAT number or a third-country tax id if known.
 */
function customerInfo(buyer: Party): XmlNode {
  const country = buyer.country.toUpperCase();
  const euVat = communityVatNumber(buyer.euVatNumber);
  let status: "DOMESTIC" | "PRIVATE_PERSON" | "OTHER";
  let vatData: XmlNode | null = null;
  if (buyer.taxNumber !== null && buyer.taxNumber.trim() !== "") {
    status = "DOMESTIC";
    vatData = el("customerTaxNumber", ...taxNumber(buyer.taxNumber, "buyer"));
  } else if (buyer.kind === "person" && euVat === null) {
    status = "PRIVATE_PERSON";
  } else if (euVat !== null && /^HU\d{8}$/.test(euVat)) {
    // A Hungarian VAT number carries the taxpayer id; vatCode and countyCode are optional.
    status = "DOMESTIC";
    vatData = el("customerTaxNumber", text("base:taxpayerId", euVat.slice(2, 10)));
  } else {
    status = "OTHER";
    if (euVat !== null) {
      vatData = isEu(country)
        ? text("communityVatNumber", euVat)
        : text("thirdStateTaxId", euVat, 50);
    }
  }
  if (status === "PRIVATE_PERSON") {
    return el("customerInfo", text("customerVatStatus", status));
  }
  return el(
    "customerInfo",
    text("customerVatStatus", status),
    vatData !== null ? el("customerVatData", vatData) : null,
    text("customerName", buyer.name, 512),
    el("customerAddress", simpleAddress(buyer)),
  );
}

const PAYMENT_METHODS: Record<PaymentMethod, string> = {
  transfer: "TRANSFER",
  card: "CARD",
  cash: "CASH",
  other: "OTHER",
};

function invoiceDetail(doc: DocumentView): XmlNode {
  const periods = doc.lines.filter((l) => l.periodFrom !== null && l.periodTo !== null);
  const start = periods.map((l) => l.periodFrom!).sort()[0];
  const end = periods
    .map((l) => l.periodTo!)
    .sort()
    .at(-1);
  return el(
    "invoiceDetail",
    text("invoiceCategory", "NORMAL"),
    // Teljesítés dátuma; "if not on the invoice, the issue date" (invoiceData.xsd).
    text("invoiceDeliveryDate", date(doc.fulfilmentDate ?? doc.issueDate)),
    start !== undefined ? text("invoiceDeliveryPeriodStart", date(start)) : null,
    end !== undefined ? text("invoiceDeliveryPeriodEnd", date(end)) : null,
    text("currencyCode", doc.currency),
    text("exchangeRate", exchangeRate(doc)),
    text("paymentMethod", PAYMENT_METHODS[doc.paymentMethod]),
    doc.dueDate !== null ? text("paymentDate", date(doc.dueDate)) : null,
    doc.cashAccounting ? text("cashAccountingIndicator", "true") : null,
    text("invoiceAppearance", "ELECTRONIC"),
  );
}

const TAX_NUMBER = /^(\d{8})-?([1-5])-?(\d{2})$/;

/** `12345676-2-41` → taxpayerId 12345676, vatCode 2, countyCode 41. */
function taxNumber(value: string, whose: string): XmlNode[] {
  const m = TAX_NUMBER.exec(value.trim());
  if (!m) throw new Error(`The ${whose}'s tax number is not a Hungarian tax number: ${value}`);
  return [
    text("base:taxpayerId", m[1]!),
    text("base:vatCode", m[2]!),
    text("base:countyCode", m[3]!),
  ];
}

const COMMUNITY_VAT_NUMBER = /^[A-Z]{2}[0-9A-Z]{2,13}$/;

/** An EU VAT number in NAV's form (no spaces, dots or dashes), or null if there is none. */
function communityVatNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const v = value.replace(/[\s.-]/g, "").toUpperCase();
  return COMMUNITY_VAT_NUMBER.test(v) ? v : null;
}

const POSTAL_CODE = /^[A-Z0-9][A-Z0-9\s-]{1,8}[A-Z0-9]$/;

function simpleAddress(party: Party): XmlNode {
  const postal = party.postalCode.trim().toUpperCase();
  const city = clean(party.city);
  const detail = clean(party.addressLine);
  return el(
    "base:simpleAddress",
    text("base:countryCode", party.country.toUpperCase()),
    // "Where a postal code does not apply, 0000" (invoiceBase.xsd).
    text("base:postalCode", POSTAL_CODE.test(postal) ? postal : "0000"),
    text("base:city", city, 255),
    text("base:additionalAddressDetail", detail !== "" ? detail : city, 255),
  );
}

// ---------------------------------------------------------------------------------------------
// Lines and amounts

interface NavVatRate {
  /** Identifies the summary group: equal keys, equal vatRate element. */
  key: string;
  nodes: XmlNode[];
  /** false: the line's VAT is not Hungarian VAT (OSS) or there is none; reported as 0. */
  charged: boolean;
}

interface LineAmounts {
  line: DocumentLineView;
  rate: NavVatRate;
  net: bigint;
  netHuf: bigint;
  vat: bigint;
  vatHuf: bigint;
}

const UNITS: Record<UnitCode, [string, string | null]> = {
  piece: ["PIECE", null],
  hour: ["HOUR", null],
  day: ["DAY", null],
  month: ["MONTH", null],
  year: ["OWN", "év"],
};

function line(
  doc: DocumentView,
  a: LineAmounts,
  lineNumber: number,
  reference: number | null,
): XmlNode {
  const l = a.line;
  const [unit, ownUnit] = UNITS[l.unit];
  return el(
    "line",
    text("lineNumber", String(lineNumber)),
    reference !== null
      ? el(
          "lineModificationReference",
          text("lineNumberReference", String(reference)),
          text("lineOperation", "CREATE"),
        )
      : null,
    el("advanceData", text("advanceIndicator", "false")),
    text("lineExpressionIndicator", "true"),
    text("lineNatureIndicator", "SERVICE"),
    text("lineDescription", l.description, 512),
    text("quantity", quantity(l.quantity)),
    text("unitOfMeasure", unit),
    ownUnit !== null ? text("unitOfMeasureOwn", ownUnit) : null,
    text("unitPrice", formatScaled(l.unitPrice, 2)),
    text("unitPriceHUF", unitPriceHuf(doc, l.unitPrice)),
    l.discount !== 0n
      ? el(
          "lineDiscountData",
          text("discountDescription", doc.language === "hu" ? "Árengedmény" : "Discount"),
          amount("discountValue", l.discount),
        )
      : null,
    el(
      "lineAmountsNormal",
      el("lineNetAmountData", amount("lineNetAmount", a.net), amount("lineNetAmountHUF", a.netHuf)),
      el("lineVatRate", ...a.rate.nodes),
      el("lineVatData", amount("lineVatAmount", a.vat), amount("lineVatAmountHUF", a.vatHuf)),
      el(
        "lineGrossAmountData",
        amount("lineGrossAmountNormal", a.net + a.vat),
        amount("lineGrossAmountNormalHUF", a.netHuf + a.vatHuf),
      ),
    ),
  );
}

/**
 * The reported amounts of every line. VAT in HUF: each breakdown group's vatHuf is spread over
 * its lines (each line's VAT converted, the rounding rest on the line with the largest VAT), so
 * the lines of a group add up to the group's vatHuf and all groups to totals.vatHuf.
 */
function lineAmounts(doc: DocumentView): LineAmounts[] {
  const toHuf = hufConverter(doc);
  const sumNet = doc.lines.reduce((s, l) => s + l.net, 0n);
  const sumVat = doc.lines.reduce((s, l) => s + l.vat, 0n);
  const sumVatHuf = doc.breakdown.reduce((s, b) => s + b.vatHuf, 0n);
  if (sumNet !== doc.totals.net || sumVat !== doc.totals.vat || sumVatHuf !== doc.totals.vatHuf) {
    throw new Error(
      `${doc.number}: lines and breakdown do not add up to the totals ` +
        `(net ${sumNet}/${doc.totals.net}, VAT ${sumVat}/${doc.totals.vat}, ` +
        `VAT HUF ${sumVatHuf}/${doc.totals.vatHuf})`,
    );
  }
  const lineVatHuf = new Map<DocumentLineView, bigint>();
  for (const group of doc.breakdown) {
    const lines = doc.lines.filter(
      (l) => l.vatCategory === group.vatCategory && l.vatRateBp === group.vatRateBp,
    );
    const converted = lines.map((l) => toHuf(l.vat));
    const rest = group.vatHuf - converted.reduce((s, v) => s + v, 0n);
    if (rest !== 0n) {
      let largest = -1;
      lines.forEach((l, i) => {
        if (l.vat !== 0n && (largest < 0 || abs(l.vat) > abs(lines[largest]!.vat))) largest = i;
      });
      if (largest < 0) {
        throw new Error(
          `${doc.number}: VAT group ${group.vatCategory} ${group.vatRateBp} has VAT in HUF but no VAT`,
        );
      }
      converted[largest] = converted[largest]! + rest;
    }
    lines.forEach((l, i) => lineVatHuf.set(l, converted[i]!));
  }
  return doc.lines.map((l) => {
    const vatHuf = lineVatHuf.get(l);
    if (vatHuf === undefined) {
      throw new Error(
        `${doc.number}: line ${l.position} (${l.vatCategory} ${l.vatRateBp}) is in no VAT group`,
      );
    }
    const rate = navVatRate(doc, l);
    return {
      line: l,
      rate,
      net: l.net,
      netHuf: toHuf(l.net),
      vat: rate.charged ? l.vat : 0n,
      vatHuf: rate.charged ? vatHuf : 0n,
    };
  });
}

interface SummaryGroup {
  vatRate: XmlNode[];
  net: bigint;
  netHuf: bigint;
  vat: bigint;
  vatHuf: bigint;
}

interface Summary {
  groups: SummaryGroup[];
  net: bigint;
  netHuf: bigint;
  vat: bigint;
  vatHuf: bigint;
}

/** One summaryByVatRate per distinct vatRate, in the order of first appearance. */
function summarize(amounts: readonly LineAmounts[]): Summary {
  const groups = new Map<string, SummaryGroup>();
  for (const a of amounts) {
    const g = groups.get(a.rate.key) ?? {
      vatRate: a.rate.nodes,
      net: 0n,
      netHuf: 0n,
      vat: 0n,
      vatHuf: 0n,
    };
    g.net += a.net;
    g.netHuf += a.netHuf;
    g.vat += a.vat;
    g.vatHuf += a.vatHuf;
    groups.set(a.rate.key, g);
  }
  const list = [...groups.values()];
  const total = (f: (g: SummaryGroup) => bigint) => list.reduce((s, g) => s + f(g), 0n);
  return {
    groups: list,
    net: total((g) => g.net),
    netHuf: total((g) => g.netHuf),
    vat: total((g) => g.vat),
    vatHuf: total((g) => g.vatHuf),
  };
}

/** Default reasons, when the document prints no exemption wording of its own. */
const REASONS = {
  EUFAD37: "Áfa tv. 37. § (1): a teljesítés helye másik tagállam, fordított adózás",
  EUE: "Másik tagállamban teljesített, nem fordítottan adózó ügylet (OSS, Áfa tv. 46. §)",
  HO: "Harmadik országban teljesített ügylet (Áfa tv. 37. § (1), 46. §)",
  ATK: "Áfa tárgyi hatályán kívül (Áfa tv. 2-3. §)",
  AAM: "Alanyi adómentes (Áfa tv. XIII. fejezet)",
  TAM: "Tárgyi adómentes (Áfa tv. 85-86. §)",
  KBAET: "Adómentes Közösségen belüli termékértékesítés (Áfa tv. 89. §)",
  EAM: "Adómentes termékexport (Áfa tv. 98-109. §)",
} as const;

/** True when the line carries another member state's VAT (OSS): S with a foreign EU country. */
function isOtherMemberStateVat(doc: DocumentView, l: DocumentLineView): boolean {
  const country = l.vatCountry.toUpperCase();
  return l.vatCategory === "S" && country !== doc.seller.country.toUpperCase() && isEu(country);
}

function navVatRate(doc: DocumentView, l: DocumentLineView): NavVatRate {
  const country = l.vatCountry.toUpperCase();
  const home = country === doc.seller.country.toUpperCase();
  const printed = breakdownOf(doc, l)?.exemptionText ?? null;
  const reasoned = (kind: "vatOutOfScope" | "vatExemption", code: keyof typeof REASONS) => {
    const reason = clean(printed ?? "") !== "" ? printed! : REASONS[code];
    return {
      key: `${kind}|${code}|${reason}`,
      nodes: [el(kind, text("case", code), text("reason", reason, 200))],
      charged: false,
    };
  };
  switch (l.vatCategory) {
    case "S":
      if (home) {
        const pct = vatPercentage(l.vatRateBp);
        return { key: `pct|${pct}`, nodes: [text("vatPercentage", pct)], charged: true };
      }
      if (isEu(country)) return reasoned("vatOutOfScope", "EUE");
      break;
    case "AE":
      if (home) {
        return {
          key: "domesticReverseCharge",
          nodes: [text("vatDomesticReverseCharge", "true")],
          charged: false,
        };
      }
      if (isEu(country)) return reasoned("vatOutOfScope", "EUFAD37");
      break;
    case "O":
      if (home) return reasoned("vatOutOfScope", "ATK");
      return reasoned("vatOutOfScope", isEu(country) ? "EUE" : "HO");
    case "E":
      return reasoned("vatExemption", doc.seller.vatExempt === true ? "AAM" : "TAM");
    case "K":
      return reasoned("vatExemption", "KBAET");
    case "G":
      return reasoned("vatExemption", "EAM");
    case "Z":
      break;
  }
  throw new Error(
    `${doc.number}: line ${l.position} has VAT ${l.vatCategory} ${l.vatRateBp} in ${country}, ` +
      "which has no NAV Online Számla equivalent",
  );
}

function breakdownOf(doc: DocumentView, l: DocumentLineView): VatBreakdownView | undefined {
  return doc.breakdown.find((b) => b.vatCategory === l.vatCategory && b.vatRateBp === l.vatRateBp);
}

/** Basis points as NAV's fraction: 2700 → "0.27", 2550 → "0.255", 500 → "0.05". */
function vatPercentage(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) throw new Error(`Invalid VAT rate ${bp}`);
  return formatScaled(BigInt(bp), 4, 2);
}

function chainLineCount(doc: DocumentView, options: NavRenderOptions): number {
  const given = options.chainLineCount;
  if (given !== undefined) {
    if (!Number.isSafeInteger(given) || given < 1) {
      throw new Error(`chainLineCount must be a positive integer, got ${given}`);
    }
    return given;
  }
  // A first storno reverses every line of the original, which has no other corrections yet:
  // the chain is exactly the original's lines, positions 1…n.
  const positions = doc.lines.map((l) => l.correctsPosition);
  if (
    doc.correctionType === "storno" &&
    doc.corrects?.modificationIndex === 1 &&
    positions.every((p, i) => p === i + 1)
  ) {
    return positions.length;
  }
  throw new Error(
    `${doc.number} corrects ${doc.corrects?.number ?? "?"}: pass chainLineCount, the number of ` +
      "lines of the original invoice plus those of its earlier corrections",
  );
}

// ---------------------------------------------------------------------------------------------
// Numbers

const RATE = /^\d{1,8}(?:\.\d{1,6})?$/;
const QUANTITY = /^-?\d{1,12}(?:\.\d{1,10})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function exchangeRate(doc: DocumentView): string {
  if (doc.currency === "HUF") return "1";
  if (!RATE.test(doc.exchangeRate) || !/[1-9]/.test(doc.exchangeRate)) {
    throw new Error(`${doc.number}: invalid exchange rate ${doc.exchangeRate}`);
  }
  return doc.exchangeRate;
}

/** Minor units of the document currency → HUF minor units, rounded half-even. */
function hufConverter(doc: DocumentView): (minor: bigint) => bigint {
  if (doc.currency === "HUF") return (minor) => minor;
  const rate = exchangeRate(doc);
  const currency: CurrencyCode = doc.currency;
  return (minor) => Money.of(minor, currency).multiply(rate).minor;
}

/** The unit price in HUF, exact (2 + up to 6 decimals fits QuantityType's 10). */
function unitPriceHuf(doc: DocumentView, minor: bigint): string {
  if (doc.currency === "HUF") return formatScaled(minor, 2);
  const rate = exchangeRate(doc);
  const [whole = "", fraction = ""] = rate.split(".");
  return formatScaled(minor * BigInt(whole + fraction), 2 + fraction.length, 2);
}

function quantity(value: string): string {
  if (!QUANTITY.test(value)) throw new Error(`Invalid quantity ${value}`);
  return value;
}

function date(value: string): string {
  if (!DATE.test(value)) throw new Error(`Invalid date ${value}`);
  return value;
}

/**
 * A scaled integer as a decimal string: formatScaled(-123450n, 2) → "-1234.50". Trailing zeros
 * beyond `minFraction` decimals are dropped: formatScaled(2550n, 4, 2) → "0.255".
 */
function formatScaled(value: bigint, scale: number, minFraction = scale): string {
  const negative = value < 0n;
  const digits = abs(value)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minFraction && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function amount(name: string, minor: bigint): XmlNode {
  return text(name, formatScaled(minor, 2));
}

// ---------------------------------------------------------------------------------------------
// XML

type XmlNode = { name: string; children: XmlNode[] } | { name: string; value: string };

function el(name: string, ...children: (XmlNode | null)[]): XmlNode {
  return { name, children: children.filter((c): c is XmlNode => c !== null) };
}

/**
 * A text element. NAV's text types forbid blank values and (by their `.*` patterns) line breaks,
 * so whitespace is collapsed; `max` truncates to the type's length in characters.
 */
function text(name: string, value: string, max?: number): XmlNode {
  let v = clean(value);
  if (v === "") throw new Error(`Empty value for ${name}`);
  if (max !== undefined && [...v].length > max) v = [...v].slice(0, max).join("").trimEnd();
  return { name, value: v };
}

/** Collapses whitespace and drops characters XML 1.0 does not allow. */
function clean(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

function escape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function serialize(node: XmlNode, depth: number, attributes = ""): string {
  const indent = "  ".repeat(depth);
  if ("value" in node) return `${indent}<${node.name}>${escape(node.value)}</${node.name}>\n`;
  const inner = node.children.map((c) => serialize(c, depth + 1)).join("");
  return `${indent}<${node.name}${attributes}>\n${inner}${indent}</${node.name}>\n`;
}
