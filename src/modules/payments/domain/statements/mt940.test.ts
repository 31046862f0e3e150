import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARDS } from "../../../../../test/xml.ts";
import { StatementParseError } from "./errors.ts";
import type { ParsedStatement } from "./model.ts";
import { parseMt940 } from "./mt940.ts";

const SAMPLES = path.join(STANDARDS, "mt940/samples");

/** Every real bank sample, with what it holds. `mismatch`: statements whose own balances do not
 * add up (opening + credits − debits ≠ closing) — the samples' fault, see the notes. */
const samples: {
  file: string;
  statements: number;
  entries: number;
  account: string;
  currency: string;
  opening: string;
  closing: string;
  mismatch: number[];
}[] = [
  // old ABN AMRO: BIC/940/BIC header lines, :28: not :28C:; the closing balances are anonymised
  {
    file: "jejik/abnamro.txt",
    statements: 2,
    entries: 10,
    account: "517852257",
    currency: "EUR",
    opening: "3236.28",
    closing: "1849.75",
    mismatch: [0, 1],
  },
  // German structured :86: with ?-subfields cut across lines; a test fixture with 0.00 balances
  {
    file: "jejik/commerzbank.txt",
    statements: 1,
    entries: 1,
    account: "25040066/0123456789",
    currency: "EUR",
    opening: "0.00",
    closing: "0.00",
    mismatch: [0],
  },
  {
    file: "jejik/deutschebank.txt",
    statements: 1,
    entries: 1,
    account: "20070000/0123456601",
    currency: "EUR",
    opening: "0.00",
    closing: "0.00",
    mismatch: [0],
  },
  // SWIFT envelope on separate lines, transaction types padded with a space ("NOV "), a
  // statement-level :86: after :62F: whose totals disagree with the entries
  {
    file: "jejik/ing-unix.txt",
    statements: 1,
    entries: 7,
    account: "0001234567",
    currency: "EUR",
    opening: "0.00",
    closing: "3.47",
    mismatch: [0],
  },
  // amounts without decimal comma ("C500NTRF"); 3058.98 − 7260 + 500 ≠ 798.98 (2760 would fit)
  {
    file: "jejik/knab.txt",
    statements: 2,
    entries: 3,
    account: "123456789",
    currency: "EUR",
    opening: "0.00",
    closing: "798.98",
    mismatch: [1],
  },
  // SOH/ETX control characters around the envelope, :61: supplementary line, :62M:/:60M:
  {
    file: "jejik/postfinance.txt",
    statements: 2,
    entries: 4,
    account: "123456789",
    currency: "CHF",
    opening: "0.00",
    closing: "159.60",
    mismatch: [1],
  },
  // ":940:" header, one :86: tag per line, name after a padded reference, zero-padded amounts
  {
    file: "jejik/rabobank.txt",
    statements: 4,
    entries: 5,
    account: "1291.99.348",
    currency: "EUR",
    opening: "473.17",
    closing: "4101.82",
    mismatch: [0, 2],
  },
  {
    file: "jejik/sns.txt",
    statements: 2,
    entries: 2,
    account: "0123456789",
    currency: "EUR",
    opening: "1234.56",
    closing: "1209.56",
    mismatch: [],
  },
  // "DR" = debit with funds code R (EUR); UTF-8 "ß" inside a ?-subfield
  {
    file: "jejik/sparkasse.txt",
    statements: 2,
    entries: 2,
    account: "87052000/123456789",
    currency: "EUR",
    opening: "194.57",
    closing: "154.57",
    mismatch: [],
  },
  // ">" instead of "?" as subfield separator
  {
    file: "jejik/triodos.txt",
    statements: 1,
    entries: 2,
    account: "TRIODOSBANK/0390123456",
    currency: "EUR",
    opening: "4975.09",
    closing: "4370.79",
    mismatch: [0],
  },
  // 31 daily statements, mostly empty; blank lines inside :86:
  {
    file: "wolph/ASNB_mt940.txt",
    statements: 31,
    entries: 8,
    account: "NL81ASNB9999999999",
    currency: "EUR",
    opening: "444.29",
    closing: "501.23",
    mismatch: [],
  },
  // German SEPA, debit balances, RC reversals, :64:
  {
    file: "wolph/betterplace_sepa_mt9401.sta",
    statements: 26,
    entries: 97,
    account: "50880050/0194774600888",
    currency: "EUR",
    opening: "-1234718.36",
    closing: "50.05",
    mismatch: [],
  },
  // an edited excerpt of the file above: one entry changed from CR300, to DR0,08, balances not
  {
    file: "wolph/betterplace_sepa_snippet.sta",
    statements: 2,
    entries: 11,
    account: "50880050/0194787400888",
    currency: "EUR",
    opening: "766656.49",
    closing: "-4472049.09",
    mismatch: [1],
  },
  // no entry date ("240312    DD…"), funds code D (USD), zero-amount information entries
  {
    file: "wolph/citi_mt940.txt",
    statements: 1,
    entries: 5,
    account: "123456789",
    currency: "USD",
    opening: "17376.67",
    closing: "16233.92",
    mismatch: [],
  },
  // "CN" (funds code N of PLN), "OD:/Z RACH.:/TYT.:" free text
  {
    file: "wolph/mBank_mt940.sta",
    statements: 1,
    entries: 3,
    account: "PL29114010810000267002001002",
    currency: "PLN",
    opening: "0.40",
    closing: "0.43",
    mismatch: [],
  },
];

