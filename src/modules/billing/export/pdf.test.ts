import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BUYERS,
  EUR_CREDIT,
  PROFORMA,
  SAMPLES,
  SAMPLE_SELLER,
  STORNO,
  sampleDocument,
} from "../../../../test/documents.ts";
import { Money } from "../../../platform/money/index.ts";
import type { DocumentView } from "../domain/document.ts";
import type { StatementView } from "../domain/statement.ts";
import { renderDocumentPdf, renderStatementPdf, warmUpPdfFonts } from "./pdf.ts";
import { PDF_LABELS, titleKey, type PdfLabels } from "./pdf-labels.ts";

/**
 * The PDFs are checked through their extracted text (poppler's pdftotext), i.e. what a reader,
 * a search or a copy-paste gets: this also proves the font is embedded with a working ToUnicode
 * map for every Hungarian, Finnish and Slovenian letter.
 */

let workDir = "";

function requirePoppler(): void {
  for (const tool of ["pdftotext", "pdfinfo"]) {
    const probe = spawnSync(tool, ["-v"], { encoding: "utf8" });
    if (probe.error) {
      throw new Error(
        `${tool} is not installed: the PDF tests need poppler-utils ` +
          `(apt-get install -y poppler-utils; .ci/run installs it). ${probe.error.message}`,
      );
    }
  }
}

let fileCounter = 0;

