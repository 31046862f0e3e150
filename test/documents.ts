import type {
  DocumentLineView,
  DocumentView,
  Party,
  VatCategory,
  VatReason,
} from "../src/modules/billing/domain/document.ts";
import { computeTotals } from "../src/modules/billing/domain/totals.ts";
import { Money, type CurrencyCode } from "../src/platform/money/index.ts";
import { DEMO_SELLER } from "../src/demo/data.ts";

/**
 * Sample issued documents for renderer tests (PDF, UBL, NAV): the cases the law distinguishes.
 * Totals come from the real computeTotals, so the samples are internally consistent.
 */
export const SAMPLE_SELLER: Party = DEMO_SELLER;

export const BUYERS = {
  huCompany: {
    name: "Példa Építő Kft.",
    country: "HU",
    postalCode: "6720",
    city: "Szeged",
    addressLine: "Kárász utca 5.",
    taxNumber: "24767547-2-06",
    euVatNumber: "HU24767547",
    kind: "company",
  },
  huPerson: {
    name: "Kovács Erzsébet Őrsike",
    country: "HU",
    postalCode: "9021",
    city: "Győr",
    addressLine: "Szövetség utca 11.",
    taxNumber: null,
    euVatNumber: null,
    kind: "person",
  },
  fiCompany: {
    name: "Mäkelä Öljy Oy",
    country: "FI",
    postalCode: "00100",
    city: "Helsinki",
    addressLine: "Pohjoisesplanadi 11–13",
    taxNumber: null,
    euVatNumber: "FI20774740",
    kind: "company",
    eInvoiceAddress: { scheme: "0037", id: "003720774740", operatorId: "003721291126" },
  },
  dePerson: {
    name: "Jürgen Weiß",
    country: "DE",
    postalCode: "10115",
    city: "Berlin",
    addressLine: "Invalidenstraße 117",
    taxNumber: null,
    euVatNumber: null,
    kind: "person",
  },
  siPerson: {
    name: "Žiga Čebašek",
    country: "SI",
    postalCode: "1000",
    city: "Ljubljana",
    addressLine: "Šubičeva ulica 4",
    taxNumber: null,
    euVatNumber: null,
    kind: "person",
  },
  usCompany: {
    name: "Acme Hosting Inc.",
    country: "US",
    postalCode: "94105",
    city: "San Francisco",
    addressLine: "500 Howard Street",
    taxNumber: null,
    euVatNumber: null,
    kind: "company",
  },
} satisfies Record<string, Party>;

const EXEMPTION: Partial<Record<VatCategory, { code: string; hu: string; en: string }>> = {
  AE: {
    code: "VATEX-EU-AE",
    hu: "Fordított adózás",
    en: "Reverse charge",
  },
  O: {
    code: "VATEX-EU-O",
    hu: "Az ügylet a magyar ÁFA hatályán kívül esik",
    en: "Not subject to VAT",
  },
};

interface SampleLine {
  description: string;
  quantity: string;
  unit: DocumentLineView["unit"];
  unitPrice: string;
  discount?: string;
  vatCategory: VatCategory;
  vatRateBp: number;
  vatCountry: string;
  vatReason: VatReason;
  periodFrom?: string;
  periodTo?: string;
  correctsPosition?: number;
}

interface SampleInput {
  kind?: DocumentView["kind"];
  correctionType?: DocumentView["correctionType"];
  number?: string;
  currency?: "HUF" | "EUR";
  exchangeRate?: string;
  language?: "hu" | "en";
  buyer: Party;
  lines: SampleLine[];
  corrects?: DocumentView["corrects"];
  paymentMethod?: DocumentView["paymentMethod"];
}

let counter = 100;