function read(file: string): string {
  return readFileSync(path.join(SAMPLES, file), "utf8");
}

/** Cents, for an independent balance check (all samples use 2-decimal currencies). */
function cents(amount: string): bigint {
  const [whole = "", fraction = ""] = amount.replace("-", "").split(".");
  const v = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return amount.startsWith("-") ? -v : v;
}

function adds(s: ParsedStatement): boolean {
  let sum = cents(s.openingBalance?.amount ?? "0");
  for (const e of s.entries) sum += e.direction === "credit" ? cents(e.amount) : -cents(e.amount);
  return sum === cents(s.closingBalance?.amount ?? "0");
}

describe("parseMt940 — every real bank sample", () => {
  it("covers every sample file", () => {
    const files = ["jejik", "wolph"].flatMap((dir) =>
      readdirSync(path.join(SAMPLES, dir))
        .filter((f) => !/licen[cs]e/i.test(f))
        .map((f) => `${dir}/${f}`),
    );
    expect(files.sort()).toEqual(samples.map((s) => s.file).sort());
    expect(files).toHaveLength(15);
  });

  it.each(samples)("$file", (sample) => {
    const statements = parseMt940(read(sample.file));
    expect(statements).toHaveLength(sample.statements);
    expect(statements.reduce((n, s) => n + s.entries.length, 0)).toBe(sample.entries);
    const first = statements[0]!;
    const last = statements.at(-1)!;
    expect(first.format).toBe("mt940");
    expect(first.account.number).toBe(sample.account);
    expect(first.account.currency).toBe(sample.currency);
    expect(first.openingBalance?.amount).toBe(sample.opening);
    expect(last.closingBalance?.amount).toBe(sample.closing);
    statements.forEach((s, i) => {
      const mismatch = sample.mismatch.includes(i);
      expect(adds(s), `statement ${i} adds up`).toBe(!mismatch);
      expect(s.warnings.map((w) => w.code)).toEqual(mismatch ? ["balance_mismatch"] : []);
      expect(s.from).toBe(s.openingBalance?.date);
      expect(s.to).toBe(s.closingBalance?.date);
      const keys = s.entries.map((e) => e.entryKey);
      expect(new Set(keys).size, "entry keys unique in a statement").toBe(keys.length);
      for (const e of s.entries) {
        expect(e.amount).toMatch(/^\d+\.\d{2}$/);
        expect(e.currency).toBe(sample.currency);
        expect(e.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(e.source).toMatch(/^line \d+$/);
        expect(e.entryKey).toMatch(/^(ref:\S.*|h:[0-9a-f]{24})$/);
      }
    });
    // the same file parses to the same keys: idempotent import
    expect(parseMt940(read(sample.file)).flatMap((s) => s.entries.map((e) => e.entryKey))).toEqual(
      statements.flatMap((s) => s.entries.map((e) => e.entryKey)),
    );
  });
});

describe("parseMt940 — what the entries say", () => {
  const entry = (file: string, statement: number, index: number) =>
    parseMt940(read(file))[statement]!.entries[index]!;

  it("German ?-subfields: name, IBAN, EREF, SVWZ, GVC, bank reference", () => {
    expect(entry("wolph/betterplace_sepa_snippet.sta", 0, 0)).toMatchObject({
      bookingDate: "2007-09-04",
      valueDate: "2007-09-07",
      amount: "50990.05",
      direction: "credit",
      counterpartyName: "KARL KAUFMANN",
      counterpartyAccount: "DE14508800500194785000",
      counterpartyIban: "DE14508800500194785000",
      endToEndId: "EndToEndId TFNR 22 004 00001",
      remittance: "Verw CTSc-01 BC-PPP TFNr 22 004",
      transactionCode: "NTRF/166",
      bankReference: "0724710333343453",
      entryKey: "ref:0724710333343453",
      source: "line 5",
    });
    // a subfield cut by a line break in its code ("SVWZ+?" / "25SONSTIGE")
    expect(entry("jejik/commerzbank.txt", 0, 0)).toMatchObject({
      direction: "debit",
      amount: "12.35",
      counterpartyName: "TESTER EL",
      endToEndId: "A1.200080779.400143254.4961336",
      transactionCode: "NRTI/109",
    });
    expect(entry("jejik/commerzbank.txt", 0, 0).remittance).toMatch(
      /^SONSTIGE GRUENDE ENDABRECHNUNG/,
    );
    expect(entry("jejik/sparkasse.txt", 0, 0)).toMatchObject({
      counterpartyName: "ARAL AG",
      counterpartyIban: "DE95430800830802029200",
      remittance: "2019-02-15T20.10 Debitk.4 2019-12",
    });
  });

  it("reversals: RC is a debit, RD a credit", () => {
    const reversal = parseMt940(read("wolph/betterplace_sepa_mt9401.sta"))
      .flatMap((s) => s.entries)
      .filter((e) => e.reversal);
    expect(reversal.length).toBeGreaterThan(0);
    expect(reversal.every((e) => e.direction === "debit")).toBe(true);
    const rd = parseMt940(
      ":20:X\n:25:1\n:28C:1\n:60F:C200101EUR10,00\n:61:2001010101RD5,00NTRFNONREF\n:62F:C200101EUR15,00\n-",
    )[0]!;
    expect(rd.entries[0]).toMatchObject({ direction: "credit", reversal: true });
    expect(rd.warnings).toEqual([]);
  });

  it("Triodos: > separators; the own account in >31 is not the counterparty", () => {
    expect(entry("jejik/triodos.txt", 0, 0)).toMatchObject({
      remittance: "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010",
      counterpartyAccount: null,
      transactionCode: "N000/000",
    });
  });

  it.each([
    ["jejik/abnamro.txt", 0, 0, "KPN - DIGITENNE", "428428"],
    ["jejik/abnamro.txt", 1, 1, "MYCOM DEN HAAG", "528939882"],
    ["jejik/knab.txt", 1, 0, "PICQER", "NL65INGB0123456789"],
    ["jejik/ing-unix.txt", 0, 6, "Hr S Marechal", "0111111111"],
    ["jejik/sns.txt", 0, 0, "marechal s", "0987654321"],
    ["jejik/rabobank.txt", 0, 0, "W.P. Jansen", "0121470966"],
    ["jejik/rabobank.txt", 2, 0, "T-MOBILE NETHERLANDS BV", "0733959555"],
    ["wolph/ASNB_mt940.txt", 0, 0, "hr gjlm paulissen", "NL47INGB9999999999"],
    ["wolph/mBank_mt940.sta", 0, 0, "JAN NOWAK", "56114010810000267002001001"],
    ["jejik/postfinance.txt", 0, 0, "JANE DOE EXAMPLESTRASSE 10 1234 XXXX 131209CH98765432", null],
  ] as const)("free text of %s [%i][%i]: name and account", (file, s, i, name, account) => {
    const e = entry(file, s, i);
    expect(e.counterpartyName).toBe(name);
    expect(e.counterpartyAccount).toBe(account);
    // the sample IBANs are made up: their check digits are wrong, so no counterpartyIban
    expect(e.counterpartyIban).toBeNull();
  });

  it("free text remittance", () => {
    expect(entry("jejik/knab.txt", 1, 0).remittance).toBe("FACTUUR 201403110, 201403113");
    expect(entry("jejik/postfinance.txt", 0, 0).remittance).toBe("RECHNUNG XXXXXXXXXXXX");
    expect(entry("wolph/mBank_mt940.sta", 0, 0).remittance).toBe("PRZELEW SRODKOW");
    expect(entry("wolph/ASNB_mt940.txt", 0, 0).remittance).toBe("Betaling sieraden");
    // separate :86: tags are separate lines; a full 65-character line continues mid-word
    expect(entry("jejik/rabobank.txt", 0, 0).remittance).toBe(
      "Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731",
    );
    expect(entry("wolph/ASNB_mt940.txt", 4, 1).remittance).toContain(
      "Betaling aan ICS 99999999999",
    );
    expect(entry("jejik/postfinance.txt", 1, 0).counterpartyName).toContain("XXXXXXXXSTRASSE 111");
  });

  it("dates: entry date in the value date's year, or the next across New Year", () => {
    const [s] = parseMt940(
      ":20:X\n:25:1\n:28C:1\n:60F:C201231EUR0,\n:61:2012310102C1,NTRFNONREF\n:61:2101011231C1,NTRFNONREF\n:62F:C210102EUR2,\n",
    );
    expect(s!.entries.map((e) => [e.valueDate, e.bookingDate])).toEqual([
      ["2020-12-31", "2021-01-02"],
      ["2021-01-01", "2020-12-31"],
    ]);
  });

  it("masked account numbers parse, and are never taken for IBANs", () => {
    const [s] = parseMt940(
      [
        ":20:MASKED",
        ":25:HU42 1177 **** **** 0000 0000",
        ":28C:1",
        ":60F:C261123HUF0,",
        ":61:2611231123C38100,NTRFNONREF//K-1",
        ":86:166?00GUTSCHRIFT?20SVWZ+RF62KAPU2026000001?31HU93 **** **** 5676?32Példa Kft.",
        ":62F:C261123HUF38100,",
      ].join("\n"),
    );
    expect(s!.account).toEqual({
      iban: null,
      number: "HU42 1177 **** **** 0000 0000",
      currency: "HUF",
    });
    expect(s!.entries[0]).toMatchObject({
      counterpartyName: "Példa Kft.",
      counterpartyAccount: "HU93 **** **** 5676",
      counterpartyIban: null,
      remittance: "RF62KAPU2026000001",
      amount: "38100.00",
    });
  });

  it("citi: zero-amount information entries, no :86:", () => {
    const [s] = parseMt940(read("wolph/citi_mt940.txt"));
    expect(s!.entries.map((e) => `${e.direction} ${e.amount}`)).toEqual([
      "debit 212.39",
      "debit 369.28",
      "credit 0.00",
      "credit 0.00",
      "debit 561.08",
    ]);
    expect(s!.entries[2]!.remittance).toBe("/ABC/DEF/C 37897,00 BAI CD 025");
  });

  it("entry keys: the bank reference, else a hash that separates identical entries", () => {
    const a = parseMt940(
      ":20:X\n:25:1\n:28C:1\n:60F:C200101EUR10,\n:61:200101C1,NTRFNONREF//BANKREF1\n:61:200101D2,NMSCNONREF\n:86:CARD\n:61:200101D2,NMSCNONREF\n:86:CARD\n:62F:C200101EUR7,\n",
    )[0]!;
    const [ref, card1, card2] = a.entries.map((e) => e.entryKey);
    expect(ref).toBe("ref:BANKREF1");
    expect(card1).toMatch(/^h:/);
    expect(card2).toMatch(/^h:/);
    expect(card1).not.toBe(card2);
    // a wider export with one more entry first: the same keys for the same entries
    const b = parseMt940(
      ":20:Y\n:25:1\n:28C:2\n:60F:C200101EUR15,\n:61:200101D5,NMSCNONREF\n:86:OTHER\n:61:200101C1,NTRFNONREF//BANKREF1\n:61:200101D2,NMSCNONREF\n:86:CARD\n:61:200101D2,NMSCNONREF\n:86:CARD\n:62F:C200101EUR7,\n",
    )[0]!;
    expect(b.entries.slice(1).map((e) => e.entryKey)).toEqual([ref, card1, card2]);
  });

  it("SWIFT-style /CODE/ information (Dutch SEPA exports)", () => {
    const [s] = parseMt940(
      [
        ":20:940S200101",
        ":25:NL69INGB0123456789EUR",
        ":28C:1",
        ":60F:C200101EUR100,00",
        ":61:2001010101C25,00NTRFEREF//00000000001",
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/",
        "Kovacs Kft/REMI/STRD/CUR/RF18539007547034/EREF/E2E-42",
        ":61:2001010101C5,00NTRFNONREF//00000000002",
        ":86:/CNTP/NL91ABNA0417164300/ABNANL2A/Szabo Bt/Budapest///REMI/USTD//KAPU-2026-000123/",
        ":62F:C200101EUR130,00",
        "-",
      ].join("\r\n"),
    );
    expect(s!.account).toEqual({
      iban: "NL69INGB0123456789",
      number: "NL69INGB0123456789",
      currency: "EUR",
    });
    expect(s!.entries[0]).toMatchObject({
      counterpartyName: "Kovacs Kft",
      counterpartyIban: "NL91ABNA0417164300",
      structuredReference: "RF18539007547034",
      remittance: "RF18539007547034",
      endToEndId: "E2E-42",
    });
    expect(s!.entries[1]).toMatchObject({
      counterpartyName: "Szabo Bt",
      counterpartyIban: "NL91ABNA0417164300",
      remittance: "KAPU-2026-000123",
      structuredReference: null,
    });
  });
});

describe("parseMt940 — malformed input", () => {
  const ok = [
    ":20:REF",
    ":25:123",
    ":28C:1/1",
    ":60F:C200101EUR1,00",
    ":61:2001010101C1,00NTRFNONREF",
    ":86:X",
    ":62F:C200101EUR2,00",
    "-",
  ];
  const withLine = (index: number, line: string | null) =>
    ok.flatMap((l, i) => (i === index ? (line === null ? [] : [line]) : [l])).join("\n");

  it("the base case parses", () => {
    expect(parseMt940(ok.join("\n"))[0]!.warnings).toEqual([]);
  });

  it.each([
    ["unknown tag", withLine(5, ":99Z:what"), 6, /Unknown MT940 tag :99Z:/],
    ["MT942 tag", withLine(1, ":34F:EUR0,"), 2, /MT942/],
    ["bad balance date", withLine(3, ":60F:C201301EUR1,00"), 4, /not a valid date/],
    ["bad entry date", withLine(4, ":61:2001011301C1,00NTRFNONREF"), 5, /not a valid entry date/],
    ["missing amount", withLine(4, ":61:2001010101CNTRFNONREF"), 5, /:61: must be/],
    ["two commas", withLine(4, ":61:2001010101C1,0,0NTRFNONREF"), 5, /not an amount/],
    ["garbled balance", withLine(6, ":62F:C200101EUR"), 7, /:62F: must be/],
    ["currency changes", withLine(6, ":62F:C200101USD2,00"), 7, /closing balance is in USD/],
    ["missing account", withLine(1, null), 2, /Expected :25: or :25P: \(account\) but found :28C:/],
    ["tag before :20:", [":25:123", ...ok].join("\n"), 1, /outside a statement/],
    [
      "text between fields of no statement",
      ["hello", ...ok].join("\n"),
      1,
      /expected :20: but found "hello"/,
    ],
    ["garbage", "just some text\nand more", 1, /Not an MT940 statement/],
    ["empty", "", 1, /no :20: tag/],
    [
      "truncated (no closing balance)",
      ok.slice(0, 6).join("\n"),
      1,
      /no :62F: or :62M: \(closing balance\).*cut off/,
    ],
    [
      "entry after the closing balance",
      [...ok.slice(0, 7), ":61:2001010101C1,00NTRFNONREF"].join("\n"),
      8,
      /Unexpected :61: after the closing balance/,
    ],
    ["control character", withLine(5, ":86:A\u0000B"), 6, /Control characters/],
  ])("%s → StatementParseError at line %#", (_name, text, line, message) => {
    let error: unknown;
    try {
      parseMt940(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatementParseError);
    const e = error as StatementParseError;
    expect(e.format).toBe("mt940");
    expect(e.line).toBe(line);
    expect(e.location).toMatch(new RegExp(`^line ${line}\\b`));
    expect(e.message).toMatch(message);
    expect(e.status).toBe(422);
    expect(e.errors).toEqual([{ path: e.location, message: e.reason }]);
  });
});
