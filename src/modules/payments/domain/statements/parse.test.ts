import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARDS } from "../../../../../test/xml.ts";
import { StatementParseError } from "./errors.ts";
import { decodeStatementBytes, detectFormat, parseStatementFile } from "./parse.ts";

const MT940 = path.join(STANDARDS, "mt940/samples");
const CAMT = path.join(STANDARDS, "iso20022-camt/samples/genkgo");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

const mt940Files = ["jejik", "wolph"].flatMap((dir) =>
  readdirSync(path.join(MT940, dir))
    .filter((f) => !/licen[cs]e/i.test(f))
    .map((f) => path.join(MT940, dir, f)),
);
const camtFiles = [
  ...readdirSync(CAMT)
    .filter((f) => f.endsWith(".xml"))
    .map((f) => path.join(CAMT, f)),
  ...readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f)),
];

/** ISO-8859-2 / Windows-1250 bytes of a text with Hungarian letters (test helper). */
function latin2(text: string): Uint8Array {
  const table: Record<string, number> = {
    á: 0xe1,
    é: 0xe9,
    í: 0xed,
    ó: 0xf3,
    ö: 0xf6,
    ő: 0xf5,
    ú: 0xfa,
    ü: 0xfc,
    ű: 0xfb,
    Á: 0xc1,
    É: 0xc9,
    Í: 0xcd,
    Ó: 0xd3,
    Ö: 0xd6,
    Ő: 0xd5,
    Ú: 0xda,
    Ü: 0xdc,
    Ű: 0xdb,
  };
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = table[ch];
      if (byte === undefined) throw new Error(`no Latin-2 byte for ${ch}`);
      return byte;
    }),
  );
}

describe("detectFormat", () => {
  it.each(mt940Files.map((f) => [path.relative(MT940, f), f]))("%s is mt940", (_name, file) => {
    expect(detectFormat(readFileSync(file, "utf8"))).toBe("mt940");
  });

  it.each(camtFiles.map((f) => [path.basename(f), f]))("%s is camt", (_name, file) => {
    expect(detectFormat(readFileSync(file, "utf8"))).toBe("camt");
  });

  it.each([
    ["a Hungarian CSV", "Könyvelés dátuma;Összeg\n2026.11.23.;1,00\n", "csv"],
    ["a tab separated file", "a\tb\n1\t2", "csv"],
    ["a comma separated file with a BOM", "\uFEFFDate,Amount\n2026-01-01,1.00", "csv"],
    ["one line", "a;b", null],
    ["lines that do not agree", "a;b;c\n1;2", null],
    ["plain text", "Dear customer,\nthank you", null],
    ["other XML", '<?xml version="1.0"?><html/>', null],
    ["a pain.001", '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', null],
    ["JSON", '{"a": 1}', null],
    ["an MT940 header without balances", ":20:X\n:25:Y\n", null],
    ["empty", "", null],
  ])("%s → %s", (_name, content, format) => {
    expect(detectFormat(content)).toBe(format);
  });
});

describe("parseStatementFile", () => {
  it("parses any supported file into statements", () => {
    expect(
      parseStatementFile(
        readFileSync(path.join(CAMT, "camt053.v2.multi.statement.xml"), "utf8"),
      ).map((s) => s.format),
    ).toEqual(["camt.053.001.02", "camt.053.001.02"]);
    expect(
      parseStatementFile(readFileSync(path.join(MT940, "jejik/knab.txt"), "utf8")).map(
        (s) => s.format,
      ),
    ).toEqual(["mt940", "mt940"]);
    const [csv] = parseStatementFile("Könyvelés dátuma;Összeg\n2026.11.23.;1 000,00\n");
    expect(csv!.entries[0]).toMatchObject({
      amount: "1000.00",
      currency: "HUF",
      direction: "credit",
    });
  });

  it("uses the format and CSV profile it is given", () => {
    const [s] = parseStatementFile("2026-11-23|5.5\n", {
      format: "csv",
      csvProfile: {
        delimiter: "|",
        quote: '"',
        headerRow: false,
        dateFormat: "YYYY-MM-DD",
        decimalSeparator: ".",
        thousandsSeparator: "",
        currency: "EUR",
        columns: { bookingDate: 0, amount: 1 },
      },
    });
    expect(s!.entries[0]).toMatchObject({ amount: "5.50", currency: "EUR" });
    expect(() => parseStatementFile(":20:X\n", { format: "camt" })).toThrow(
      /Expected the root element/,
    );
  });

  it("refuses what it does not recognise", () => {
    expect(() => parseStatementFile("hello")).toThrow(StatementParseError);
    expect(() => parseStatementFile("hello")).toThrow(/upload camt\.053 XML, MT940 or CSV/);
  });
});

describe("decodeStatementBytes", () => {
  it("UTF-8, with or without BOM", () => {
    const bytes = new TextEncoder().encode("Közlemény ő");
    expect(decodeStatementBytes(bytes)).toBe("Közlemény ő");
    expect(decodeStatementBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]))).toBe("Közlemény ő");
  });

  it("Windows-1250 when the bytes are not UTF-8 (Hungarian bank exports)", () => {
    const text = "Könyvelés dátuma;Összeg;Közlemény\n2026.11.23.;1,00;Díjbekérő őű ŐŰ\n";
    const decoded = decodeStatementBytes(latin2(text));
    expect(decoded).toBe(text);
    expect(parseStatementFile(decoded)[0]!.entries[0]!.remittance).toBe("Díjbekérő őű ŐŰ");
  });

  it("the encoding an XML declaration names", () => {
    const xml = readFileSync(path.join(FIXTURES, "camt053.v02.prefixed.xml"), "utf8").replace(
      'encoding="UTF-8"',
      'encoding="ISO-8859-2"',
    );
    const decoded = decodeStatementBytes(latin2(xml));
    expect(parseStatementFile(decoded)[0]!.entries[1]!.remittance).toBe("DBK-2026-000008 ő");
    expect(() =>
      decodeStatementBytes(
        new TextEncoder().encode('<?xml version="1.0" encoding="EBCDIC-XYZ"?><a/>'),
      ),
    ).toThrow(/Unknown XML encoding "EBCDIC-XYZ"/);
    expect(() =>
      decodeStatementBytes(
        Uint8Array.from([
          ...new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><a>'),
          0xff,
        ]),
      ),
    ).toThrow(/not valid UTF-8/);
  });
});
