import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  BUYERS,
  EUR_CREDIT,
  PROFORMA,
  SAMPLES,
  SAMPLE_SELLER,
  STORNO,
  sampleDocument,
} from "../../../../test/documents.ts";
import { STANDARDS, xsdErrors } from "../../../../test/xml.ts";
import { Money } from "../../../platform/money/index.ts";
import type { DocumentView } from "../domain/document.ts";
import { isNavReportable, renderNavInvoiceData, type NavRenderOptions } from "./nav.ts";

const NAV = `${STANDARDS}/nav-online-szamla-3.0`;
const XSD = `${NAV}/local-wrapper/nav-osa-3.0-all.xsd`;
const navSample = (name: string) => readFileSync(`${NAV}/samples/data/${name}.xml`, "utf8");

/** Every issued sample with the options it needs (EUR_CREDIT corrects a 2-line invoice). */
const CASES: Record<string, { doc: DocumentView; options?: NavRenderOptions }> = {
  ...Object.fromEntries(Object.entries(SAMPLES).map(([name, doc]) => [name, { doc }])),
  storno: { doc: STORNO },
  eurCredit: { doc: EUR_CREDIT, options: { chainLineCount: SAMPLES.reverseCharge.lines.length } },
};
const render = (name: string) => {
  const c = CASES[name]!;
  return renderNavInvoiceData(c.doc, c.options);
};

// ---------------------------------------------------------------------------------------------
// XML helpers: element paths (structure) and values

type Ordered = Record<string, unknown>[];
const orderedParser = new XMLParser({ preserveOrder: true, removeNSPrefix: true });
const valueParser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === "line" || name === "summaryByVatRate",
});

const tagOf = (node: Record<string, unknown>) =>
  Object.keys(node).find((k) => k !== ":@" && k !== "#text" && k !== "?xml");

/**
 * The children of the element at `path` (slash-separated, from the root element's children);
 * `line[3]` picks the third of repeated elements (1-based).
 */
function select(xml: string, path: string): Ordered {
  const doc = orderedParser.parse(xml) as Ordered;
  let nodes: Ordered = doc.flatMap((n) => (tagOf(n) === "InvoiceData" ? [n] : []));
  nodes = nodes[0]!.InvoiceData as Ordered;
  for (const segment of path.split("/")) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(segment)!;
    const matches = nodes.filter((n) => tagOf(n) === m[1]);
    const node = matches[Number(m[2] ?? 1) - 1];
    if (!node) throw new Error(`No ${segment} in ${path}`);
    nodes = node[m[1]!] as Ordered;
  }
  return nodes;
}

/** The element paths below a node, each once, in document order (optionally to a depth). */
function elementPaths(nodes: Ordered, maxDepth = Infinity, prefix = ""): string[] {
  const seen: string[] = [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === undefined) continue;
    const path = prefix + tag;
    const below = maxDepth > 1 ? elementPaths(node[tag] as Ordered, maxDepth - 1, `${path}/`) : [];
    for (const p of [path, ...below]) if (!seen.includes(p)) seen.push(p);
  }
  return seen;
}

const ADDRESS_DETAIL = new Set([
  "streetName",
  "publicPlaceCategory",
  "number",
  "building",
  "staircase",
  "floor",
  "door",
  "lotNumber",
]);

/**
 * NAV's samples give detailedAddress (street, kind of public place, number…); Kapu keeps one
 * address line, so it sends the XSD's other choice, simpleAddress, with that line as
 * additionalAddressDetail. This maps a sample's detailed address onto the simple one.
 */
function asSimpleAddress(paths: string[]): string[] {
  const mapped = paths.map((p) => {
    if (!p.includes("detailedAddress")) return p;
    const parts = p.replace("detailedAddress", "simpleAddress").split("/");
    if (ADDRESS_DETAIL.has(parts.at(-1)!)) parts[parts.length - 1] = "additionalAddressDetail";
    return parts.join("/");
  });
  return mapped.filter((p, i) => mapped.indexOf(p) === i);
}