export function sampleDocument(input: SampleInput): DocumentView {
  const currency: CurrencyCode = input.currency ?? "HUF";
  const totals = computeTotals(
    currency,
    input.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: Money.parse(l.unitPrice, currency),
      discount: l.discount ? Money.parse(l.discount, currency) : undefined,
      vatCategory: l.vatCategory,
      vatRateBp: l.vatRateBp,
    })),
  );
  const rate = input.exchangeRate ?? "1";
  const toHuf = (minor: bigint): bigint => {
    if (currency === "HUF") return minor;
    return Money.of(minor, currency).multiply(rate).minor;
  };
  const language = input.language ?? "hu";
  const kind = input.kind ?? "invoice";
  counter += 1;
  const lines: DocumentLineView[] = input.lines.map((l, i) => ({
    position: i + 1,
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unitPrice: Money.parse(l.unitPrice, currency).minor,
    discount: l.discount ? Money.parse(l.discount, currency).minor : 0n,
    net: totals.lines[i]!.net.minor,
    vat: totals.lines[i]!.vat.minor,
    gross: totals.lines[i]!.gross.minor,
    vatCategory: l.vatCategory,
    vatRateBp: l.vatRateBp,
    vatCountry: l.vatCountry,
    vatReason: l.vatReason,
    periodFrom: l.periodFrom ?? null,
    periodTo: l.periodTo ?? null,
    correctsPosition: l.correctsPosition ?? null,
  }));
  const gross = totals.gross.minor;
  return {
    id: `inv_sample_${counter}`,
    kind,
    correctionType: input.correctionType ?? null,
    series: kind === "proforma" ? "DBK" : "KAPU",
    number: input.number ?? `${kind === "proforma" ? "DBK" : "KAPU"}-2026-000${counter}`,
    issueDate: "2026-11-23",
    fulfilmentDate: kind === "proforma" ? null : "2026-11-23",
    dueDate: "2026-12-01",
    currency,
    exchangeRate: rate,
    exchangeRateDate: currency === "HUF" ? null : "2026-11-20",
    language,
    paymentMethod: input.paymentMethod ?? "transfer",
    paymentReference: kind === "proforma" ? "KP7Q3M9X2" : null,
    cashAccounting: false,
    seller: SAMPLE_SELLER,
    buyer: input.buyer,
    corrects: input.corrects ?? null,
    note: null,
    lines,
    breakdown: totals.breakdown.map((b) => {
      const ex = EXEMPTION[b.vatCategory as VatCategory];
      return {
        vatCategory: b.vatCategory as VatCategory,
        vatRateBp: b.vatRateBp,
        taxable: b.taxable.minor,
        vat: b.vat.minor,
        vatHuf: toHuf(b.vat.minor),
        exemptionText: ex ? ex[language] : null,
        exemptionCode: ex ? ex.code : null,
      };
    }),
    totals: {
      net: totals.net.minor,
      vat: totals.vat.minor,
      gross,
      vatHuf: toHuf(totals.vat.minor),
      paid: 0n,
      due: gross,
    },
    createdAt: "2026-11-23T10:00:00.000Z",
  };
}

const hosting = (price: string, overrides: Partial<SampleLine> = {}): SampleLine => ({
  description: "Start tárhely csomag – havidíj",
  quantity: "1",
  unit: "month",
  unitPrice: price,
  vatCategory: "S",
  vatRateBp: 2700,
  vatCountry: "HU",
  vatReason: "domestic",
  periodFrom: "2026-12-01",
  periodTo: "2026-12-31",
  ...overrides,
});