function writePdf(pdf: Buffer): string {
  fileCounter += 1;
  const file = path.join(workDir, `doc-${fileCounter}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** pdftotext -layout, with no-break and narrow no-break spaces turned into plain spaces. */
function pdfText(pdf: Buffer): string {
  requirePoppler();
  const result = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", writePdf(pdf), "-"], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return normalize(result.stdout);
}

function pdfPages(pdf: Buffer): number {
  requirePoppler();
  const result = spawnSync("pdfinfo", [writePdf(pdf)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`pdfinfo failed: ${result.stderr}`);
  const match = /^Pages:\s+(\d+)/m.exec(result.stdout);
  if (!match) throw new Error(`pdfinfo printed no page count:\n${result.stdout}`);
  return Number(match[1]);
}

function normalize(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, " ");
}

function labels(doc: { language: "hu" | "en" }): PdfLabels {
  return PDF_LABELS[doc.language];
}

function formatted(minor: bigint, currency: "HUF" | "EUR", l: PdfLabels): string {
  return normalize(Money.of(minor, currency).format(l.locale));
}

const ALL: Record<string, DocumentView> = { ...SAMPLES, STORNO, EUR_CREDIT, PROFORMA };

const texts = new Map<string, string>();
const pdfs = new Map<string, Buffer>();

beforeAll(async () => {
  requirePoppler();
  workDir = mkdtempSync(path.join(tmpdir(), "kapu-pdf-test-"));
  for (const [name, doc] of Object.entries(ALL)) {
    const pdf = await renderDocumentPdf(doc);
    pdfs.set(name, pdf);
    texts.set(name, pdfText(pdf));
  }
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function text(name: string): string {
  const value = texts.get(name);
  if (value === undefined) throw new Error(`no rendered sample ${name}`);
  return value;
}

describe("renderDocumentPdf", () => {
  it.each(Object.keys(ALL))("%s: a PDF with the embedded font and the 169. § fields", (name) => {
    const doc = ALL[name]!;
    const l = labels(doc);
    const pdf = pdfs.get(name)!;
    const t = text(name);

    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const bytes = pdf.toString("latin1");
    expect(bytes).toContain("/FontFile2");
    expect(bytes).toContain("DejaVuSans");
    expect(bytes).not.toContain("/Helvetica");

    expect(t).toContain(doc.number);
    expect(t).toContain(l.title[titleKey(doc.kind, doc.correctionType, doc.totals.gross)]);
    // Seller: name, address, tax number and EU VAT number, bank account.
    expect(t).toContain(doc.seller.name);
    expect(t).toContain(doc.seller.addressLine);
    expect(t).toContain(`${doc.seller.postalCode} ${doc.seller.city}`);
    expect(t).toContain(`${l.taxNumber}: ${doc.seller.taxNumber}`);
    expect(t).toContain(`${l.euVatNumber}: ${doc.seller.euVatNumber}`);
    expect(t).toContain("HU42 1177 3016 1111 1018 0000 0000");
    // Buyer: name, address, tax numbers where the buyer has them.
    expect(t).toContain(doc.buyer.name);
    expect(t).toContain(doc.buyer.addressLine);
    if (doc.buyer.taxNumber) expect(t).toContain(`${l.taxNumber}: ${doc.buyer.taxNumber}`);
    if (doc.buyer.euVatNumber) expect(t).toContain(`${l.euVatNumber}: ${doc.buyer.euVatNumber}`);
    // Dates.
    expect(t).toContain(l.issueDate);
    if (doc.fulfilmentDate) expect(t).toContain(l.fulfilmentDate);
    else expect(t).not.toContain(l.fulfilmentDate);
    expect(t).toContain(l.dueDate);
    expect(t).toContain(l.paymentMethods[doc.paymentMethod]);
    // Lines: description, unit, VAT column; breakdown and totals as printed.
    for (const line of doc.lines) expect(t).toContain(line.description);
    expect(t).toContain(l.units[doc.lines[0]!.unit]);
    expect(t).toContain(l.breakdownTitle);
    expect(t).toContain(formatted(doc.totals.net, doc.currency, l));
    expect(t).toContain(formatted(doc.totals.vat, doc.currency, l));
    expect(t).toContain(formatted(doc.totals.gross, doc.currency, l));
    // Page numbers.
    expect(t).toContain("1/1");
  });

  it("labels Hungarian documents in Hungarian and English ones in English", () => {
    for (const [name, doc] of Object.entries(ALL)) {
      const t = text(name);
      const own = labels(doc);
      const other = PDF_LABELS[doc.language === "hu" ? "en" : "hu"];
      for (const key of ["dueDate", "paymentMethod", "totalNet", "breakdownTitle"] as const) {
        expect(t, `${name}: ${key}`).toContain(own[key]);
        expect(t, `${name}: ${key}`).not.toContain(other[key]);
      }
      expect(t).toContain(own.col.description);
      expect(t).toContain(own.seller.toLocaleUpperCase(own.locale));
    }
    expect(text("domestic")).toContain("Számla");
    expect(text("domestic")).toContain("Fizetési határidő");
    expect(text("domestic")).toContain("Teljesítés dátuma");
    expect(text("reverseCharge")).toContain("Invoice");
    expect(text("reverseCharge")).toContain("Fulfilment date");
    // Bilingual title on English documents.
    expect(text("reverseCharge")).toContain("Számla");
  });

  it("prints Hungarian, Finnish and Slovenian letters as text", () => {
    expect(text("domestic")).toContain("Rendszergazdai munka (ő, ű, ŐŰ)");
    expect(text("domestic")).toContain("Példa Építő Kft.");
    expect(text("domesticPerson")).toContain("Kovács Erzsébet Őrsike");
    expect(text("domesticPerson")).toContain("Győr");
    const all = [...texts.values()].join("\n");
    for (const letter of ["ő", "ű", "Ő", "Ű"]) expect(all).toContain(letter);
    expect(text("reverseCharge")).toContain("Mäkelä Öljy Oy");
    expect(text("reverseCharge")).toContain("Pohjoisesplanadi 11–13");
    expect(text("ossSlovenia")).toContain("Žiga Čebašek");
    expect(text("ossSlovenia")).toContain("Šubičeva ulica 4");
    expect(text("ossSlovenia")).toContain("č, š, ž");
  });

  it("keeps every letter extractable when documents are rendered again (shared fonts)", async () => {
    // The fonts are parsed once per process; glyphs first met while subsetting an earlier
    // document must still carry their Unicode mapping in later ones.
    warmUpPdfFonts();
    for (const [name, doc] of Object.entries(ALL)) {
      const again = pdfText(await renderDocumentPdf(doc));
      expect(again, name).toBe(text(name));
    }
    expect(warmUpPdfFonts().shared).toBe(true);
  });

  it("shows the line details: quantity, unit, net unit price, VAT rate, period, discount", () => {
    const t = text("domestic");
    // Line 3: 2.5 hours at 12 000 net, 3 000 discount, 27 %.
    expect(t).toMatch(/Rendszergazdai munka \(ő, ű, ŐŰ\)\s+2,5 óra\s+12 000,00\s+27 000,00\s+27%/);
    expect(t).toContain("Kedvezmény: 3000,00 Ft");
    expect(t).toContain("Időszak: 2026.12.01. – 2026.12.31.");
    expect(t).toContain("27%");
    const en = text("reverseCharge");
    expect(en).toContain("Period: 2026-12-01 – 2027-11-30");
    expect(en).toMatch(/SSL certificate\s+2 pcs\s+5\.00\s+10\.00\s+RC/);
  });

  it("prints the HUF VAT and the exchange rate on EUR documents", () => {
    for (const name of ["reverseCharge", "oss", "ossSlovenia", "outOfScope", "EUR_CREDIT"]) {
      const doc = ALL[name]!;
      const t = text(name);
      expect(t, name).toMatch(/Exchange rate\s+1 EUR = 395\.12 HUF/);
      expect(t, name).toMatch(/Exchange rate date\s+2026-11-20/);
      expect(t, name).toContain("Total VAT in HUF");
      expect(t, name).toContain(formatted(doc.totals.vatHuf, "HUF", PDF_LABELS.en));
      for (const row of doc.breakdown) {
        expect(t, name).toContain(formatted(row.vatHuf, "HUF", PDF_LABELS.en));
      }
    }
    // OSS: German VAT, 19 %, converted to HUF.
    const oss = SAMPLES.oss;
    expect(oss.totals.vatHuf).toBeGreaterThan(0n);
    expect(text("oss")).toContain("19%");
    expect(text("oss")).toContain(formatted(oss.totals.vatHuf, "HUF", PDF_LABELS.en));
    expect(text("oss")).toContain("One-Stop Shop (OSS)");
    expect(text("domestic")).not.toContain("HUF (");
  });

  it("prints the legal wording: reverse charge, out of scope, cash accounting", async () => {
    expect(text("reverseCharge")).toContain("Reverse charge");
    expect(text("EUR_CREDIT")).toContain("Reverse charge");
    expect(text("outOfScope")).toContain("Not subject to VAT");
    expect(text("domestic")).not.toContain("Pénzforgalmi elszámolás");

    const hu = sampleDocument({
      buyer: BUYERS.fiCompany,
      currency: "EUR",
      exchangeRate: "395.12",
      language: "hu",
      lines: [
        {
          description: "Üzleti tárhely – éves díj",
          quantity: "1",
          unit: "year",
          unitPrice: "19.90",
          vatCategory: "AE",
          vatRateBp: 0,
          vatCountry: "FI",
          vatReason: "eu_b2b_reverse_charge",
        },
      ],
    });
    const huText = pdfText(await renderDocumentPdf(hu));
    expect(huText).toContain("Fordított adózás");
    expect(huText).toContain("Finnország");
    expect(huText).toContain("ÁFA összesen forintban");
    expect(huText).toMatch(/Árfolyam\s+1 EUR = 395,12 HUF/);
    expect(huText).toMatch(/Árfolyam dátuma\s+2026\.11\.20\./);

    const cash = pdfText(await renderDocumentPdf({ ...SAMPLES.domestic, cashAccounting: true }));
    expect(cash).toContain("Pénzforgalmi elszámolás");
    const cashEn = pdfText(
      await renderDocumentPdf({ ...SAMPLES.reverseCharge, cashAccounting: true }),
    );
    expect(cashEn).toContain("Pénzforgalmi elszámolás");
  });

  it("titles a storno and refers to the original invoice number and date", () => {
    const t = text("STORNO");
    expect(t).toContain("Sztornó számla");
    expect(t).toContain(SAMPLES.domestic.number);
    expect(t).toContain(
      `Ez a bizonylat a(z) ${SAMPLES.domestic.number} sorszámú, 2026.11.23. keltű számlát módosítja.`,
    );
    expect(t).toContain("Az eredeti számla kelte");
    // Negative amounts, as issued.
    expect(t).toContain(formatted(STORNO.totals.gross, "HUF", PDF_LABELS.hu));
    expect(t).toContain("-2,5 óra");
    expect(t).toContain("Eredeti tétel: 3.");
  });

  it("titles an English modification a credit note with the corrected invoice", () => {
    const t = text("EUR_CREDIT");
    expect(t).toContain("Credit note");
    expect(t).toContain("Módosító számla");
    expect(t).toContain(
      `This document corrects invoice ${SAMPLES.reverseCharge.number} of 2026-11-23.`,
    );
    expect(t).toContain("-€5.00");
  });

  it("prints the payment details prominently on a proforma, which is not a tax invoice", async () => {
    const t = text("PROFORMA");
    expect(t).toContain("Díjbekérő");
    expect(t).toContain("díjbekérő");
    expect(t).toContain("Nem adóügyi bizonylat");
    expect(t).toContain("Közlemény: KP7Q3M9X2");
    expect(t).toContain("IBAN: HU42 1177 3016 1111 1018 0000 0000");
    expect(t).toContain(
      `Fizetendő összeg: ${formatted(PROFORMA.totals.due, "HUF", PDF_LABELS.hu)}`,
    );
    expect(t).not.toContain("Teljesítés dátuma");

    const en = pdfText(await renderDocumentPdf({ ...PROFORMA, language: "en" }));
    expect(en).toContain("Proforma invoice");
    expect(en).toContain("Not a tax invoice");
    expect(en).toContain("Payment reference: KP7Q3M9X2");
  });

  it("wraps long descriptions and continues a long invoice on further pages", async () => {
    const longWord = "hosszúnévvelrendelkezőtárhelycsomag".repeat(3);
    const long = sampleDocument({
      buyer: BUYERS.huPerson,
      lines: Array.from({ length: 60 }, (_, i) => ({
        description:
          i === 0
            ? `Nagyon hosszú megnevezés, amely több sorba tördelődik, mert nem fér el: ${longWord}`
            : `Tárhely csomag ${i + 1}. tétel`,
        quantity: "1",
        unit: "month" as const,
        unitPrice: "1000",
        vatCategory: "S" as const,
        vatRateBp: 2700,
        vatCountry: "HU",
        vatReason: "domestic" as const,
        periodFrom: "2026-12-01",
        periodTo: "2026-12-31",
      })),
    });
    const pdf = await renderDocumentPdf(long);
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const t = pdfText(pdf);
    const pageTexts = t.split("\f").filter((page) => page.trim() !== "");
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      // The header row and the document number on every page, and "n/N" numbering.
      expect(page, `page ${i + 1}`).toMatch(/Megnevezés\s+Mennyiség\s+Nettó/);
      expect(page, `page ${i + 1}`).toContain(long.number);
      expect(page, `page ${i + 1}`).toContain(`${i + 1}/${pages}`);
    });
    expect(t).toContain("Nagyon hosszú megnevezés, amely");
    expect(t.replace(/\s+/g, "")).toContain(longWord);
    for (let i = 2; i <= 60; i++) expect(t).toContain(`Tárhely csomag ${i}. tétel`);
    expect(t).toContain(formatted(long.totals.gross, "HUF", PDF_LABELS.hu));
  });

  it("splits a line whose description is longer than a page", async () => {
    const words = Array.from({ length: 900 }, (_, i) => `szó${i}`);
    const line = {
      quantity: "1",
      unit: "piece" as const,
      unitPrice: "100",
      vatCategory: "S" as const,
      vatRateBp: 2700,
      vatCountry: "HU",
      vatReason: "domestic" as const,
    };
    const huge = sampleDocument({
      buyer: BUYERS.huCompany,
      lines: [
        { ...line, description: words.join(" ") },
        { ...line, description: "Utolsó tétel" },
      ],
    });
    const pdf = await renderDocumentPdf(huge);
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(3);
    const found = new Set(pdfText(pdf).match(/szó\d+/g));
    expect(found.size).toBe(words.length);
    expect(pdfText(pdf)).toContain("Utolsó tétel");
  });

  it("renders a normal invoice on one page", async () => {
    for (const name of Object.keys(ALL)) expect(pdfPages(pdfs.get(name)!), name).toBe(1);
  });
});

function statement(language: "hu" | "en"): StatementView {
  return {
    customerCode: "C-000042",
    customer: BUYERS.huPerson,
    seller: SAMPLE_SELLER,
    currency: "HUF",
    language,
    from: "2026-10-01",
    to: "2026-12-31",
    generatedAt: "2027-01-02T09:30:00.000Z",
    openingBalance: 1_250_000n,
    closingBalance: 379_730n,
    totalDebit: 4_379_730n,
    totalCredit: 5_250_000n,
    rows: [
      {
        date: "2026-10-05",
        kind: "payment",
        reference: "KP7Q3M9X2",
        description: "Átutalás (Őrsike)",
        documentId: null,
        debit: 0n,
        credit: 1_250_000n,
        balance: 0n,
      },
      {
        date: "2026-11-23",
        kind: "invoice",
        reference: "KAPU-2026-000101",
        description: "Tárhely (ő, ű, ŐŰ)",
        documentId: null,
        debit: 4_379_730n,
        credit: 0n,
        balance: 4_379_730n,
      },
      {
        date: "2026-12-02",
        kind: "payment",
        reference: "KP7Q3M9X3",
        description: "Bankkártyás fizetés",
        documentId: null,
        debit: 0n,
        credit: 4_000_000n,
        balance: 379_730n,
      },
    ],
  };
}

describe("renderStatementPdf", () => {
  it("prints the period, opening and closing balance and every row, in Hungarian", async () => {
    const s = statement("hu");
    const pdf = await renderStatementPdf(s);
    expect(pdf.toString("latin1")).toContain("/FontFile2");
    const t = pdfText(pdf);
    const l = PDF_LABELS.hu;
    expect(t).toContain("Folyószámla-kivonat");
    expect(t).toContain("2026.10.01. – 2026.12.31.");
    expect(t).toContain("C-000042");
    expect(t).toContain("Kovács Erzsébet Őrsike");
    expect(t).toContain(`${l.statement.openingBalance}`);
    expect(t).toContain(`${l.statement.closingBalance}`);
    expect(t).toMatch(/Nyitó egyenleg\s+12 500,00 Ft/);
    expect(t).toMatch(/Záró egyenleg\s+3797,30 Ft/);
    expect(t).toContain(formatted(s.totalDebit, "HUF", l));
    expect(t).toContain(formatted(s.totalCredit, "HUF", l));
    for (const row of s.rows) {
      expect(t).toContain(row.reference);
      expect(t).toContain(row.description);
    }
    expect(t).toContain("Befizetés");
    expect(t).toMatch(/KAPU-2026-000101\s+Tárhely \(ő, ű, ŐŰ\)\s+43 797,30\s+43 797,30/);
    expect(t).toContain(l.statement.balanceOwed);
    expect(t).toContain("1/1");
  });

  it("prints an English statement in English", async () => {
    const s = { ...statement("en"), closingBalance: -50_000n };
    const t = pdfText(await renderStatementPdf(s));
    expect(t).toContain("Account statement");
    expect(t).toMatch(/Opening balance\s+HUF 12,500\.00/);
    expect(t).toMatch(/Closing balance\s+-HUF 500\.00/);
    expect(t).toContain("Payment");
    expect(t).toContain("The closing balance is a credit in your favour.");
    expect(t).not.toContain("Nyitó egyenleg");
  });

  it("continues a long statement on further pages with the header row", async () => {
    const base = statement("hu");
    const rows = Array.from({ length: 80 }, (_, i) => ({
      ...base.rows[1]!,
      reference: `KAPU-2026-${String(i + 1).padStart(6, "0")}`,
    }));
    const pdf = await renderStatementPdf({ ...base, rows });
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(2);
    const pages = pdfText(pdf)
      .split("\f")
      .filter((page) => page.trim() !== "");
    for (const page of pages) expect(page).toMatch(/Dátum\s+Típus\s+Hivatkozás/);
    expect(pages.at(-1)).toContain("Záró egyenleg");
  });
});

describe("pdf labels", () => {
  it("has every label in both languages", () => {
    const keys = (value: unknown, prefix = ""): string[] =>
      typeof value === "object" && value !== null
        ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [`${prefix.slice(0, -1)}:${typeof value}`];
    expect(keys(PDF_LABELS.en)).toEqual(keys(PDF_LABELS.hu));
    const strings = (value: unknown): string[] =>
      typeof value === "string"
        ? [value]
        : typeof value === "object" && value !== null
          ? Object.values(value).flatMap(strings)
          : [];
    for (const language of ["hu", "en"] as const) {
      for (const s of strings(PDF_LABELS[language])) expect(s.trim()).not.toBe("");
    }
  });
});