interface Documented {
  /** Paths only Kapu sends, each with the reason in the test's comments. */
  extra?: string[];
  /** Paths only the NAV sample has. */
  missing?: string[];
  /** Element names renamed in the sample before comparing (e.g. vatExemption → vatOutOfScope). */
  rename?: Record<string, string>;
}

/**
 * Compares our element paths with a NAV sample's: the same paths in the same order, apart from
 * the documented differences. Returns "" when they match, else a readable report.
 */
function structureDiff(ours: string[], sample: string[], documented: Documented = {}): string {
  const theirs = asSimpleAddress(
    sample.map((p) =>
      p
        .split("/")
        .map((s) => documented.rename?.[s] ?? s)
        .join("/"),
    ),
  );
  const onlyOurs = ours.filter((p) => !theirs.includes(p));
  const onlyTheirs = theirs.filter((p) => !ours.includes(p));
  const report: string[] = [];
  const extra = documented.extra ?? [];
  const missing = documented.missing ?? [];
  const unexpectedExtra = onlyOurs.filter((p) => !extra.includes(p));
  const unexpectedMissing = onlyTheirs.filter((p) => !missing.includes(p));
  const notExtra = extra.filter((p) => !onlyOurs.includes(p));
  const notMissing = missing.filter((p) => !onlyTheirs.includes(p));
  if (unexpectedExtra.length) report.push(`only in Kapu's XML:\n  ${unexpectedExtra.join("\n  ")}`);
  if (unexpectedMissing.length)
    report.push(`only in NAV's sample:\n  ${unexpectedMissing.join("\n  ")}`);
  if (notExtra.length) report.push(`documented as extra, but not:\n  ${notExtra.join("\n  ")}`);
  if (notMissing.length)
    report.push(`documented as missing, but not:\n  ${notMissing.join("\n  ")}`);
  const common = (list: string[], other: string[]) => list.filter((p) => other.includes(p));
  const a = common(ours, theirs);
  const b = common(theirs, ours);
  if (a.join() !== b.join()) {
    report.push(`order differs:\n  Kapu: ${a.join(", ")}\n  NAV:  ${b.join(", ")}`);
  }
  return report.join("\n");
}

function compare(
  ours: string,
  sample: string,
  path: string,
  samplePath = path,
  documented: Documented = {},
) {
  const report = structureDiff(
    elementPaths(select(ours, path)),
    elementPaths(select(sample, samplePath)),
    documented,
  );
  expect(report, `${path} vs NAV ${samplePath}:\n${report}`).toBe("");
}

const HEAD = "invoiceMain/invoice/invoiceHead";
const LINES = "invoiceMain/invoice/invoiceLines";
const SUMMARY = "invoiceMain/invoice/invoiceSummary";

/** NAV's samples sell goods with product codes; Kapu's lines have none and say "no advance". */
const LINE_DIFF: Documented = {
  // advanceData/advanceIndicator false: the line is not an advance payment (brief; optional).
  extra: ["advanceData", "advanceData/advanceIndicator"],
  // productCodes (VTSZ/OWN codes) are optional and Kapu has none for its services.
  missing: [
    "productCodes",
    "productCodes/productCode",
    "productCodes/productCode/productCodeCategory",
    "productCodes/productCode/productCodeValue",
  ],
};

/** Kapu's documents with lines for a period also give the invoice's delivery period. */
const PERIOD = ["invoiceDeliveryPeriodStart", "invoiceDeliveryPeriodEnd"];

/** The VAT of a service outside the Hungarian scope vs the sample's exempt supply of goods. */
const OUT_OF_SCOPE_VS_EXEMPT: Documented = { rename: { vatExemption: "vatOutOfScope" } };

function values(xml: string) {
  return valueParser.parse(xml).InvoiceData;
}

const minor = (decimal: string) => Money.parse(decimal, "HUF").minor;
const sumOf = (list: string[]) => list.reduce((s, v) => s + minor(v), 0n);

// ---------------------------------------------------------------------------------------------

