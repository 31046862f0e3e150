import type {
  DocumentKind,
  CorrectionType,
  PaymentMethod,
  UnitCode,
  VatCategory,
} from "../domain/document.ts";
import type { StatementRow } from "../domain/statement.ts";

/**
 * Every word the PDF renderer prints, in Hungarian and English. The PDF is rendered on the
 * server, so these do not come from the web UI's i18n files. `PdfLabels` is the complete shape:
 * a missing label in either language is a type error.
 */
export type PdfLanguage = "hu" | "en";

/** The title of a document, from its kind and correction type (and the sign of a modification). */
export type TitleKey =
  "invoice" | "proforma" | "storno" | "modificationCredit" | "modificationDebit";

export interface PdfLabels {
  /** BCP 47 locale for Intl number formatting. */
  locale: string;
  title: Record<TitleKey, string>;
  /** Printed under the title on proformas, prominently. */
  notATaxInvoice: string;
  proformaExplanation: string;

  seller: string;
  buyer: string;
  taxNumber: string;
  euVatNumber: string;
  registrationNumber: string;
  email: string;
  phone: string;
  bankAccount: string;
  bank: string;
  bic: string;
  iban: string;

  number: string;
  issueDate: string;
  fulfilmentDate: string;
  dueDate: string;
  paymentMethod: string;
  paymentMethods: Record<PaymentMethod, string>;
  currency: string;
  exchangeRate: string;
  /** "1 EUR = 395,12 HUF". */
  exchangeRateValue: (currency: string, rate: string) => string;
  exchangeRateDate: string;
  paymentReference: string;

  correctedNumber: string;
  correctedDate: string;
  modificationIndex: string;
  /** One sentence stating what the correction refers to. */
  correctionStatement: (number: string, date: string) => string;

  payTitle: string;
  payInstruction: string;
  amountToPay: string;

  col: {
    position: string;
    description: string;
    quantity: string;
    unitPrice: string;
    net: string;
    vatRate: string;
    vat: string;
    gross: string;
  };
  /** "Amounts in EUR" above the lines table. */
  amountsIn: (currency: string) => string;
  units: Record<UnitCode, string>;
  servicePeriod: string;
  discount: string;
  correctsPosition: string;
  /** Short marks in the VAT rate column for categories without a rate. */
  vatMark: Record<Exclude<VatCategory, "S">, string>;
  /** The subject-exempt mark (alanyi adómentes) replaces the E mark when the seller is exempt. */
  vatMarkSubjectExempt: string;

  breakdownTitle: string;
  breakdown: {
    rate: string;
    taxable: string;
    vat: string;
    gross: string;
    vatHuf: string;
  };
  totalNet: string;
  totalVat: string;
  totalGross: string;
  totalVatHuf: string;
  paid: string;
  amountDue: string;
  amountCredited: string;

  /** Legal wording, used when a breakdown row carries no exemptionText of its own. */
  legal: {
    reverseCharge: string;
    outOfScope: string;
    exempt: string;
    subjectExempt: string;
    intraCommunity: string;
    export: string;
    zeroRated: string;
    cashAccounting: string;
  };
  /** Lines taxed under the One-Stop Shop at the rate of the customer's member state. */
  ossNote: (country: string) => string;
  notesTitle: string;
  note: string;

  /** Page numbering in the footer: "1/2". */
  pageOf: (page: number, pages: number) => string;

  statement: {
    title: string;
    customer: string;
    customerCode: string;
    period: string;
    generatedAt: string;
    currency: string;
    openingBalance: string;
    closingBalance: string;
    totalDebit: string;
    totalCredit: string;
    col: {
      date: string;
      kind: string;
      reference: string;
      description: string;
      debit: string;
      credit: string;
      balance: string;
    };
    kinds: Record<StatementRow["kind"], string>;
    /** Explains the sign of the closing balance. */
    balanceOwed: string;
    balanceInCredit: string;
    balanceSettled: string;
    noRows: string;
  };
}

