import { describe, expect, it } from "vitest";
import { csvRecords, HUNGARIAN_BANK_CSV, parseCsvStatement, type CsvProfile } from "./csv.ts";
import { StatementParseError } from "./errors.ts";

const HEADER =
  '"Könyvelés dátuma";"Értéknap";"Összeg";"Pénznem";"Partner neve";"Partner számlaszáma";"Közlemény";"Tranzakció azonosító"';

const hungarian = [
  HEADER,
  '2026.11.23.;2026.11.23.;"38 100,00";HUF;"Példa Ügyfél Kft.";"11600006-00000000-12345676";"RF62KAPU2026000001";"T-1"',
  "2026.11.23.;2026.11.24.;-1 785,00;HUF;OTP Bank;;Számlavezetési díj;T-2",
  '2026.11.24.;;"1\u00a0234\u00a0567,5";HUF;"Nagy ""Ügyfél"" Bt.";"HU93 1160 0006 0000 0000 1234 5676";"több',
  'soros közlemény";',
  "",
  "2026.11.24.;2026.11.24.;120,00;eur;Card Shop;HU42 **** **** 0000;;",
].join("\r\n");

function csvError(text: string, profile: CsvProfile = HUNGARIAN_BANK_CSV): StatementParseError {
  try {
    parseCsvStatement(text, profile);
  } catch (e) {
    if (e instanceof StatementParseError) return e;
    throw e;
  }
  throw new Error("parsed without error");
}

describe("parseCsvStatement — the default Hungarian profile", () => {
  const s = parseCsvStatement(hungarian);

  it("reads every row", () => {
    expect(s).toMatchObject({
      format: "csv",
      sequenceNumber: null,
      account: { iban: null, number: null, currency: "HUF" },
      from: "2026-11-23",
      to: "2026-11-24",
      openingBalance: null,
      closingBalance: null,
      warnings: [],
    });
    expect(s.statementId).toMatch(/^csv:[0-9a-f]{16}$/);
    expect(
      s.entries.map((e) => [
        e.source,
        e.bookingDate,
        e.valueDate,
        e.direction,
        e.amount,
        e.currency,
      ]),
    ).toEqual([
      ["line 2", "2026-11-23", "2026-11-23", "credit", "38100.00", "HUF"],
      ["line 3", "2026-11-23", "2026-11-24", "debit", "1785.00", "HUF"],
      ["line 4", "2026-11-24", null, "credit", "1234567.50", "HUF"],
      ["line 7", "2026-11-24", "2026-11-24", "credit", "120.00", "EUR"],
    ]);
  });

  it("names, accounts (Hungarian domestic numbers become IBANs, masked ones stay as they are)", () => {
    expect(
      s.entries.map((e) => [e.counterpartyName, e.counterpartyAccount, e.counterpartyIban]),
    ).toEqual([
      ["Példa Ügyfél Kft.", "11600006-00000000-12345676", "HU93116000060000000012345676"],
      ["OTP Bank", null, null],
      ['Nagy "Ügyfél" Bt.', "HU93 1160 0006 0000 0000 1234 5676", "HU93116000060000000012345676"],
      ["Card Shop", "HU42 **** **** 0000", null],
    ]);
  });

  it("remittance (a quoted line break included) and keys from the reference column", () => {
    expect(s.entries.map((e) => e.remittance)).toEqual([
      "RF62KAPU2026000001",
      "Számlavezetési díj",
      "több soros közlemény",
      "",
    ]);
    expect(s.entries.map((e) => e.entryKey.replace(/^h:.*/, "h:…"))).toEqual([
      "ref:T-1",
      "ref:T-2",
      "h:…",
      "h:…",
    ]);
    expect(s.entries[0]!.bankReference).toBe("T-1");
  });

  it("is idempotent: the same file gives the same keys", () => {
    expect(parseCsvStatement(hungarian).entries.map((e) => e.entryKey)).toEqual(
      s.entries.map((e) => e.entryKey),
    );
  });

  it("ignores a byte order mark before the header", () => {
    const t = parseCsvStatement(`\uFEFF${HEADER}\n2026.11.23.;;1,00;;;;;\n`);
    expect(t.entries[0]).toMatchObject({ amount: "1.00", currency: "HUF", source: "line 2" });
  });

  it("matches header names ignoring case and extra spaces, and accepts other names", () => {
    const t = parseCsvStatement(
      "KÖNYVELÉSI  DÁTUM;összeg;Ellenoldali név;Megjegyzés\n2026.01.02;1,00;X;Y\n",
    );
    expect(t.entries[0]).toMatchObject({
      bookingDate: "2026-01-02",
      amount: "1.00",
      currency: "HUF",
      counterpartyName: "X",
      remittance: "Y",
    });
  });
});