describe("renderNavInvoiceData: XSD", () => {
  it.each(Object.keys(CASES))("%s validates against the NAV 3.0 XSD", (name) => {
    expect(xsdErrors(render(name), XSD)).toEqual([]);
  });

  it("the validator rejects a mangled document and accepts NAV's own sample", () => {
    const xml = render("domestic");
    const badValue = xml.replace(
      "<invoiceCategory>NORMAL</invoiceCategory>",
      "<invoiceCategory>BOGUS</invoiceCategory>",
    );
    expect(xsdErrors(badValue, XSD).join("\n")).toMatch(/invoiceCategory/);
    const missing = xml.replace(/\s*<invoiceAppearance>ELECTRONIC<\/invoiceAppearance>/, "");
    expect(xsdErrors(missing, XSD).join("\n")).toMatch(/invoiceAppearance/);
    const wrongNamespace = xml.replace('xmlns:base="http://', 'xmlns:base="urn:x-');
    expect(xsdErrors(wrongNamespace, XSD)).not.toEqual([]);
    expect(xsdErrors(navSample("Belfoldi termekertekesites"), XSD)).toEqual([]);
  });

  it("refuses a proforma", () => {
    expect(() => renderNavInvoiceData(PROFORMA)).toThrow(/proforma/);
    expect(isNavReportable(PROFORMA)).toBe(false);
  });
});