const hu: PdfLabels = {
  locale: "hu-HU",
  title: {
    invoice: "Számla",
    proforma: "Díjbekérő",
    storno: "Sztornó számla",
    modificationCredit: "Módosító számla",
    modificationDebit: "Módosító számla",
  },
  notATaxInvoice: "Nem adóügyi bizonylat",
  proformaExplanation:
    "Ez a díjbekérő nem adóügyi bizonylat: a számlát a befizetés beérkezése után állítjuk ki.",

  seller: "Eladó",
  buyer: "Vevő",
  taxNumber: "Adószám",
  euVatNumber: "Közösségi adószám",
  registrationNumber: "Cégjegyzékszám",
  email: "E-mail",
  phone: "Telefon",
  bankAccount: "Bankszámla",
  bank: "Bank",
  bic: "BIC",
  iban: "IBAN",

  number: "Sorszám",
  issueDate: "Kiállítás dátuma",
  fulfilmentDate: "Teljesítés dátuma",
  dueDate: "Fizetési határidő",
  paymentMethod: "Fizetési mód",
  paymentMethods: {
    transfer: "Átutalás",
    card: "Bankkártya",
    cash: "Készpénz",
    other: "Egyéb",
  },
  currency: "Pénznem",
  exchangeRate: "Árfolyam",
  exchangeRateValue: (currency, rate) => `1 ${currency} = ${rate} HUF`,
  exchangeRateDate: "Árfolyam dátuma",
  paymentReference: "Közlemény",

  correctedNumber: "Az eredeti számla sorszáma",
  correctedDate: "Az eredeti számla kelte",
  modificationIndex: "Módosítás sorszáma",
  correctionStatement: (number, date) =>
    `Ez a bizonylat a(z) ${number} sorszámú, ${date} keltű számlát módosítja.`,

  payTitle: "Fizetési információ",
  payInstruction: "Átutaláskor kérjük, a közleményben tüntesse fel:",
  amountToPay: "Fizetendő összeg",

  col: {
    position: "#",
    description: "Megnevezés",
    quantity: "Mennyiség",
    unitPrice: "Nettó egységár",
    net: "Nettó érték",
    vatRate: "ÁFA",
    vat: "ÁFA érték",
    gross: "Bruttó érték",
  },
  amountsIn: (currency) => `Az összegek pénzneme: ${currency}`,
  units: { piece: "db", hour: "óra", day: "nap", month: "hó", year: "év" },
  servicePeriod: "Időszak",
  discount: "Kedvezmény",
  correctsPosition: "Eredeti tétel",
  vatMark: { Z: "0%", AE: "FAD", E: "TAM", K: "KBAET", G: "EAM", O: "ÁKK" },
  vatMarkSubjectExempt: "AAM",

  breakdownTitle: "ÁFA-összesítő",
  breakdown: {
    rate: "ÁFA-kulcs",
    taxable: "Nettó (adóalap)",
    vat: "ÁFA",
    gross: "Bruttó",
    vatHuf: "ÁFA forintban",
  },
  totalNet: "Nettó összesen",
  totalVat: "ÁFA összesen",
  totalGross: "Bruttó összesen",
  totalVatHuf: "ÁFA összesen forintban",
  paid: "Kiegyenlítve",
  amountDue: "Fizetendő",
  amountCredited: "Jóváírás összege",

  legal: {
    reverseCharge: "Fordított adózás",
    outOfScope: "Az ügylet a magyar ÁFA hatályán kívül esik",
    exempt: "Tárgyi adómentes",
    subjectExempt: "Alanyi adómentes",
    intraCommunity: "Adómentes Közösségen belüli termékértékesítés",
    export: "Adómentes termékexport",
    zeroRated: "0%-os ÁFA-kulcs",
    cashAccounting: "Pénzforgalmi elszámolás",
  },
  ossNote: (country) =>
    `Uniós egyablakos ügyintézés (OSS): az ÁFA a vevő tagállamának (${country}) kulcsa szerint.`,
  notesTitle: "Megjegyzések",
  note: "Megjegyzés",

  pageOf: (page, pages) => `${page}/${pages}`,

  statement: {
    title: "Folyószámla-kivonat",
    customer: "Ügyfél",
    customerCode: "Ügyfélkód",
    period: "Időszak",
    generatedAt: "Készült",
    currency: "Pénznem",
    openingBalance: "Nyitó egyenleg",
    closingBalance: "Záró egyenleg",
    totalDebit: "Terhelések összesen",
    totalCredit: "Jóváírások összesen",
    col: {
      date: "Dátum",
      kind: "Típus",
      reference: "Hivatkozás",
      description: "Leírás",
      debit: "Terhelés",
      credit: "Jóváírás",
      balance: "Egyenleg",
    },
    kinds: {
      invoice: "Számla",
      credit_note: "Módosító számla",
      payment: "Befizetés",
      refund: "Visszatérítés",
      write_off: "Leírás",
      credit_applied: "Jóváírás beszámítása",
    },
    balanceOwed: "A záró egyenleg az Ön tartozása.",
    balanceInCredit: "A záró egyenleg az Ön javára álló összeg.",
    balanceSettled: "A folyószámla kiegyenlített.",
    noRows: "Az időszakban nem volt mozgás.",
  },
};

