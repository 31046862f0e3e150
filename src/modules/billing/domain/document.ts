/**
 * The issued document as every renderer sees it (PDF, UBL, NAV XML, API detail): a frozen,
 * self-contained value. Amounts are integer minor units (bigint) of the document currency.
 *
 * Sign convention (Hungarian practice, and what NAV expects): a credit note (storno or
 * modification that lowers the amount) carries NEGATIVE quantities and amounts. Renderers that
 * need positive amounts (UBL CreditNote) flip the sign themselves.
 */

export type DocumentKind = "proforma" | "invoice" | "credit_note";

/** storno = the whole original reversed; modification = a partial correction (NAV MODIFY). */
export type CorrectionType = "storno" | "modification";

/** UNCL 5305 VAT category codes used by EN 16931. */
export type VatCategory = "S" | "Z" | "E" | "AE" | "K" | "G" | "O";

/**
 * Why a line has its VAT treatment; stored on the line.
 * - domestic: seller and buyer in the same country (or general-rule B2C) → seller's rate.
 * - eu_b2b_reverse_charge: EU business buyer with a validated VAT number → AE, 0 %.
 * - eu_b2c_oss: EU consumer, electronically supplied service → buyer country's rate (OSS).
 * - eu_b2c_vies_fallback: the buyer's VAT number could not be checked (VIES unreachable) and the
 *   provider chose to fall back to consumer treatment.
 * - non_eu_out_of_scope: buyer outside the EU → O, not subject to VAT here.
 * - seller_country_b2c: consumer outside the OSS rule (general service) → seller's rate.
 * - manual: staff set the category and rate by hand on a manual invoice.
 */
export type VatReason =
  | "domestic"
  | "eu_b2b_reverse_charge"
  | "eu_b2c_oss"
  | "eu_b2c_vies_fallback"
  | "non_eu_out_of_scope"
  | "seller_country_b2c"
  | "manual";

/** Units we invoice in; each maps to UN/ECE Rec 20 (UBL) and to NAV's unitOfMeasure. */
export type UnitCode = "piece" | "hour" | "day" | "month" | "year";

export const UNIT_CODES: readonly UnitCode[] = ["piece", "hour", "day", "month", "year"];

export type PaymentMethod = "transfer" | "card" | "cash" | "other";

/** A buyer's electronic invoice address (BT-49): scheme per ISO 6523 ICD, e.g. 0037 = Finnish OVT. */
export interface EInvoiceAddress {
  scheme: string;
  id: string;
  /** Finnish e-invoice operator id (välittäjätunnus), when the scheme is 0037. */
  operatorId: string | null;
}

export interface BankAccount {
  iban: string;
  bic: string | null;
  bankName: string | null;
}

export interface Party {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  /** Hungarian tax number `12345678-1-23` (seller always; a Hungarian business buyer). */
  taxNumber: string | null;
  /** EU VAT number with country prefix, `HU12345678`, `FI12345671`. */
  euVatNumber: string | null;
  /** Buyer only: company or private person (drives NAV customerVatStatus and VAT decisions). */
  kind?: "company" | "person";
  /** Seller: company registration number (cégjegyzékszám). */
  registrationNumber?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Seller: where to pay. */
  bankAccount?: BankAccount | null;
  /** Buyer: e-invoice endpoint. */
  eInvoiceAddress?: EInvoiceAddress | null;
  /** Seller: the provider is a small business exempt from VAT (alanyi adómentes). */
  vatExempt?: boolean;
}

export interface DocumentLineView {
  position: number;
  description: string;
  /** Decimal string, up to 4 decimals; negative on credit notes. */
  quantity: string;
  unit: UnitCode;
  /** Net unit price (before the line discount), minor units, never negative. */
  unitPrice: bigint;
  /** Line allowance (discount) in minor units, ≥ 0 in absolute value, same sign as net. */
  discount: bigint;
  /** quantity × unitPrice − discount, rounded half-even. */
  net: bigint;
  vat: bigint;
  gross: bigint;
  vatCategory: VatCategory;
  vatRateBp: number;
  /** The country whose VAT applies (HU domestic, buyer country under OSS). */
  vatCountry: string;
  vatReason: VatReason;
  periodFrom: string | null;
  periodTo: string | null;
  /** On a modification/storno: the position on the original document this line corrects. */
  correctsPosition: number | null;
}

export interface VatBreakdownView {
  vatCategory: VatCategory;
  vatRateBp: number;
  taxable: bigint;
  vat: bigint;
  /** VAT of this group in HUF (exchange rate applied), required by Hungarian law. */
  vatHuf: bigint;
  /** For AE/O/E/Z/K/G: the legal wording printed on the document, in the document language. */
  exemptionText: string | null;
  /** VATEX code (EN 16931 BT-121), e.g. VATEX-EU-AE. */
  exemptionCode: string | null;
}

export interface CorrectedDocumentRef {
  id: string;
  number: string;
  issueDate: string;
  /** 1 for the first correction of the original, 2 for the second… (NAV modificationIndex). */
  modificationIndex: number;
}

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  correctionType: CorrectionType | null;
  series: string;
  number: string;
  issueDate: string;
  /** Teljesítés dátuma (tax point); null on proformas. */
  fulfilmentDate: string | null;
  dueDate: string | null;
  currency: "HUF" | "EUR";
  /** HUF per 1 unit of currency, decimal string (e.g. "395.12"); "1" for HUF. */
  exchangeRate: string;
  exchangeRateDate: string | null;
  language: "hu" | "en";
  paymentMethod: PaymentMethod;
  /** Proformas and invoices: the reference to quote on a bank transfer. */
  paymentReference: string | null;
  /** Cash-basis accounting (pénzforgalmi elszámolás) printed on the invoice. */
  cashAccounting: boolean;
  seller: Party;
  buyer: Party;
  corrects: CorrectedDocumentRef | null;
  /** Proforma → the invoice issued when it was paid. */
  note: string | null;
  lines: DocumentLineView[];
  breakdown: VatBreakdownView[];
  totals: {
    net: bigint;
    vat: bigint;
    gross: bigint;
    /** Total VAT in HUF. */
    vatHuf: bigint;
    /** Already settled (payments, credit notes, account credit). */
    paid: bigint;
    /** gross − paid. */
    due: bigint;
  };
  /** ISO timestamp the document was created (NAV invoiceIssueDate is the date; this is kept). */
  createdAt: string;
}