/** The cases every renderer must handle. */
export const SAMPLES = {
  domestic: sampleDocument({
    buyer: BUYERS.huCompany,
    lines: [
      hosting("2990"),
      {
        description: "Domain regisztráció: pelda-építő.hu",
        quantity: "1",
        unit: "year",
        unitPrice: "4500",
        vatCategory: "S",
        vatRateBp: 2700,
        vatCountry: "HU",
        vatReason: "domestic",
        periodFrom: "2026-12-01",
        periodTo: "2027-11-30",
      },
      {
        description: "Rendszergazdai munka (ő, ű, ŐŰ)",
        quantity: "2.5",
        unit: "hour",
        unitPrice: "12000",
        discount: "3000",
        vatCategory: "S",
        vatRateBp: 2700,
        vatCountry: "HU",
        vatReason: "domestic",
      },
    ],
  }),
  domesticPerson: sampleDocument({
    buyer: BUYERS.huPerson,
    paymentMethod: "card",
    lines: [hosting("2990")],
  }),
  reverseCharge: sampleDocument({
    buyer: BUYERS.fiCompany,
    currency: "EUR",
    exchangeRate: "395.12",
    language: "en",
    lines: [
      hosting("19.90", {
        description: "Business hosting – annual",
        unit: "year",
        quantity: "1",
        vatCategory: "AE",
        vatRateBp: 0,
        vatCountry: "FI",
        vatReason: "eu_b2b_reverse_charge",
        periodFrom: "2026-12-01",
        periodTo: "2027-11-30",
      }),
      hosting("5.00", {
        description: "SSL certificate",
        unit: "piece",
        quantity: "2",
        vatCategory: "AE",
        vatRateBp: 0,
        vatCountry: "FI",
        vatReason: "eu_b2b_reverse_charge",
      }),
    ],
  }),
  oss: sampleDocument({
    buyer: BUYERS.dePerson,
    currency: "EUR",
    exchangeRate: "395.12",
    language: "en",
    lines: [
      hosting("9.90", {
        description: "Start hosting – monthly",
        vatCategory: "S",
        vatRateBp: 1900,
        vatCountry: "DE",
        vatReason: "eu_b2c_oss",
      }),
    ],
  }),
  ossSlovenia: sampleDocument({
    buyer: BUYERS.siPerson,
    currency: "EUR",
    exchangeRate: "395.12",
    language: "en",
    lines: [
      hosting("9.90", {
        description: "Gostovanje Start – mesečno (č, š, ž)",
        vatCategory: "S",
        vatRateBp: 2200,
        vatCountry: "SI",
        vatReason: "eu_b2c_oss",
      }),
    ],
  }),
  outOfScope: sampleDocument({
    buyer: BUYERS.usCompany,
    currency: "EUR",
    exchangeRate: "395.12",
    language: "en",
    lines: [
      hosting("49.00", {
        description: "Dedicated support contract – monthly",
        vatCategory: "O",
        vatRateBp: 0,
        vatCountry: "US",
        vatReason: "non_eu_out_of_scope",
      }),
    ],
  }),
};

/** A storno (full reversal) of SAMPLES.domestic: negative quantities and amounts. */
export const STORNO = sampleDocument({
  kind: "credit_note",
  correctionType: "storno",
  buyer: BUYERS.huCompany,
  corrects: {
    id: SAMPLES.domestic.id,
    number: SAMPLES.domestic.number,
    issueDate: SAMPLES.domestic.issueDate,
    modificationIndex: 1,
  },
  lines: SAMPLES.domestic.lines.map((l) => ({
    description: l.description,
    quantity: `-${l.quantity}`,
    unit: l.unit,
    unitPrice: Money.of(l.unitPrice, "HUF").toDecimalString(),
    discount: l.discount ? `-${Money.of(l.discount, "HUF").toDecimalString()}` : undefined,
    vatCategory: l.vatCategory,
    vatRateBp: l.vatRateBp,
    vatCountry: l.vatCountry,
    vatReason: l.vatReason,
    periodFrom: l.periodFrom ?? undefined,
    periodTo: l.periodTo ?? undefined,
    correctsPosition: l.position,
  })),
});

/** A partial credit (modification) of SAMPLES.reverseCharge in EUR: one SSL certificate back. */
export const EUR_CREDIT = sampleDocument({
  kind: "credit_note",
  correctionType: "modification",
  buyer: BUYERS.fiCompany,
  currency: "EUR",
  exchangeRate: "395.12",
  language: "en",
  corrects: {
    id: SAMPLES.reverseCharge.id,
    number: SAMPLES.reverseCharge.number,
    issueDate: SAMPLES.reverseCharge.issueDate,
    modificationIndex: 1,
  },
  lines: [
    {
      description: "SSL certificate",
      quantity: "-1",
      unit: "piece",
      unitPrice: "5.00",
      vatCategory: "AE",
      vatRateBp: 0,
      vatCountry: "FI",
      vatReason: "eu_b2b_reverse_charge",
      correctsPosition: 2,
    },
  ],
});

export const PROFORMA = sampleDocument({
  kind: "proforma",
  buyer: BUYERS.huCompany,
  lines: [hosting("2990")],
});
