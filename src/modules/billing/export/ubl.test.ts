import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { Schema } from "node-schematron";
import { beforeAll, describe, expect, it } from "vitest";
import { BUYERS, EUR_CREDIT, PROFORMA, SAMPLES, STORNO } from "../../../../test/documents.ts";
import { STANDARDS, xsdErrors } from "../../../../test/xml.ts";
import type { DocumentView } from "../domain/document.ts";
import { escapeXml, formatMinor, formatPercent, renderUbl } from "./ubl.ts";

const XSD = {
  Invoice: `${STANDARDS}/ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd`,
  CreditNote: `${STANDARDS}/ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd`,
};
const CEN = `${STANDARDS}/cen-en16931-ubl`;
const SCHEMATRON = `${CEN}/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch`;

/** A domestic invoice whose texts carry every XML special character. */
const SPECIAL: DocumentView = {
  ...SAMPLES.domestic,
  buyer: { ...BUYERS.huCompany, name: `Kovács & Fia <"Bt."> 'Győr'` },
  lines: SAMPLES.domestic.lines.map((l, i) =>
    i === 0 ? { ...l, description: "Tárhely <b>Pro</b> & \"SSL\" 'ő, ű, č, ž' ✓" } : l,
  ),
};

/** The domestic invoice paid in full by card: PrepaidAmount, nothing payable. */
const PAID: DocumentView = {
  ...SAMPLES.domestic,
  paymentMethod: "card",
  totals: { ...SAMPLES.domestic.totals, paid: SAMPLES.domestic.totals.gross, due: 0n },
};

const CASES: Record<string, DocumentView> = {
  ...SAMPLES,
  storno: STORNO,
  eurCredit: EUR_CREDIT,
  specialCharacters: SPECIAL,
  paidByCard: PAID,
};
const RENDERED: Record<string, string> = Object.fromEntries(
  Object.entries(CASES).map(([name, doc]) => [name, renderUbl(doc)]),
);
const NAMES = Object.keys(CASES);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    ["InvoiceLine", "CreditNoteLine", "TaxTotal", "TaxSubtotal", "PartyTaxScheme"].includes(name),
});

/** Parsed XML is untyped: the tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Parsed = any;

/** The root element (Invoice or CreditNote) as a plain object; text nodes stay strings. */
function parse(xml: string): { kind: "Invoice" | "CreditNote"; root: Parsed } {
  const tree = parser.parse(xml);
  if (tree.Invoice) return { kind: "Invoice", root: tree.Invoice };
  if (tree.CreditNote) return { kind: "CreditNote", root: tree.CreditNote };
  throw new Error("neither Invoice nor CreditNote");
}

/** The text of an element that carries attributes ({ "#text", "@currencyID" }) or none. */
const text = (node: Parsed): string => (typeof node === "object" ? node["#text"] : node);

// ---------------------------------------------------------------------------------------------
// The CEN schematron, run by node-schematron. node-schematron does not report an assert's
// @flag, so the flags are read from the schema itself: anything not flagged "warning" fails.

interface Firing {
  id: string;
  flag: string;
  message: string;
}

let schema: Schema;
let flags: Map<string, string>;

beforeAll(() => {
  const source = readFileSync(SCHEMATRON, "utf8");
  flags = new Map();
  for (const m of source.matchAll(/<(?:assert|report)\b([^>]*)>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[1]!)?.[1];
    const flag = /\bflag="([^"]+)"/.exec(m[1]!)?.[1];
    if (id) flags.set(id, flag ?? "fatal");
  }
  schema = Schema.fromString(source);
});

/** Every failed assert (or fired report) of the EN 16931 rules. */
function firings(xml: string): Firing[] {
  return schema.validateString(xml).map((r) => ({
    id: r.assertId ?? "(no id)",
    flag: (r.assertId && flags.get(r.assertId)) || "fatal",
    message: (r.message ?? "").trim().replace(/\s+/g, " "),
  }));
}

function businessRuleErrors(xml: string): Firing[] {
  return firings(xml).filter((f) => f.flag !== "warning");
}

