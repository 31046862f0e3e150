import type {
  DocumentLineView,
  DocumentView,
  Party,
  PaymentMethod,
  UnitCode,
  VatBreakdownView,
  VatCategory,
} from "../domain/document.ts";

/**
 * EN 16931 e-invoice in UBL 2.1 syntax, Peppol BIS Billing 3.0 customization, for an issued
 * document: `Invoice` (type code 380) for an invoice, `CreditNote` (type code 381) for a credit
 * note. Pure: a DocumentView in, a UTF-8 XML string out.
 *
 * Checked against the OASIS UBL 2.1 XSDs and the CEN EN 16931 UBL schematron (ubl.test.ts).
 * Decisions the standards leave open, and the rules that drove them:
 *
 * - Signs: Kapu stores credit notes with negative quantities and amounts; a UBL CreditNote says
 *   "credit" through its type, so every quantity and amount is negated (the document then reads
 *   like the invoice it reverses). Unit prices are never negative (BR-27) and are not flipped.
 * - Seller electronic address (BT-34): the seller's EU VAT number with EAS 9910 (HU VAT) for a
 *   Hungarian VAT number, or the EAS code of its own country's VAT scheme; omitted when the seller
 *   has no EU VAT number (EN 16931 allows that; Peppol PEPPOL-EN16931-R020 does not).
 * - Buyer electronic address (BT-49): `buyer.eInvoiceAddress` (scheme → schemeID) when present;
 *   else the buyer's EU VAT number with its country's VAT EAS code (e.g. 9930 DE, 0213 FI);
 *   else omitted. EN 16931 makes BT-49 optional; Peppol (R010) requires it, but a consumer or
 *   a buyer outside the EU has no Peppol address, and such documents are not sent via Peppol.
 * - Buyer reference (BT-10): Peppol (R003) requires BT-10 or an order reference. DocumentView
 *   has no buyer reference yet, so BuyerReference carries the document number.
 * - VAT identifiers: the seller's EU VAT number is BT-31 (PartyTaxScheme VAT) and its Hungarian
 *   tax number (adószám) BT-32 (PartyTaxScheme "TAX"); the buyer's EU VAT number is BT-48. When
 *   any line is "O" (not subject to VAT) BT-31 and BT-48 are left out, as BR-O-02 demands.
 * - VAT in HUF: for a document not in HUF, TaxCurrencyCode (BT-6) is HUF and a second TaxTotal
 *   carries only the HUF VAT total (BT-111), as EN 16931 records the accounting-currency VAT.
 * - Tax point date (BT-7) is the fulfilment date (teljesítés dátuma).
 * - Exemption reason (BT-120/121) is written for AE, E, O, K and G groups only (BR-S-10 and
 *   BR-Z-10 forbid it on S and Z); O groups and O lines carry no percent (BR-O-05…07).
 * - Payment means (invoices only): transfer → 58 (SEPA credit transfer) in EUR, 30 (credit
 *   transfer) otherwise, with the seller's IBAN (BR-61; left out entirely when the seller has no
 *   bank account); card → 48; cash → 10; other → 1. PaymentID is the payment reference or the
 *   number. A credit note carries no payment means (Kapu does not know the buyer's account).
 * - Line discounts become line allowances (reason code 95 "Discount"); LineExtensionAmount is
 *   the line net.
 * - Before rendering, the totals are cross-checked (lines vs. breakdown vs. totals); an
 *   inconsistent document throws rather than producing an e-invoice that receivers reject.
 *
 * Throws a plain Error for a proforma: it is not a tax invoice and has no EN 16931 form.
 */

export const CUSTOMIZATION_ID =
  "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