describe("parseCsvStatement — other profiles", () => {
  it("credit and debit columns, comma separated, dot decimals, comma thousands", () => {
    const profile: CsvProfile = {
      delimiter: ",",
      quote: '"',
      headerRow: true,
      skipLines: 2,
      dateFormat: "YYYY-MM-DD",
      decimalSeparator: ".",
      thousandsSeparator: ",",
      currency: "EUR",
      columns: {
        bookingDate: "Date",
        credit: "Credit",
        debit: "Debit",
        counterpartyName: "Party",
        remittance: ["Details 1", "Details 2"],
      },
    };
    const t = parseCsvStatement(
      [
        "Account statement",
        "Generated 2026-11-24",
        "Date,Credit,Debit,Party,Details 1,Details 2",
        '2026-11-20,"1,250.50",,Alpha,Invoice,KAPU-2026-000001',
        "2026-11-21,,99.9,Beta,,Fee",
        "2026-11-22,0,,Zero,,",
      ].join("\n"),
      profile,
    );
    expect(
      t.entries.map((e) => [e.source, e.direction, e.amount, e.counterpartyName, e.remittance]),
    ).toEqual([
      ["line 4", "credit", "1250.50", "Alpha", "Invoice KAPU-2026-000001"],
      ["line 5", "debit", "99.90", "Beta", "Fee"],
      ["line 6", "credit", "0.00", "Zero", ""],
    ]);
  });

  it("columns by index without a header, tab separated, DD.MM.YYYY, trailing minus", () => {
    const profile: CsvProfile = {
      delimiter: "\t",
      quote: '"',
      headerRow: false,
      dateFormat: "DD.MM.YYYY",
      decimalSeparator: ",",
      thousandsSeparator: ".",
      columns: { bookingDate: 0, amount: 1, currency: 2, remittance: [3] },
    };
    const t = parseCsvStatement(
      "23.11.2026\t1.000,00-\tCHF\tx\n24.11.2026 10:15\t5\tCHF\ty",
      profile,
    );
    expect(t.entries.map((e) => [e.bookingDate, e.direction, e.amount, e.currency])).toEqual([
      ["2026-11-23", "debit", "1000.00", "CHF"],
      ["2026-11-24", "credit", "5.00", "CHF"],
    ]);
  });
});

describe("parseCsvStatement — errors with line numbers", () => {
  const row = (cells: string) => `${HEADER}\n2026.11.23.;;1,00;HUF;A;;B;T-1\n${cells}\n`;

  it.each([
    [
      "bad date",
      row("2026.13.01.;;1,00;HUF;A;;B;T-2"),
      3,
      /booking date "2026.13.01." is not a date in the format YYYY.MM.DD./,
    ],
    ["ISO date in a Hungarian file", row("2026-11-23;;1,00;HUF;A;;B;T-2"), 3, /not a date/],
    ["bad value date", row("2026.11.23.;x;1,00;HUF;A;;B;T-2"), 3, /value date "x"/],
    ["missing amount", row("2026.11.23.;;;HUF;A;;B;T-2"), 3, /amount is missing/],
    [
      "amount with a dot",
      row("2026.11.23.;;1.00;HUF;A;;B;T-2"),
      3,
      /"1.00" is not an amount with "," decimals/,
    ],
    ["bad thousands grouping", row("2026.11.23.;;12 34,00;HUF;A;;B;T-2"), 3, /not an amount/],
    [
      "bad currency",
      row("2026.11.23.;;1,00;FORINT;A;;B;T-2"),
      3,
      /"FORINT" is not a currency code/,
    ],
    ["too few fields", row("2026.11.23.;;1,00"), 3, /3 fields, the header 8/],
    ["unclosed quote", row('2026.11.23.;;1,00;HUF;"A;;B;T-2\n\n'), 3, /quoted field is not closed/],
    [
      "quote in unquoted field",
      row('2026.11.23.;;1,00;HUF;A"x;;B;T-2'),
      3,
      /quote inside an unquoted field/,
    ],
    [
      "text after a closing quote",
      row('2026.11.23.;;1,00;HUF;"A"x;;B;T-2'),
      3,
      /after a closing quote/,
    ],
    [
      "no booking date column",
      "Összeg\n1,00\n",
      1,
      /booking date column "Könyvelés dátuma" or .* is not in the header \(összeg\)/,
    ],
    [
      "no amount column",
      "Könyvelés dátuma;Pénznem\n2026.11.23.;HUF\n",
      1,
      /amount column "Összeg" or .* is not in the header \(könyvelés dátuma, pénznem\)/,
    ],
    ["empty file", "", 1, /no header row/],
  ])("%s", (_name, text, line, message) => {
    const e = csvError(text);
    expect(e.format).toBe("csv");
    expect(e.line).toBe(line);
    expect(e.location).toBe(`line ${line}`);
    expect(e.reason).toMatch(message);
  });

  it("both credit and debit on a row", () => {
    const e = csvError("D;C;T\n2026-01-01;1;2\n", {
      delimiter: ";",
      quote: '"',
      headerRow: true,
      dateFormat: "YYYY-MM-DD",
      decimalSeparator: ".",
      thousandsSeparator: "",
      currency: "EUR",
      columns: { bookingDate: "D", credit: "C", debit: "T" },
    });
    expect([e.line, e.reason]).toEqual([2, "The row has both a credit and a debit amount."]);
  });
});

describe("csvRecords", () => {
  it("keeps the line where each record starts, across quoted line breaks", () => {
    expect(csvRecords('a;"b\r\nc";d\r\n\r\ne;f\n"g""h"', ";", '"')).toEqual([
      { line: 1, cells: ["a", "b\r\nc", "d"] },
      { line: 4, cells: ["e", "f"] },
      { line: 5, cells: ['g"h'] },
    ]);
  });
});