function describeFirings(list: Firing[]): string {
  return list.map((f) => `${f.id} (${f.flag}): ${f.message}`).join("\n");
}

/** Tests of a CEN unit file: each embeds a document and the rule ids expected to pass or fail. */
function cenUnitTests(file: string) {
  const source = readFileSync(path.join(CEN, "test", file), "utf8");
  return [...source.matchAll(/<test>([\s\S]*?)<\/test>/g)].map((m) => {
    const body = m[1]!;
    const ids = (tag: string) =>
      [...body.matchAll(new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`, "g"))].map((x) => x[1]!);
    const document = /<((?:\w+:)?(?:Invoice|CreditNote))\b[\s\S]*<\/\1>/.exec(body)?.[0];
    if (!document) throw new Error(`no document in a test of ${file}`);
    return { document, success: ids("success"), error: ids("error") };
  });
}

// The first schematron evaluation compiles the XPath expressions (seconds); later ones are fast.
const RULES_TIMEOUT = 90_000;

describe("renderUbl: the official UBL 2.1 XSD", () => {
  it.each(NAMES)("%s is schema-valid", (name) => {
    const xml = RENDERED[name]!;
    const { kind } = parse(xml);
    expect(xsdErrors(xml, XSD[kind])).toEqual([]);
  });
});

describe("renderUbl: the CEN EN 16931 business rules (schematron)", () => {
  it(
    "the checker itself fires the expected rules on the CEN unit tests",
    () => {
      const tests = [
        ...cenUnitTests("Invoice-unit-UBL/BR-01.xml"),
        ...cenUnitTests("Invoice-unit-UBL/BR-CO-16.xml"),
      ];
      expect(tests.some((t) => t.error.length > 0)).toBe(true);
      for (const t of tests) {
        const fired = new Set(firings(t.document).map((f) => f.id));
        for (const id of t.error) expect(fired.has(id), `${id} must fire`).toBe(true);
        for (const id of t.success) expect(fired.has(id), `${id} must not fire`).toBe(false);
      }
    },
    RULES_TIMEOUT,
  );

  it(
    "the checker catches a broken copy of our output",
    () => {
      const domestic = RENDERED.domestic!;
      const noIssueDate = domestic.replace(/\s*<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, "");
      expect(businessRuleErrors(noIssueDate).map((f) => f.id)).toContain("BR-03");

      const payable = text(parse(domestic).root.LegalMonetaryTotal.PayableAmount);
      const wrongTotal = domestic.replace(
        `>${payable}</cbc:PayableAmount>`,
        ">1.00</cbc:PayableAmount>",
      );
      expect(wrongTotal).not.toBe(domestic);
      expect(businessRuleErrors(wrongTotal).map((f) => f.id)).toContain("BR-CO-16");

      // Out of scope (O) with a seller VAT identifier is exactly what BR-O-02 forbids.
      const withVat = RENDERED.outOfScope!.replace(
        "<cac:PartyLegalEntity>",
        "<cac:PartyTaxScheme><cbc:CompanyID>HU12345676</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity>",
      );
      expect(businessRuleErrors(withVat).map((f) => f.id)).toContain("BR-O-02");
    },
    RULES_TIMEOUT,
  );

  it.each(NAMES)(
    "%s breaks no rule",
    (name) => {
      const errors = businessRuleErrors(RENDERED[name]!);
      expect(errors, `failed EN 16931 rules:\n${describeFirings(errors)}`).toEqual([]);
    },
    RULES_TIMEOUT,
  );
});

describe("renderUbl: content", () => {
  it("a domestic invoice: identification, parties, payment, totals, lines", () => {
    const doc = SAMPLES.domestic;
    const { kind, root } = parse(RENDERED.domestic!);
    expect(kind).toBe("Invoice");
    expect(root.CustomizationID).toBe(
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    );
    expect(root.ProfileID).toBe("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
    expect(root.ID).toBe(doc.number);
    expect(root.IssueDate).toBe("2026-11-23");
    expect(root.DueDate).toBe("2026-12-01");
    expect(root.InvoiceTypeCode).toBe("380");
    expect(root.DocumentCurrencyCode).toBe("HUF");
    expect(root.TaxCurrencyCode).toBeUndefined();
    expect(root.TaxTotal).toHaveLength(1);

    const seller = root.AccountingSupplierParty.Party;
    expect(seller.EndpointID).toEqual({ "#text": "HU12345676", "@schemeID": "9910" });
    expect(seller.PartyTaxScheme.map((p: Parsed) => [p.CompanyID, p.TaxScheme.ID])).toEqual([
      ["HU12345676", "VAT"],
      ["12345676-2-41", "TAX"],
    ]);
    expect(seller.PartyLegalEntity).toEqual({
      RegistrationName: "Kapu Demo Tárhely Kft.",
      CompanyID: "01-09-123456",
    });
    const buyer = root.AccountingCustomerParty.Party;
    expect(buyer.EndpointID).toEqual({ "#text": "HU24767547", "@schemeID": "9910" });
    expect(buyer.PartyTaxScheme[0].CompanyID).toBe("HU24767547");

    expect(root.PaymentMeans.PaymentMeansCode).toBe("30");
    expect(root.PaymentMeans.PaymentID).toBe(doc.number);
    expect(root.PaymentMeans.PayeeFinancialAccount.ID).toBe("HU42117730161111101800000000");

    const totals = root.LegalMonetaryTotal;
    expect(text(totals.LineExtensionAmount)).toBe("34490.00");
    expect(text(totals.TaxExclusiveAmount)).toBe("34490.00");
    expect(text(totals.TaxInclusiveAmount)).toBe("43802.30");
    expect(text(totals.PayableAmount)).toBe("43802.30");
    expect(totals.PayableAmount["@currencyID"]).toBe("HUF");
    expect(text(root.TaxTotal[0].TaxAmount)).toBe("9312.30");
    const group = root.TaxTotal[0].TaxSubtotal[0];
    expect(group.TaxCategory.ID).toBe("S");
    expect(group.TaxCategory.Percent).toBe("27");
    expect(group.TaxCategory.TaxExemptionReason).toBeUndefined();

    const [hosting, domain, work] = root.InvoiceLine;
    expect(hosting.InvoicedQuantity).toEqual({ "#text": "1", "@unitCode": "MON" });
    expect(hosting.InvoicePeriod).toEqual({ StartDate: "2026-12-01", EndDate: "2026-12-31" });
    expect(domain.InvoicedQuantity["@unitCode"]).toBe("ANN");
    expect(work.InvoicedQuantity).toEqual({ "#text": "2.5", "@unitCode": "HUR" });
    expect(work.InvoicePeriod).toBeUndefined();
    expect(text(work.LineExtensionAmount)).toBe("27000.00");
    expect(work.AllowanceCharge.ChargeIndicator).toBe("false");
    expect(text(work.AllowanceCharge.Amount)).toBe("3000.00");
    expect(text(work.Price.PriceAmount)).toBe("12000.00");
    expect(work.Item.Name).toBe("Rendszergazdai munka (ő, ű, ŐŰ)");
  });

  it("a consumer paying by card: card payment means, no buyer VAT or endpoint", () => {
    const { root } = parse(RENDERED.domesticPerson!);
    expect(root.PaymentMeans.PaymentMeansCode).toBe("48");
    expect(root.PaymentMeans.PayeeFinancialAccount).toBeUndefined();
    const buyer = root.AccountingCustomerParty.Party;
    expect(buyer.EndpointID).toBeUndefined();
    expect(buyer.PartyTaxScheme).toBeUndefined();
    expect(buyer.PartyLegalEntity.RegistrationName).toBe("Kovács Erzsébet Őrsike");
  });

  it("EUR reverse charge: AE with its exemption, the Finnish OVT endpoint, VAT also in HUF", () => {
    const doc = SAMPLES.reverseCharge;
    const { root } = parse(RENDERED.reverseCharge!);
    expect(root.DocumentCurrencyCode).toBe("EUR");
    expect(root.TaxCurrencyCode).toBe("HUF");
    expect(root.PaymentMeans.PaymentMeansCode).toBe("58");
    expect(root.AccountingCustomerParty.Party.EndpointID).toEqual({
      "#text": "003720774740",
      "@schemeID": "0037",
    });
    expect(root.AccountingCustomerParty.Party.PartyTaxScheme[0].CompanyID).toBe("FI20774740");
    const [main, huf] = root.TaxTotal;
    expect(main.TaxAmount).toEqual({ "#text": "0.00", "@currencyID": "EUR" });
    expect(main.TaxSubtotal[0].TaxCategory).toMatchObject({
      ID: "AE",
      Percent: "0",
      TaxExemptionReasonCode: "VATEX-EU-AE",
      TaxExemptionReason: "Reverse charge",
    });
    expect(huf).toEqual({ TaxAmount: { "#text": "0.00", "@currencyID": "HUF" } });
    expect(text(root.LegalMonetaryTotal.PayableAmount)).toBe(formatMinor(doc.totals.gross));
    expect(text(root.LegalMonetaryTotal.PayableAmount)).toBe("29.90");
    expect(root.InvoiceLine[1].InvoicedQuantity).toEqual({ "#text": "2", "@unitCode": "C62" });
  });

  it("OSS: the buyer country's rate, and the VAT total in HUF at the document's rate", () => {
    const { root } = parse(RENDERED.oss!);
    const [main, huf] = root.TaxTotal;
    expect(main.TaxSubtotal[0].TaxCategory.Percent).toBe("19");
    expect(text(main.TaxAmount)).toBe("1.88");
    // 1.88 EUR × 395.12 = 742.8256 HUF
    expect(huf.TaxAmount).toEqual({ "#text": "742.83", "@currencyID": "HUF" });
    expect(huf.TaxSubtotal).toBeUndefined();
    expect(root.Note).toBe("Exchange rate: 1 EUR = 395.12 HUF (2026-11-20)");
    const slovenia = parse(RENDERED.ossSlovenia!).root;
    expect(slovenia.TaxTotal[0].TaxSubtotal[0].TaxCategory.Percent).toBe("22");
    expect(slovenia.InvoiceLine[0].Item.Name).toBe("Gostovanje Start – mesečno (č, š, ž)");
    expect(slovenia.AccountingCustomerParty.Party.PartyLegalEntity.RegistrationName).toBe(
      "Žiga Čebašek",
    );
  });

  it("out of scope: category O without percent and without any VAT identifier (BR-O-02)", () => {
    const { root } = parse(RENDERED.outOfScope!);
    const category = root.TaxTotal[0].TaxSubtotal[0].TaxCategory;
    expect(category).toMatchObject({
      ID: "O",
      TaxExemptionReasonCode: "VATEX-EU-O",
      TaxExemptionReason: "Not subject to VAT",
    });
    expect(category.Percent).toBeUndefined();
    expect(root.InvoiceLine[0].Item.ClassifiedTaxCategory.Percent).toBeUndefined();
    const seller = root.AccountingSupplierParty.Party;
    expect(seller.PartyTaxScheme.map((p: Parsed) => p.TaxScheme.ID)).toEqual(["TAX"]);
    expect(root.AccountingCustomerParty.Party.PartyTaxScheme).toBeUndefined();
    expect(root.AccountingCustomerParty.Party.EndpointID).toBeUndefined();
  });

  it("a storno is a CreditNote with positive amounts referring to the invoice it reverses", () => {
    const { kind, root } = parse(RENDERED.storno!);
    expect(kind).toBe("CreditNote");
    expect(root.CreditNoteTypeCode).toBe("381");
    expect(root.BillingReference.InvoiceDocumentReference).toEqual({
      ID: SAMPLES.domestic.number,
      IssueDate: SAMPLES.domestic.issueDate,
    });
    expect(root.DueDate).toBeUndefined();
    expect(root.PaymentMeans).toBeUndefined();
    const totals = root.LegalMonetaryTotal;
    expect(text(totals.TaxExclusiveAmount)).toBe("34490.00");
    expect(text(totals.TaxInclusiveAmount)).toBe("43802.30");
    expect(text(totals.PayableAmount)).toBe("43802.30");
    expect(text(root.TaxTotal[0].TaxAmount)).toBe("9312.30");
    const work = root.CreditNoteLine[2];
    expect(work.CreditedQuantity).toEqual({ "#text": "2.5", "@unitCode": "HUR" });
    expect(text(work.LineExtensionAmount)).toBe("27000.00");
    expect(text(work.AllowanceCharge.Amount)).toBe("3000.00");
    expect(root.InvoiceLine).toBeUndefined();
    expect(RENDERED.storno).not.toMatch(/>-\d/);
  });

  it("a EUR credit note: positive, with its HUF VAT total and the invoice reference", () => {
    const { kind, root } = parse(RENDERED.eurCredit!);
    expect(kind).toBe("CreditNote");
    expect(root.TaxCurrencyCode).toBe("HUF");
    expect(root.TaxTotal[1].TaxAmount).toEqual({ "#text": "0.00", "@currencyID": "HUF" });
    expect(root.BillingReference.InvoiceDocumentReference.ID).toBe(SAMPLES.reverseCharge.number);
    expect(text(root.LegalMonetaryTotal.PayableAmount)).toBe("5.00");
    expect(root.CreditNoteLine[0].CreditedQuantity).toEqual({ "#text": "1", "@unitCode": "C62" });
    expect(root.TaxTotal[0].TaxSubtotal[0].TaxCategory.TaxExemptionReasonCode).toBe("VATEX-EU-AE");
    expect(RENDERED.eurCredit).not.toMatch(/>-\d/);
  });

  it("escapes XML special characters and keeps accented letters as UTF-8", () => {
    const xml = RENDERED.specialCharacters!;
    expect(xml).toContain("Kovács &amp; Fia &lt;&quot;Bt.&quot;&gt; &apos;Győr&apos;");
    expect(xml).toContain("ő, ű, č, ž");
    const { root } = parse(xml);
    expect(root.AccountingCustomerParty.Party.PartyLegalEntity.RegistrationName).toBe(
      `Kovács & Fia <"Bt."> 'Győr'`,
    );
    expect(root.InvoiceLine[0].Item.Name).toBe("Tárhely <b>Pro</b> & \"SSL\" 'ő, ű, č, ž' ✓");
  });

  it("a document paid in advance has a PrepaidAmount and nothing payable", () => {
    const { root } = parse(RENDERED.paidByCard!);
    expect(text(root.LegalMonetaryTotal.PrepaidAmount)).toBe("43802.30");
    expect(text(root.LegalMonetaryTotal.PayableAmount)).toBe("0.00");
  });

  it("refuses a proforma: it is not a tax invoice", () => {
    expect(() => renderUbl(PROFORMA)).toThrow(/proforma/);
  });

  it("refuses a document whose totals do not add up", () => {
    const broken = { ...SAMPLES.domestic, totals: { ...SAMPLES.domestic.totals, vat: 1n } };
    expect(() => renderUbl(broken)).toThrow(/VAT total/);
  });
});

describe("formatting helpers", () => {
  it.each([
    [0n, "0.00"],
    [5n, "0.05"],
    [-5n, "-0.05"],
    [299000n, "2990.00"],
    [-4380230n, "-43802.30"],
    [123456789012345678901234567890n, "1234567890123456789012345678.90"],
  ])("formatMinor(%s) = %s", (minor, expected) => {
    expect(formatMinor(minor)).toBe(expected);
  });

  it.each([
    [2700, "27"],
    [2550, "25.5"],
    [525, "5.25"],
    [500, "5"],
    [0, "0"],
    [5, "0.05"],
  ])("formatPercent(%i) = %s", (bp, expected) => {
    expect(formatPercent(bp)).toBe(expected);
  });

  it("escapeXml drops characters XML 1.0 cannot carry", () => {
    expect(escapeXml("a\u0000b\u0007c\td\ne")).toBe("abc\td\ne");
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&apos;");
  });
});