describe("renderNavInvoiceData: structure against NAV's samples", () => {
  it("document skeleton (Eredeti szamla modositasokhoz; Modositas es ervenytelenites 2)", () => {
    const top = (xml: string) => elementPaths(select(xml, "invoiceMain"), 3);
    expect(
      structureDiff(top(render("domestic")), top(navSample("Eredeti szamla modositasokhoz"))),
    ).toBe("");
    expect(
      structureDiff(top(render("storno")), top(navSample("Modositas es ervenytelenites 2"))),
    ).toBe("");
  });

  it("domestic invoice to a Hungarian company (Belfoldi termekertekesites)", () => {
    const ours = render("domestic");
    const sample = navSample("Belfoldi termekertekesites");
    compare(ours, sample, `${HEAD}/supplierInfo`);
    compare(ours, sample, `${HEAD}/customerInfo`);
    compare(ours, navSample("Eredeti szamla modositasokhoz"), `${HEAD}/invoiceDetail`, undefined, {
      extra: PERIOD,
    });
    compare(ours, sample, `${LINES}/line[1]`, `${LINES}/line[2]`, LINE_DIFF);
    compare(ours, sample, SUMMARY);
  });

  it("own unit of measure: a year is OWN + év (Tagorszagi devizas szamla, dkg)", () => {
    compare(
      render("domestic"),
      navSample("Tagorszagi devizas szamla"),
      `${LINES}/line[2]`,
      `${LINES}/line[3]`,
      {
        // The sample's line is an exempt intra-Community supply; ours is taxed at 27 %.
        extra: [...LINE_DIFF.extra!, "lineAmountsNormal/lineVatRate/vatPercentage"],
        missing: [
          ...LINE_DIFF.missing!,
          "lineAmountsNormal/lineVatRate/vatExemption",
          "lineAmountsNormal/lineVatRate/vatExemption/case",
          "lineAmountsNormal/lineVatRate/vatExemption/reason",
        ],
      },
    );
  });

  it("line discount (Belfoldi termekertekesites tetelbol adott engedmennyel)", () => {
    compare(
      render("domestic"),
      navSample("Belfoldi termekertekesites tetelbol adott engedmennyel"),
      `${LINES}/line[3]`,
      `${LINES}/line[2]`,
      LINE_DIFF,
    );
  });

  it("private person: customerVatStatus only (Belfoldi termekertekesites maganszemelynek)", () => {
    const sample = navSample("Belfoldi termekertekesites maganszemelynek");
    compare(render("domesticPerson"), sample, `${HEAD}/customerInfo`);
    compare(render("oss"), sample, `${HEAD}/customerInfo`);
  });

  it("EU business in EUR (Tagorszagi devizas szamla)", () => {
    const ours = render("reverseCharge");
    const sample = navSample("Tagorszagi devizas szamla");
    compare(ours, sample, `${HEAD}/supplierInfo`);
    compare(ours, sample, `${HEAD}/customerInfo`);
    compare(ours, sample, `${HEAD}/invoiceDetail`, undefined, { extra: PERIOD });
    // Our first line is billed per year (OWN "év"), like the sample's third (OWN "dkg").
    compare(ours, sample, `${LINES}/line[1]`, `${LINES}/line[3]`, {
      ...LINE_DIFF,
      ...OUT_OF_SCOPE_VS_EXEMPT,
    });
    compare(ours, sample, SUMMARY, undefined, OUT_OF_SCOPE_VS_EXEMPT);
    compare(render("oss"), sample, `${HEAD}/supplierInfo`);
    compare(
      render("oss"),
      sample,
      `${LINES}/line[1]/lineAmountsNormal`,
      undefined,
      OUT_OF_SCOPE_VS_EXEMPT,
    );
  });

  it("non-EU business in EUR (Harmadik orszagbeli devizas szamla)", () => {
    const ours = render("outOfScope");
    const sample = navSample("Harmadik orszagbeli devizas szamla");
    compare(ours, sample, `${HEAD}/supplierInfo`);
    // Kapu holds no third-country tax id of a foreign buyer: customerVatData is optional for OTHER.
    compare(ours, sample, `${HEAD}/customerInfo`, undefined, {
      missing: ["customerVatData", "customerVatData/thirdStateTaxId"],
    });
    compare(ours, sample, `${HEAD}/invoiceDetail`, undefined, { extra: PERIOD });
    compare(ours, sample, `${LINES}/line[1]`, undefined, {
      ...LINE_DIFF,
      ...OUT_OF_SCOPE_VS_EXEMPT,
    });
    compare(ours, sample, SUMMARY, undefined, OUT_OF_SCOPE_VS_EXEMPT);
  });

  it("storno (Modositas es ervenytelenites 2)", () => {
    const ours = render("storno");
    const sample = navSample("Modositas es ervenytelenites 2");
    compare(ours, sample, "invoiceMain/invoice/invoiceReference");
    compare(ours, sample, `${HEAD}/customerInfo`);
    compare(ours, sample, `${HEAD}/invoiceDetail`, undefined, { extra: PERIOD });
    compare(ours, sample, `${LINES}/line[1]`, undefined, LINE_DIFF);
    // vatRateGrossData is optional: this sample leaves it out, NAV's domestic invoice gives it.
    compare(ours, sample, SUMMARY, undefined, {
      extra: [
        "summaryNormal/summaryByVatRate/vatRateGrossData",
        "summaryNormal/summaryByVatRate/vatRateGrossData/vatRateGrossAmount",
        "summaryNormal/summaryByVatRate/vatRateGrossData/vatRateGrossAmountHUF",
      ],
    });
  });

  it("modification in EUR (Teves termek helyesbitese 20)", () => {
    const ours = render("eurCredit");
    const sample = navSample("Teves termek helyesbitese 20");
    compare(ours, sample, "invoiceMain/invoice/invoiceReference");
    compare(ours, sample, `${LINES}/line[1]`, undefined, {
      extra: [
        ...LINE_DIFF.extra!,
        "lineAmountsNormal/lineVatRate/vatOutOfScope",
        "lineAmountsNormal/lineVatRate/vatOutOfScope/case",
        "lineAmountsNormal/lineVatRate/vatOutOfScope/reason",
      ],
      missing: [...LINE_DIFF.missing!, "lineAmountsNormal/lineVatRate/vatPercentage"],
    });
  });

  it("the comparison reports differences readably", () => {
    const report = structureDiff(["a", "a/b", "c"], ["a", "c", "a/d"]);
    expect(report).toContain("only in Kapu's XML:\n  a/b");
    expect(report).toContain("only in NAV's sample:\n  a/d");
    expect(structureDiff(["a", "c"], ["c", "a"])).toMatch(/order differs/);
  });
});