const NS = {
  Invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  CreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;

/** UN/ECE Recommendation 20 unit codes. */
const UNIT: Record<UnitCode, string> = {
  piece: "C62",
  hour: "HUR",
  day: "DAY",
  month: "MON",
  year: "ANN",
};

/**
 * EAS (Peppol electronic address scheme) code of each country's VAT number scheme, for an
 * endpoint built from an EU VAT number ("HU12345678"). Countries without a VAT-number scheme in
 * the EAS list (e.g. SE) get no VAT-based endpoint.
 */
const VAT_EAS: Readonly<Record<string, string>> = {
  AT: "9914",
  BE: "9925",
  BG: "9926",
  CY: "9928",
  CZ: "9929",
  DE: "9930",
  DK: "0198",
  EE: "9931",
  EL: "9933",
  GR: "9933",
  ES: "9920",
  FI: "0213",
  FR: "9957",
  HR: "9934",
  HU: "9910",
  IE: "9935",
  IT: "0211",
  LT: "9937",
  LU: "9938",
  LV: "9939",
  MT: "9943",
  NL: "9944",
  PL: "9945",
  PT: "9946",
  RO: "9947",
  SI: "9949",
  SK: "9950",
};

/** Categories whose VAT breakdown carries an exemption reason (BT-120/121). */
const EXEMPT_CATEGORIES: ReadonlySet<VatCategory> = new Set(["AE", "E", "O", "K", "G"]);

const DISCOUNT_REASON = { hu: "Kedvezmény", en: "Discount" } as const;
const CASH_ACCOUNTING = { hu: "Pénzforgalmi elszámolás", en: "Cash accounting" } as const;

export function renderUbl(doc: DocumentView): string {
  if (doc.kind === "proforma") {
    throw new Error(
      `${doc.number} is a proforma, not a tax invoice: it has no EN 16931 (UBL) form`,
    );
  }
  assertConsistent(doc);
  const credit = doc.kind === "credit_note";
  const root = credit ? "CreditNote" : "Invoice";
  const lineTag = credit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
  const quantityTag = credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
  /** Kapu's sign → UBL sign: credit notes are written positive. */
  const s = (minor: bigint): bigint => (credit ? -minor : minor);
  const cur = doc.currency;
  const amount = (name: string, minor: bigint, currency: string = cur): Child =>
    leaf(name, formatMinor(minor), { currencyID: currency });
  const notSubjectToVat = doc.lines.some((l) => l.vatCategory === "O");
  const issueFields = [
    leaf("cbc:CustomizationID", CUSTOMIZATION_ID),
    leaf("cbc:ProfileID", PROFILE_ID),
    leaf("cbc:ID", doc.number),
    leaf("cbc:IssueDate", doc.issueDate),
  ];
  const notes = [
    doc.note,
    doc.cashAccounting ? CASH_ACCOUNTING[doc.language] : null,
    exchangeRateNote(doc),
  ].filter((n): n is string => n !== null && n.trim() !== "");
  // Peppol allows one document note (PEPPOL-EN16931-R002): all texts go into it.
  const note = notes.length > 0 ? leaf("cbc:Note", notes.join("\n")) : null;
  const taxPointDate = leaf("cbc:TaxPointDate", doc.fulfilmentDate);

  const header: Child[] = credit
    ? [...issueFields, taxPointDate, leaf("cbc:CreditNoteTypeCode", "381"), note]
    : [
        ...issueFields,
        leaf("cbc:DueDate", doc.dueDate),
        leaf("cbc:InvoiceTypeCode", "380"),
        note,
        taxPointDate,
      ];

  const taxTotals: Child[] = [
    el("cac:TaxTotal", [
      amount("cbc:TaxAmount", s(doc.totals.vat)),
      ...doc.breakdown.map((b) => taxSubtotal(b, s, amount)),
    ]),
  ];
  if (cur !== "HUF") {
    // BT-111: the VAT total in the VAT accounting currency; no subtotals (PEPPOL-EN16931-R054).
    taxTotals.push(el("cac:TaxTotal", [amount("cbc:TaxAmount", s(doc.totals.vatHuf), "HUF")]));
  }

  const paid = s(doc.totals.paid);
  const children: Child[] = [
    ...header,
    leaf("cbc:DocumentCurrencyCode", cur),
    cur !== "HUF" ? leaf("cbc:TaxCurrencyCode", "HUF") : null,
    leaf("cbc:BuyerReference", doc.number),
    doc.corrects
      ? el("cac:BillingReference", [
          el("cac:InvoiceDocumentReference", [
            leaf("cbc:ID", doc.corrects.number),
            leaf("cbc:IssueDate", doc.corrects.issueDate),
          ]),
        ])
      : null,
    el("cac:AccountingSupplierParty", [sellerParty(doc.seller, notSubjectToVat)]),
    el("cac:AccountingCustomerParty", [buyerParty(doc.buyer, notSubjectToVat)]),
    credit ? null : paymentMeans(doc),
    ...taxTotals,
    el("cac:LegalMonetaryTotal", [
      amount("cbc:LineExtensionAmount", s(doc.totals.net)),
      amount("cbc:TaxExclusiveAmount", s(doc.totals.net)),
      amount("cbc:TaxInclusiveAmount", s(doc.totals.gross)),
      paid !== 0n ? amount("cbc:PrepaidAmount", paid) : null,
      amount("cbc:PayableAmount", s(doc.totals.due)),
    ]),
    ...doc.lines.map((line) => documentLine(doc, line, lineTag, quantityTag, s, amount)),
  ];

  const rootNode: Node = {
    name: root,
    attrs: { xmlns: NS[root], "xmlns:cac": NS.cac, "xmlns:cbc": NS.cbc },
    children: compact(children),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(rootNode, "")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Parts of the document

type AmountFn = (name: string, minor: bigint, currency?: string) => Child;

function sellerParty(seller: Party, notSubjectToVat: boolean): Child {
  const vat = seller.euVatNumber ? compactId(seller.euVatNumber) : null;
  const endpointScheme = vat ? VAT_EAS[vat.slice(0, 2).toUpperCase()] : undefined;
  return el("cac:Party", [
    vat && endpointScheme ? leaf("cbc:EndpointID", vat, { schemeID: endpointScheme }) : null,
    postalAddress(seller),
    notSubjectToVat ? null : partyTaxScheme(vat, "VAT"),
    partyTaxScheme(seller.taxNumber, "TAX"),
    el("cac:PartyLegalEntity", [
      leaf("cbc:RegistrationName", seller.name),
      leaf("cbc:CompanyID", seller.registrationNumber ?? null),
    ]),
    el("cac:Contact", [
      leaf("cbc:Telephone", seller.phone ?? null),
      leaf("cbc:ElectronicMail", seller.email ?? null),
    ]),
  ]);
}

function buyerParty(buyer: Party, notSubjectToVat: boolean): Child {
  const vat = buyer.euVatNumber ? compactId(buyer.euVatNumber) : null;
  return el("cac:Party", [
    buyerEndpoint(buyer, vat),
    postalAddress(buyer),
    notSubjectToVat ? null : partyTaxScheme(vat, "VAT"),
    el("cac:PartyLegalEntity", [leaf("cbc:RegistrationName", buyer.name)]),
    el("cac:Contact", [
      leaf("cbc:Telephone", buyer.phone ?? null),
      leaf("cbc:ElectronicMail", buyer.email ?? null),
    ]),
  ]);
}

/** BT-49: the e-invoice address, else the VAT number under its country's EAS code, else none. */
function buyerEndpoint(buyer: Party, vat: string | null): Child {
  const address = buyer.eInvoiceAddress;
  if (address && address.scheme.trim() !== "" && address.id.trim() !== "") {
    return leaf("cbc:EndpointID", address.id.trim(), { schemeID: address.scheme.trim() });
  }
  const scheme = vat ? VAT_EAS[vat.slice(0, 2).toUpperCase()] : undefined;
  return vat && scheme ? leaf("cbc:EndpointID", vat, { schemeID: scheme }) : null;
}

function postalAddress(party: Party): Child {
  return el("cac:PostalAddress", [
    leaf("cbc:StreetName", party.addressLine),
    leaf("cbc:CityName", party.city),
    leaf("cbc:PostalZone", party.postalCode),
    el("cac:Country", [leaf("cbc:IdentificationCode", party.country.toUpperCase())]),
  ]);
}

function partyTaxScheme(companyId: string | null, scheme: "VAT" | "TAX"): Child {
  if (companyId === null || companyId.trim() === "") return null;
  return el("cac:PartyTaxScheme", [
    leaf("cbc:CompanyID", companyId.trim()),
    el("cac:TaxScheme", [leaf("cbc:ID", scheme)]),
  ]);
}

function paymentMeans(doc: DocumentView): Child {
  const paymentId = leaf("cbc:PaymentID", doc.paymentReference ?? doc.number);
  const code = paymentMeansCode(doc.paymentMethod, doc.currency);
  if (code === "30" || code === "58") {
    const account = doc.seller.bankAccount;
    // BR-61: a credit transfer needs the payee's account; without one, say nothing.
    if (!account || account.iban.trim() === "") return null;
    return el("cac:PaymentMeans", [
      leaf("cbc:PaymentMeansCode", code),
      paymentId,
      el("cac:PayeeFinancialAccount", [
        leaf("cbc:ID", compactId(account.iban)),
        leaf("cbc:Name", doc.seller.name),
        account.bic
          ? el("cac:FinancialInstitutionBranch", [leaf("cbc:ID", compactId(account.bic))])
          : null,
      ]),
    ]);
  }
  return el("cac:PaymentMeans", [leaf("cbc:PaymentMeansCode", code), paymentId]);
}

/** UNCL 4461. SEPA credit transfer (58) only exists in euro. */
function paymentMeansCode(method: PaymentMethod, currency: DocumentView["currency"]): string {
  switch (method) {
    case "transfer":
      return currency === "EUR" ? "58" : "30";
    case "card":
      return "48";
    case "cash":
      return "10";
    case "other":
      return "1";
  }
}

function taxSubtotal(b: VatBreakdownView, s: (m: bigint) => bigint, amount: AmountFn): Child {
  const exempt = EXEMPT_CATEGORIES.has(b.vatCategory);
  return el("cac:TaxSubtotal", [
    amount("cbc:TaxableAmount", s(b.taxable)),
    amount("cbc:TaxAmount", s(b.vat)),
    el("cac:TaxCategory", [
      leaf("cbc:ID", b.vatCategory),
      b.vatCategory === "O" ? null : leaf("cbc:Percent", formatPercent(b.vatRateBp)),
      exempt ? leaf("cbc:TaxExemptionReasonCode", b.exemptionCode) : null,
      exempt ? leaf("cbc:TaxExemptionReason", b.exemptionText) : null,
      el("cac:TaxScheme", [leaf("cbc:ID", "VAT")]),
    ]),
  ]);
}

function documentLine(
  doc: DocumentView,
  line: DocumentLineView,
  lineTag: string,
  quantityTag: string,
  s: (m: bigint) => bigint,
  amount: AmountFn,
): Child {
  const credit = doc.kind === "credit_note";
  const discount = s(line.discount);
  return el(lineTag, [
    leaf("cbc:ID", String(line.position)),
    leaf(quantityTag, credit ? negateDecimal(line.quantity) : line.quantity, {
      unitCode: UNIT[line.unit],
    }),
    amount("cbc:LineExtensionAmount", s(line.net)),
    line.periodFrom || line.periodTo
      ? el("cac:InvoicePeriod", [
          leaf("cbc:StartDate", line.periodFrom),
          leaf("cbc:EndDate", line.periodTo),
        ])
      : null,
    discount !== 0n
      ? el("cac:AllowanceCharge", [
          leaf("cbc:ChargeIndicator", "false"),
          leaf("cbc:AllowanceChargeReasonCode", "95"),
          leaf("cbc:AllowanceChargeReason", DISCOUNT_REASON[doc.language]),
          amount("cbc:Amount", discount),
        ])
      : null,
    el("cac:Item", [
      leaf("cbc:Name", line.description),
      el("cac:ClassifiedTaxCategory", [
        leaf("cbc:ID", line.vatCategory),
        line.vatCategory === "O" ? null : leaf("cbc:Percent", formatPercent(line.vatRateBp)),
        el("cac:TaxScheme", [leaf("cbc:ID", "VAT")]),
      ]),
    ]),
    el("cac:Price", [amount("cbc:PriceAmount", line.unitPrice)]),
  ]);
}

/** Hungarian law wants the exchange rate on a foreign-currency invoice; EN 16931 has no field. */
function exchangeRateNote(doc: DocumentView): string | null {
  if (doc.currency === "HUF") return null;
  const date = doc.exchangeRateDate ? ` (${doc.exchangeRateDate})` : "";
  const label = doc.language === "hu" ? "Árfolyam" : "Exchange rate";
  return `${label}: 1 ${doc.currency} = ${doc.exchangeRate} HUF${date}`;
}

/** Refuses documents whose totals do not add up: receivers would reject them (BR-CO-10…16). */
function assertConsistent(doc: DocumentView): void {
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const t = doc.totals;
  const problems: string[] = [];
  if (doc.lines.length === 0) problems.push("no lines");
  if (doc.breakdown.length === 0) problems.push("no VAT breakdown");
  if (sum(doc.lines.map((l) => l.net)) !== t.net) problems.push("line nets ≠ net total");
  if (sum(doc.breakdown.map((b) => b.taxable)) !== t.net) problems.push("taxable ≠ net total");
  if (sum(doc.breakdown.map((b) => b.vat)) !== t.vat) problems.push("breakdown VAT ≠ VAT total");
  if (t.net + t.vat !== t.gross) problems.push("net + VAT ≠ gross");
  if (t.gross - t.paid !== t.due) problems.push("gross − paid ≠ due");
  for (const l of doc.lines) {
    if (l.unitPrice < 0n) problems.push(`line ${l.position}: negative unit price`);
  }
  if (problems.length > 0) {
    throw new Error(`${doc.number} cannot be rendered as UBL: ${problems.join(", ")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Minor units (2 decimals) → "1234.50", "-0.05". No floating point. */
export function formatMinor(minor: bigint): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Basis points → percent without trailing zeros: 2700 → "27", 2550 → "25.5", 525 → "5.25". */
export function formatPercent(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0) throw new Error(`Invalid VAT rate ${bp} bp`);
  const whole = Math.trunc(bp / 100);
  const fraction = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction === "" ? String(whole) : `${whole}.${fraction}`;
}

/** "-2.5" → "2.5", "3" → "-3", "0" → "0" (decimal strings, no floating point). */
function negateDecimal(value: string): string {
  const v = value.trim();
  if (!/^[+-]?\d+(\.\d+)?$/.test(v)) throw new Error(`Invalid quantity "${value}"`);
  if (v.startsWith("-")) return v.slice(1);
  const unsigned = v.startsWith("+") ? v.slice(1) : v;
  return /^[0.]+$/.test(unsigned) ? unsigned : `-${unsigned}`;
}

/** Identifiers are written without spaces ("HU42 1177 …" → "HU421177…"). */
function compactId(id: string): string {
  return id.replace(/\s+/g, "");
}

// ---------------------------------------------------------------------------------------------
// A tiny XML tree: elements without content are dropped, never written empty.

interface Node {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: Node[];
}

type Child = Node | null;

function leaf(name: string, text: string | null, attrs?: Record<string, string>): Child {
  if (text === null || text.trim() === "") return null;
  return { name, text, ...(attrs ? { attrs } : {}) };
}

function el(name: string, children: Child[]): Child {
  const kept = compact(children);
  return kept.length > 0 ? { name, children: kept } : null;
}

function compact(children: Child[]): Node[] {
  return children.filter((c): c is Node => c !== null);
}

function serialize(node: Node, indent: string): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  if (node.children && node.children.length > 0) {
    const inner = node.children.map((c) => serialize(c, `${indent}  `)).join("\n");
    return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
  }
  return `${indent}<${node.name}${attrs}>${escapeXml(node.text ?? "")}</${node.name}>`;
}

/**
 * Escapes the five XML special characters and drops characters XML 1.0 cannot carry (control
 * characters other than tab/newline/CR, lone surrogates, U+FFFE/U+FFFF). Everything else,
 * ő, ű, č, ž included, stays as UTF-8.
 */
export function escapeXml(value: string): string {
  return value
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