const en: PdfLabels = {
  locale: "en-GB",
  title: {
    invoice: "Invoice",
    proforma: "Proforma invoice",
    storno: "Credit note (cancellation)",
    modificationCredit: "Credit note",
    modificationDebit: "Corrective invoice",
  },
  notATaxInvoice: "Not a tax invoice",
  proformaExplanation:
    "This proforma is not a tax invoice: the invoice is issued when your payment arrives.",

  seller: "Seller",
  buyer: "Buyer",
  taxNumber: "Tax number",
  euVatNumber: "EU VAT number",
  registrationNumber: "Company reg. no.",
  email: "E-mail",
  phone: "Phone",
  bankAccount: "Bank account",
  bank: "Bank",
  bic: "BIC",
  iban: "IBAN",

  number: "Number",
  issueDate: "Issue date",
  fulfilmentDate: "Fulfilment date",
  dueDate: "Due date",
  paymentMethod: "Payment method",
  paymentMethods: {
    transfer: "Bank transfer",
    card: "Card",
    cash: "Cash",
    other: "Other",
  },
  currency: "Currency",
  exchangeRate: "Exchange rate",
  exchangeRateValue: (currency, rate) => `1 ${currency} = ${rate} HUF`,
  exchangeRateDate: "Exchange rate date",
  paymentReference: "Payment reference",

  correctedNumber: "Corrected invoice number",
  correctedDate: "Corrected invoice date",
  modificationIndex: "Modification no.",
  correctionStatement: (number, date) => `This document corrects invoice ${number} of ${date}.`,

  payTitle: "Payment details",
  payInstruction: "Please quote this reference with your bank transfer:",
  amountToPay: "Amount to pay",

  col: {
    position: "#",
    description: "Description",
    quantity: "Quantity",
    unitPrice: "Unit price (net)",
    net: "Net amount",
    vatRate: "VAT",
    vat: "VAT amount",
    gross: "Gross amount",
  },
  amountsIn: (currency) => `Amounts in ${currency}`,
  units: { piece: "pcs", hour: "hour", day: "day", month: "month", year: "year" },
  servicePeriod: "Period",
  discount: "Discount",
  correctsPosition: "Original line",
  vatMark: { Z: "0%", AE: "RC", E: "Exempt", K: "Intra-EU", G: "Export", O: "OOS" },
  vatMarkSubjectExempt: "Exempt",

  breakdownTitle: "VAT summary",
  breakdown: {
    rate: "VAT rate",
    taxable: "Taxable amount",
    vat: "VAT",
    gross: "Gross",
    vatHuf: "VAT in HUF",
  },
  totalNet: "Total net",
  totalVat: "Total VAT",
  totalGross: "Total gross",
  totalVatHuf: "Total VAT in HUF",
  paid: "Paid",
  amountDue: "Amount due",
  amountCredited: "Amount credited",

  legal: {
    reverseCharge: "Reverse charge",
    outOfScope: "Not subject to VAT",
    exempt: "Exempt from VAT",
    subjectExempt: "VAT exempt small business (alanyi adómentes)",
    intraCommunity: "Exempt intra-Community supply",
    export: "Exempt export",
    zeroRated: "Zero-rated",
    cashAccounting: "Cash accounting (Pénzforgalmi elszámolás)",
  },
  ossNote: (country) =>
    `One-Stop Shop (OSS): VAT at the rate of the customer's member state (${country}).`,
  notesTitle: "Notes",
  note: "Note",

  pageOf: (page, pages) => `${page}/${pages}`,

  statement: {
    title: "Account statement",
    customer: "Customer",
    customerCode: "Customer code",
    period: "Period",
    generatedAt: "Generated",
    currency: "Currency",
    openingBalance: "Opening balance",
    closingBalance: "Closing balance",
    totalDebit: "Total debits",
    totalCredit: "Total credits",
    col: {
      date: "Date",
      kind: "Type",
      reference: "Reference",
      description: "Description",
      debit: "Debit",
      credit: "Credit",
      balance: "Balance",
    },
    kinds: {
      invoice: "Invoice",
      credit_note: "Credit note",
      payment: "Payment",
      refund: "Refund",
      write_off: "Write-off",
      credit_applied: "Credit applied",
    },
    balanceOwed: "The closing balance is the amount you owe.",
    balanceInCredit: "The closing balance is a credit in your favour.",
    balanceSettled: "Your account is settled.",
    noRows: "No transactions in this period.",
  },
};

export const PDF_LABELS: Readonly<Record<PdfLanguage, PdfLabels>> = { hu, en };

export function pdfLabels(language: PdfLanguage): PdfLabels {
  return PDF_LABELS[language];
}

/** Which title a document gets. A modification that does not lower the amount is not a credit. */
export function titleKey(
  kind: DocumentKind,
  correctionType: CorrectionType | null,
  gross: bigint,
): TitleKey {
  switch (kind) {
    case "proforma":
      return "proforma";
    case "invoice":
      return correctionType === "modification" ? "modificationDebit" : "invoice";
    case "credit_note":
      if (correctionType === "storno") return "storno";
      return gross > 0n ? "modificationDebit" : "modificationCredit";
  }
}

const regionNames = new Map<PdfLanguage, Intl.DisplayNames>();

/** The country's name in the document language ("Finnország", "Slovenia"); the code if unknown. */
export function countryName(code: string, language: PdfLanguage): string {
  let names = regionNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: "region", fallback: "code" });
    regionNames.set(language, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "2026.11.23." in Hungarian, "2026-11-23" in English (ISO dates from the view). */
export function formatDate(isoDate: string, language: PdfLanguage): string {
  const date = isoDate.slice(0, 10);
  if (language === "en") return date;
  return `${date.replaceAll("-", ".")}.`;
}

const timestampFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Budapest",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An ISO timestamp as Budapest local date and time: "2026.11.23. 11:00" / "2026-11-23 11:00". */
export function formatTimestamp(iso: string, language: PdfLanguage): string {
  const parts: Record<string, string> = {};
  for (const part of timestampFormat.formatToParts(new Date(iso))) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return `${formatDate(date, language)} ${parts.hour}:${parts.minute}`;
}