describe("renderNavInvoiceData: content", () => {
  it("splits the tax numbers into taxpayerId, vatCode and countyCode", () => {
    const head = values(render("domestic")).invoiceMain.invoice.invoiceHead;
    expect(head.supplierInfo.supplierTaxNumber).toEqual({
      taxpayerId: "12345676",
      vatCode: "2",
      countyCode: "41",
    });
    expect(head.customerInfo.customerVatStatus).toBe("DOMESTIC");
    expect(head.customerInfo.customerVatData.customerTaxNumber).toEqual({
      taxpayerId: "24767547",
      vatCode: "2",
      countyCode: "06",
    });
    expect(head.supplierInfo.supplierBankAccountNumber).toBe("HU42117730161111101800000000");
    expect(head.invoiceDetail).toMatchObject({
      invoiceDeliveryDate: "2026-11-23",
      invoiceDeliveryPeriodStart: "2026-12-01",
      invoiceDeliveryPeriodEnd: "2027-11-30",
      currencyCode: "HUF",
      exchangeRate: "1",
      paymentMethod: "TRANSFER",
      paymentDate: "2026-12-01",
      invoiceAppearance: "ELECTRONIC",
    });
  });

  it("sends nothing but the status for a private person", () => {
    const xml = render("domesticPerson");
    const customer = values(xml).invoiceMain.invoice.invoiceHead.customerInfo;
    expect(customer).toEqual({ customerVatStatus: "PRIVATE_PERSON" });
    for (const value of [BUYERS.huPerson.name, BUYERS.huPerson.addressLine, BUYERS.huPerson.city]) {
      expect(xml).not.toContain(value);
    }
    expect(values(xml).invoiceMain.invoice.invoiceHead.invoiceDetail.paymentMethod).toBe("CARD");
  });

  it("foreign buyers are OTHER, with the EU VAT number when there is one", () => {
    const rc = values(render("reverseCharge")).invoiceMain.invoice.invoiceHead;
    expect(rc.customerInfo.customerVatStatus).toBe("OTHER");
    expect(rc.customerInfo.customerVatData).toEqual({ communityVatNumber: "FI20774740" });
    expect(rc.supplierInfo.communityVatNumber).toBe("HU12345676");
    const us = values(render("outOfScope")).invoiceMain.invoice.invoiceHead;
    expect(us.customerInfo.customerVatStatus).toBe("OTHER");
    expect(us.customerInfo.customerVatData).toBeUndefined();
    expect(us.customerInfo.customerName).toBe("Acme Hosting Inc.");
    expect(us.supplierInfo.communityVatNumber).toBeUndefined();
  });

  it("EUR: exchange rate and HUF amounts = amount × rate", () => {
    const inv = values(render("reverseCharge")).invoiceMain.invoice;
    expect(inv.invoiceHead.invoiceDetail.exchangeRate).toBe("395.12");
    const [first, second] = inv.invoiceLines.line;
    expect(first.unitPriceHUF).toBe("7862.888"); // 19.90 × 395.12, exact
    expect(first.lineAmountsNormal.lineNetAmountData.lineNetAmountHUF).toBe("7862.89");
    expect(second.lineAmountsNormal.lineNetAmountData.lineNetAmountHUF).toBe("3951.20");
    for (const name of ["reverseCharge", "oss", "ossSlovenia", "outOfScope", "eurCredit"]) {
      for (const l of values(render(name)).invoiceMain.invoice.invoiceLines.line) {
        const net = l.lineAmountsNormal.lineNetAmountData;
        // |HUF − EUR × 395.12| ≤ half a fillér, in integers: cents × 39512 vs fillér × 100.
        const diff = minor(net.lineNetAmount) * 39512n - minor(net.lineNetAmountHUF) * 100n;
        expect(diff <= 50n && diff >= -50n, `${name}: ${net.lineNetAmountHUF}`).toBe(true);
      }
    }
  });

  it("VAT in HUF is the document's own vatHuf", () => {
    const eurS = sampleDocument({
      buyer: BUYERS.huCompany,
      currency: "EUR",
      exchangeRate: "395.1234",
      lines: [
        {
          description: "A",
          quantity: "3",
          unit: "month",
          unitPrice: "3.33",
          vatCategory: "S",
          vatRateBp: 2700,
          vatCountry: "HU",
          vatReason: "domestic",
        },
        {
          description: "B",
          quantity: "1",
          unit: "piece",
          unitPrice: "0.07",
          vatCategory: "S",
          vatRateBp: 2700,
          vatCountry: "HU",
          vatReason: "domestic",
        },
      ],
    });
    const xml = renderNavInvoiceData(eurS);
    expect(xsdErrors(xml, XSD)).toEqual([]);
    const inv = values(xml).invoiceMain.invoice;
    const summary = inv.invoiceSummary.summaryNormal;
    expect(minor(summary.invoiceVatAmountHUF)).toBe(eurS.totals.vatHuf);
    expect(minor(summary.summaryByVatRate[0].vatRateVatData.vatRateVatAmountHUF)).toBe(
      eurS.breakdown[0]!.vatHuf,
    );
    const lineVatHuf = inv.invoiceLines.line.map(
      (l: { lineAmountsNormal: { lineVatData: { lineVatAmountHUF: string } } }) =>
        l.lineAmountsNormal.lineVatData.lineVatAmountHUF,
    );
    expect(sumOf(lineVatHuf)).toBe(eurS.totals.vatHuf);
  });

  it("storno: negative amounts, invoiceReference and lines numbered after the original's", () => {
    const inv = values(render("storno")).invoiceMain.invoice;
    expect(inv.invoiceReference).toEqual({
      originalInvoiceNumber: SAMPLES.domestic.number,
      modifyWithoutMaster: "false",
      modificationIndex: "1",
    });
    expect(inv.invoiceLines.line.map((l: { lineNumber: string }) => l.lineNumber)).toEqual([
      "1",
      "2",
      "3",
    ]);
    expect(
      inv.invoiceLines.line.map(
        (l: { lineModificationReference: unknown }) => l.lineModificationReference,
      ),
    ).toEqual([4, 5, 6].map((n) => ({ lineNumberReference: String(n), lineOperation: "CREATE" })));
    for (const l of inv.invoiceLines.line) {
      expect(l.quantity.startsWith("-")).toBe(true);
      expect(minor(l.lineAmountsNormal.lineNetAmountData.lineNetAmount)).toBeLessThan(0n);
      expect(minor(l.lineAmountsNormal.lineVatData.lineVatAmountHUF)).toBeLessThan(0n);
      expect(minor(l.lineAmountsNormal.lineGrossAmountData.lineGrossAmountNormalHUF)).toBeLessThan(
        0n,
      );
    }
    expect(inv.invoiceLines.line[2].lineDiscountData.discountValue).toBe("-3000.00");
    const summary = inv.invoiceSummary;
    expect(summary.summaryNormal.invoiceNetAmount).toBe("-34490.00");
    expect(summary.summaryGrossData.invoiceGrossAmountHUF).toBe("-43802.30");
    expect(isNavReportable(STORNO)).toBe(true);
  });

  it("modification: lineNumberReference continues the chain the caller names", () => {
    expect(() => renderNavInvoiceData(EUR_CREDIT)).toThrow(/chainLineCount/);
    const ref = (options: NavRenderOptions) =>
      values(renderNavInvoiceData(EUR_CREDIT, options)).invoiceMain.invoice.invoiceLines.line[0]
        .lineModificationReference;
    expect(ref({ chainLineCount: 2 })).toEqual({
      lineNumberReference: "3",
      lineOperation: "CREATE",
    });
    // The original's 2 lines + 3 created by an earlier modification.
    expect(ref({ chainLineCount: 5 }).lineNumberReference).toBe("6");
    expect(() => renderNavInvoiceData(EUR_CREDIT, { chainLineCount: 0 })).toThrow(/chainLineCount/);
    const secondStorno = { ...STORNO, corrects: { ...STORNO.corrects!, modificationIndex: 2 } };
    expect(() => renderNavInvoiceData(secondStorno)).toThrow(/chainLineCount/);
    const inv = values(renderNavInvoiceData(secondStorno, { chainLineCount: 4 })).invoiceMain
      .invoice;
    expect(inv.invoiceReference.modificationIndex).toBe("2");
    expect(inv.invoiceLines.line[0].lineModificationReference.lineNumberReference).toBe("5");
  });

  it("quantity × unit price − discount = net on every line (NAV's line check)", () => {
    for (const name of Object.keys(CASES)) {
      for (const l of values(render(name)).invoiceMain.invoice.invoiceLines.line) {
        const q = Money.parse(l.unitPrice, "HUF").multiply(l.quantity).minor;
        const discount = l.lineDiscountData ? minor(l.lineDiscountData.discountValue) : 0n;
        expect(q - discount, `${name} line ${l.lineNumber}`).toBe(
          minor(l.lineAmountsNormal.lineNetAmountData.lineNetAmount),
        );
      }
    }
  });

  it("VAT rates: vatPercentage as a fraction, vatOutOfScope cases for AE, OSS and O", () => {
    const rateOf = (name: string) =>
      values(render(name)).invoiceMain.invoice.invoiceLines.line[0].lineAmountsNormal.lineVatRate;
    expect(rateOf("domestic")).toEqual({ vatPercentage: "0.27" });
    expect(rateOf("reverseCharge")).toEqual({
      vatOutOfScope: { case: "EUFAD37", reason: "Reverse charge" },
    });
    expect(rateOf("oss").vatOutOfScope.case).toBe("EUE");
    expect(rateOf("ossSlovenia").vatOutOfScope.case).toBe("EUE");
    expect(rateOf("outOfScope")).toEqual({
      vatOutOfScope: { case: "HO", reason: "Not subject to VAT" },
    });

    const line = (vatRateBp: number) => ({
      description: `${vatRateBp}`,
      quantity: "1",
      unit: "piece" as const,
      unitPrice: "1000",
      vatCategory: "S" as const,
      vatRateBp,
      vatCountry: "HU",
      vatReason: "manual" as const,
    });
    const doc = sampleDocument({
      buyer: BUYERS.huCompany,
      lines: [line(500), line(1800), line(2550), line(2700)],
    });
    const xml = renderNavInvoiceData(doc);
    expect(xsdErrors(xml, XSD)).toEqual([]);
    const groups = values(xml).invoiceMain.invoice.invoiceSummary.summaryNormal.summaryByVatRate;
    expect(
      groups.map((g: { vatRate: { vatPercentage: string } }) => g.vatRate.vatPercentage),
    ).toEqual(["0.05", "0.18", "0.255", "0.27"]);
  });

  it("OSS: the foreign VAT is not reported as Hungarian VAT, and the invoice is not reportable", () => {
    const inv = values(render("oss")).invoiceMain.invoice;
    const amounts = inv.invoiceLines.line[0].lineAmountsNormal;
    expect(amounts.lineVatData).toEqual({ lineVatAmount: "0.00", lineVatAmountHUF: "0.00" });
    expect(amounts.lineGrossAmountData.lineGrossAmountNormal).toBe(
      amounts.lineNetAmountData.lineNetAmount,
    );
    expect(inv.invoiceSummary.summaryNormal.invoiceVatAmountHUF).toBe("0.00");
    expect(SAMPLES.oss.totals.vat).toBeGreaterThan(0n);
    expect(isNavReportable(SAMPLES.oss)).toBe(false);
    expect(isNavReportable(SAMPLES.ossSlovenia)).toBe(false);
    for (const name of ["domestic", "domesticPerson", "reverseCharge", "outOfScope"] as const) {
      expect(isNavReportable(SAMPLES[name]), name).toBe(true);
    }
  });

  it.each(Object.keys(CASES))("%s: summaryByVatRate adds up to the invoice totals", (name) => {
    const { doc } = CASES[name]!;
    const inv = values(render(name)).invoiceMain.invoice;
    const s = inv.invoiceSummary.summaryNormal;
    const g = s.summaryByVatRate;
    const pick = (f: (x: Record<string, Record<string, string>>) => string) => sumOf(g.map(f));
    expect(pick((x) => x.vatRateNetData!.vatRateNetAmount!)).toBe(minor(s.invoiceNetAmount));
    expect(pick((x) => x.vatRateNetData!.vatRateNetAmountHUF!)).toBe(minor(s.invoiceNetAmountHUF));
    expect(pick((x) => x.vatRateVatData!.vatRateVatAmount!)).toBe(minor(s.invoiceVatAmount));
    expect(pick((x) => x.vatRateVatData!.vatRateVatAmountHUF!)).toBe(minor(s.invoiceVatAmountHUF));
    expect(pick((x) => x.vatRateGrossData!.vatRateGrossAmount!)).toBe(
      minor(inv.invoiceSummary.summaryGrossData.invoiceGrossAmount),
    );
    expect(pick((x) => x.vatRateGrossData!.vatRateGrossAmountHUF!)).toBe(
      minor(inv.invoiceSummary.summaryGrossData.invoiceGrossAmountHUF),
    );
    const lineNet = sumOf(
      inv.invoiceLines.line.map(
        (l: { lineAmountsNormal: { lineNetAmountData: { lineNetAmount: string } } }) =>
          l.lineAmountsNormal.lineNetAmountData.lineNetAmount,
      ),
    );
    expect(lineNet).toBe(minor(s.invoiceNetAmount));
    // What the invoice prints: the document's own totals (OSS VAT is not Hungarian VAT).
    const oss = name === "oss" || name === "ossSlovenia";
    expect(minor(s.invoiceNetAmount)).toBe(doc.totals.net);
    expect(minor(s.invoiceVatAmount)).toBe(oss ? 0n : doc.totals.vat);
    expect(minor(s.invoiceVatAmountHUF)).toBe(oss ? 0n : doc.totals.vatHuf);
    if (!oss) {
      expect(minor(inv.invoiceSummary.summaryGrossData.invoiceGrossAmount)).toBe(doc.totals.gross);
    }
  });

  it("escapes text and keeps UTF-8", () => {
    const description = `Tárhely & <backup> "pro" 'ő' – ŐŰ`;
    const doc = sampleDocument({
      buyer: { ...BUYERS.huCompany, name: "Kovács & Társa <Bt.>" },
      lines: [
        {
          description: `${description}\n  második sor`,
          quantity: "1",
          unit: "day",
          unitPrice: "100",
          vatCategory: "S",
          vatRateBp: 2700,
          vatCountry: "HU",
          vatReason: "domestic",
        },
      ],
    });
    const xml = renderNavInvoiceData(doc);
    expect(xml).toContain("Tárhely &amp; &lt;backup&gt; &quot;pro&quot; &apos;ő&apos; – ŐŰ");
    expect(xsdErrors(xml, XSD)).toEqual([]);
    const inv = values(xml).invoiceMain.invoice;
    expect(inv.invoiceLines.line[0].lineDescription).toBe(`${description} második sor`);
    expect(inv.invoiceLines.line[0].unitOfMeasure).toBe("DAY");
    expect(inv.invoiceHead.customerInfo.customerName).toBe("Kovács & Társa <Bt.>");
  });

  it("refuses what NAV cannot take", () => {
    const foreignSeller = { ...SAMPLES.domestic, seller: { ...SAMPLE_SELLER, country: "FI" } };
    expect(() => renderNavInvoiceData(foreignSeller)).toThrow(/Hungarian sellers/);
    expect(isNavReportable(foreignSeller)).toBe(false);
    const badTaxNumber = { ...SAMPLES.domestic, seller: { ...SAMPLE_SELLER, taxNumber: "1234" } };
    expect(() => renderNavInvoiceData(badTaxNumber)).toThrow(/tax number/);
    const badVatHuf = {
      ...SAMPLES.domestic,
      breakdown: SAMPLES.domestic.breakdown.map((b) => ({ ...b, vatHuf: b.vatHuf + 1n })),
    };
    expect(() => renderNavInvoiceData(badVatHuf)).toThrow(/do not add up/);
    const zeroRated = {
      ...SAMPLES.domestic,
      lines: SAMPLES.domestic.lines.map((l) => ({ ...l, vatCategory: "Z" as const })),
      breakdown: SAMPLES.domestic.breakdown.map((b) => ({ ...b, vatCategory: "Z" as const })),
    };
    expect(() => renderNavInvoiceData(zeroRated)).toThrow(/no NAV Online Számla equivalent/);
  });
});
