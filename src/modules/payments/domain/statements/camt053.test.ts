import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARDS, xsdErrors } from "../../../../../test/xml.ts";
import { parseCamt053 } from "./camt053.ts";
import { StatementParseError } from "./errors.ts";

const CAMT = path.join(STANDARDS, "iso20022-camt");
const SAMPLES = path.join(CAMT, "samples/genkgo");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

const xsd = (message: string) => path.join(CAMT, "xsd", `${message}.xsd`);
const sample = (file: string) => readFileSync(path.join(SAMPLES, file), "utf8");
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");

function parseError(xml: string): StatementParseError {
  try {
    parseCamt053(xml);
  } catch (e) {
    if (e instanceof StatementParseError) return e;
    throw e;
  }
  throw new Error("parsed without error");
}

describe("parseCamt053 — the genkgo samples", () => {
  const samples = [
    {
      file: "camt053.v2.minimal.xml",
      xsd: "camt.053.001.02",
      statements: [{ id: "253EURNL26VAYB8060476890", entries: 1 }],
      // the closing balance is in SEK, the opening in EUR: a made-up sample
      warnings: ["balance_currency_mismatch"],
      first: {
        amount: "8.85",
        direction: "credit",
        counterpartyName: "NAME NAME",
        counterpartyIban: "NL56AGDH9619008421",
        structuredReference: "4654654654654654",
        remittance: "4654654654654654",
        transactionCode: "544",
      },
    },
    {
      file: "camt053.v2.with-party-ids.xml",
      xsd: "camt.053.001.02",
      statements: [{ id: "253EURNL26VAYB8060476890", entries: 1 }],
      warnings: ["balance_currency_mismatch"],
      first: { counterpartyName: "NAME NAME", amount: "8.85" },
    },
    {
      file: "camt053.v2.multi.statement.xml",
      xsd: "camt.053.001.02",
      statements: [
        { id: "253EURNL26VAYB8060476890", entries: 1 },
        { id: "254EURNL26VAYB8060476890", entries: 1 },
      ],
      warnings: [],
      // a credit with only a creditor (ourselves, presumably): no counterparty is invented
      first: {
        counterpartyName: null,
        endToEndId: "000000001",
        remittance: "Transaction Description 1",
      },
    },
    {
      file: "camt053.v2.all-balance-types.xml",
      xsd: "camt.053.001.02",
      statements: [{ id: "CAMT0532015012200001", entries: 1 }],
      // OPBD 1.01 + 8.85 ≠ CLBD 4.04: every balance type has a dummy amount
      warnings: ["balance_mismatch"],
      first: { amount: "8.85", remittance: "Transaction Description" },
    },
    {
      file: "camt053.v2.five.decimals.xml",
      xsd: "camt.053.001.02",
      statements: [{ id: "253EURNL26VAYB8060476890", entries: 1 }],
      // "8.850" and "18.150" (three decimals, despite the name); 18.15 + 8.85 ≠ 27.05
      warnings: ["balance_mismatch"],
      first: { amount: "8.85" },
    },
    {
      file: "camt053.v4.xml",
      xsd: "camt.053.001.04",
      statements: [{ id: "253EURNL26VAYB8060476890", entries: 1 }],
      // TxDtls/Amt is "0 SEK" for an 8.85 EUR entry
      warnings: ["transaction_amount_mismatch", "balance_currency_mismatch"],
      first: {
        amount: "8.85",
        bankReference: "AAAASESS-FP-CN_98765/01",
        entryKey: "ref:AAAASESS-FP-CN_98765/01",
        transactionCode: "PAYM/0001/0005",
        counterpartyName: "NAME NAME",
      },
    },
    {
      file: "camt053.v8.xml",
      xsd: "camt.053.001.08",
      statements: [{ id: "253EURNL26VAYB8060476890", entries: 1 }],
      warnings: ["transaction_amount_mismatch", "balance_currency_mismatch"],
      first: {
        bookingDate: "2014-12-31",
        endToEndId: "MUELL/FINP/RA12345",
        transactionCode: "PMNT/RCDT/BOOK",
        counterpartyName: "NAME NAME",
      },
    },
  ];

  it("covers every camt.053 sample", () => {
    const files = readdirSync(SAMPLES).filter((f) => f.startsWith("camt053") && f.endsWith(".xml"));
    expect([...samples.map((s) => s.file), "camt053.v2.wrong.xml"].sort()).toEqual(files.sort());
  });

  it.each(samples)("$file", (s) => {
    const xml = sample(s.file);
    expect(xsdErrors(xml, xsd(s.xsd))).toEqual([]);
    const statements = parseCamt053(xml);
    expect(statements.map((st) => ({ id: st.statementId, entries: st.entries.length }))).toEqual(
      s.statements,
    );
    for (const st of statements) expect(st.format).toBe(s.xsd);
    expect(statements.flatMap((st) => st.warnings.map((w) => w.code))).toEqual(s.warnings);
    expect(statements[0]!.entries[0]).toMatchObject(s.first);
    expect(statements[0]!.entries[0]!.source).toBe("/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[1]");
  });

  it("reads the account as IBAN or Othr/Id", () => {
    expect(parseCamt053(sample("camt053.v2.minimal.xml"))[0]!.account).toEqual({
      iban: "NL26VAYB8060476890",
      number: "NL26VAYB8060476890",
      currency: "EUR",
    });
    // Othr/Id holding a valid IBAN: recognised by its check digits
    expect(parseCamt053(sample("camt053.v8.xml"))[0]!.account).toEqual({
      iban: "NL26VAYB8060476890",
      number: "NL26VAYB8060476890",
      currency: "EUR",
    });
  });

  it("multi statement: balances add up per statement", () => {
    const [a, b] = parseCamt053(sample("camt053.v2.multi.statement.xml"));
    expect([a!.openingBalance?.amount, a!.closingBalance?.amount]).toEqual(["18.15", "27.00"]);
    expect([b!.openingBalance?.amount, b!.closingBalance?.amount]).toEqual(["27.00", "20.00"]);
    expect(b!.entries[0]).toMatchObject({
      direction: "debit",
      amount: "7.00",
      counterpartyName: "Company Name 2",
    });
  });

  it("rejects the deliberately wrong sample (no <Stmt>), as the XSD does", () => {
    const xml = sample("camt053.v2.wrong.xml");
    expect(xsdErrors(xml, xsd("camt.053.001.02")).join("\n")).toMatch(
      /Missing child element.*Stmt/,
    );
    const e = parseError(xml);
    expect(e.format).toBe("camt");
    expect(e.path).toBe("/Document/BkToCstmrStmt[1]");
    expect(e.line).toBe(3);
    expect(e.location).toBe("/Document/BkToCstmrStmt[1] (line 3, column 5)");
    expect(e.reason).toBe("The statement message has no <Stmt>.");
  });

  it("rejects a camt.054 notification with a clear message", () => {
    const xml = sample("camt054.v2.xml");
    expect(xsdErrors(xml, xsd("camt.054.001.02"))).toEqual([]);
    expect(parseError(xml).message).toMatch(
      /camt\.054 debit\/credit notification, not a statement/,
    );
  });
});

describe("parseCamt053 — Kapu fixtures (XSD-valid)", () => {
  it.each([
    ["camt053.v04.batch.xml", "camt.053.001.04"],
    ["camt053.v08.masked.xml", "camt.053.001.08"],
    ["camt053.v02.prefixed.xml", "camt.053.001.02"],
  ])("%s is valid against %s", (file, message) => {
    expect(xsdErrors(fixture(file), xsd(message))).toEqual([]);
  });

  it(".04: single transfer, batch split per transaction, reversal, fee, pending entry", () => {
    const [s] = parseCamt053(fixture("camt053.v04.batch.xml"));
    expect(s).toMatchObject({
      format: "camt.053.001.04",
      statementId: "HU-2026-11-23",
      sequenceNumber: "217",
      account: { iban: "HU42117730161111101800000000", currency: "HUF" },
      from: "2026-11-23",
      to: "2026-11-23",
      // PRCD (previous closing) serves as the opening balance
      openingBalance: { amount: "100000.00", currency: "HUF", date: "2026-11-22" },
      closingBalance: { amount: "156315.00", currency: "HUF", date: "2026-11-23" },
      warnings: [],
    });
    expect(s!.entries.map((e) => [e.entryKey, e.direction, e.amount, e.counterpartyName])).toEqual([
      ["ref:OTP-2026112300001", "credit", "38100.00", "Példa Ügyfél Kft."],
      ["ref:OTP-2026112300002-A", "credit", "10000.00", "Alfa Bt."],
      ["ref:OTP-2026112300002-B", "credit", "12000.00", "Béta Kft."],
      ["ref:OTP-2026112300002/3", "credit", "8000.00", "Gamma Zrt."],
      // a reversal of Alfa's payment: a debit, and Alfa (the debtor) is still the counterparty
      ["ref:OTP-2026112300003", "debit", "10000.00", "Alfa Bt."],
      [expect.stringMatching(/^h:/), "debit", "1785.00", null],
      [expect.stringMatching(/^h:/), "credit", "5000.00", null],
    ]);
    const [single, a, b, , reversal, fee, pending] = s!.entries;
    expect(single).toMatchObject({
      counterpartyIban: "HU93116000060000000012345676",
      remittance: "Díjbekérő DBK-2026-000042 RF62KAPU2026000001",
      structuredReference: "RF62KAPU2026000001",
      endToEndId: null, // NOTPROVIDED
      transactionCode: "PMNT/RCDT/DMCT",
      bookingDate: "2026-11-23",
      valueDate: "2026-11-23",
    });
    expect(a).toMatchObject({
      endToEndId: "E2E-A",
      remittance: "KAPU-2026-000101",
      source: "/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[1]",
    });
    expect(b).toMatchObject({ structuredReference: "RF18KAPU2026000102" });
    expect(reversal).toMatchObject({
      reversal: true,
      // masked account numbers are kept as they are, never taken for an IBAN
      counterpartyAccount: "HU** **** **** 1234",
      counterpartyIban: null,
      transactionCode: "STORNO",
    });
    expect(fee).toMatchObject({
      remittance: "Számlavezetési díj 2026/11",
      booked: true,
      valueDate: null,
    });
    // pending: no booking date (the value date stands in), not booked, not in the balance check
    expect(pending).toMatchObject({ booked: false, bookingDate: "2026-11-24" });
  });

  it(".08: masked statement account, Pty names, DtTm dates, batch kept whole", () => {
    const [s] = parseCamt053(fixture("camt053.v08.masked.xml"));
    expect(s!.account).toEqual({
      iban: null,
      number: "HU42 1177 **** **** 0000 0000",
      currency: "EUR",
    });
    expect(s!.openingBalance).toEqual({ amount: "-50.00", currency: "EUR", date: "2026-11-22" });
    expect(s!.sequenceNumber).toBe("42");
    const [merged, mismatch] = s!.entries;
    // two transactions without amounts: one entry, their details merged
    expect(merged).toMatchObject({
      entryKey: "ref:ERSTE-8-1",
      amount: "300.00",
      bookingDate: "2026-11-23", // the date as written, in its own offset (-05:00)
      valueDate: "2026-11-24",
      counterpartyName: "Delta GmbH",
      counterpartyIban: "DE89370400440532013000",
      endToEndId: "SAME-E2E",
      remittance: "Invoice KAPU-2026-000201 Invoice KAPU-2026-000202",
    });
    // transactions of 50 + 20 for a 74.50 entry: not split, a warning instead
    expect(mismatch).toMatchObject({
      amount: "74.50",
      direction: "debit",
      counterpartyName: null, // two different creditors
      counterpartyIban: "CZ6508000000192000145399",
      remittance: "INV-77 domains",
      source: "/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[2]",
    });
    expect(s!.warnings).toEqual([
      {
        code: "batch_amount_mismatch",
        message:
          "The transactions of the batch entry add up to 70.00 EUR, the entry is 74.50 EUR; kept as one entry.",
        location: "/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[2]",
      },
    ]);
  });

  it(".02: prefixed elements, AmtDtls/TxAmt split, entities and CDATA, two statements", () => {
    const [a, b] = parseCamt053(fixture("camt053.v02.prefixed.xml"));
    expect(a!.entries.map((e) => [e.entryKey, e.amount, e.counterpartyName, e.remittance])).toEqual(
      [
        ["ref:K&H-1/1", "12700.00", "Kovács & Társa Bt.", "DBK-2026-000007 <első>"],
        ["ref:K&H-1/2", "12700.00", "Kovács & Társa Bt.", "DBK-2026-000008 ő"],
      ],
    );
    expect(a!.account.currency).toBe("HUF"); // no Acct/Ccy: from the balance
    expect(b).toMatchObject({
      statementId: "B",
      account: { iban: null, number: "11773016-11111018", currency: "EUR" },
      openingBalance: { amount: "1.50" },
      closingBalance: null,
      entries: [],
      warnings: [],
    });
  });
});

describe("parseCamt053 — malformed documents", () => {
  const good = fixture("camt053.v04.batch.xml");
  const XSD04 = xsd("camt.053.001.04");
  const NTRY1 = "/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[1]";

  it.each([
    {
      name: "truncated",
      xml: good.slice(0, good.indexOf("<Ntry>", good.indexOf("<Ntry>") + 1)),
      location: /^line 64, column 7$/,
      message: /Unexpected end of the document: <Stmt> opened at line 8, column 5 is not closed/,
    },
    {
      name: "wrong namespace version",
      xml: good.replace("camt.053.001.04", "camt.053.001.06"),
      location: /^\/Document \(line 2, column 1\)$/,
      message: /camt\.053\.001\.06 is not supported/,
    },
    {
      name: "no namespace",
      xml: good.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"', ""),
      location: /^\/Document/,
      message: /Not an ISO 20022 camt\.053 document/,
    },
    {
      name: "pain.001 instead",
      xml: good.replace("camt.053.001.04", "pain.001.001.03"),
      location: /^\/Document/,
      message: /Not an ISO 20022 camt\.053 document/,
    },
    {
      name: "missing entry amount",
      xml: good.replace(
        '<Amt Ccy="HUF">38100.00</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>',
        "<Sts>",
      ),
      location: new RegExp(`^${escape(NTRY1)} \\(line 32, column 7\\)$`),
      message: /<Amt> is missing in <Ntry>/,
    },
    {
      name: "negative amount",
      xml: good.replace(">38100.00<", ">-38100.00<"),
      location: new RegExp(`^${escape(NTRY1)}/Amt\\[1\\]`),
      message: /"-38100.00" is not an amount/,
    },
    {
      name: "amount without currency",
      xml: good.replace('<Amt Ccy="HUF">38100.00', "<Amt>38100.00"),
      location: new RegExp(`^${escape(NTRY1)}/Amt\\[1\\]`),
      message: /has no Ccy attribute/,
    },
    {
      name: "bad date",
      xml: good.replace("<BookgDt><Dt>2026-11-23</Dt>", "<BookgDt><Dt>2026-02-30</Dt>"),
      location: new RegExp(`^${escape(NTRY1)}/BookgDt\\[1\\]/Dt\\[1\\] \\(line 37, column 18\\)$`),
      message: /"2026-02-30" is not a valid ISO 8601 date/,
    },
    {
      name: "bad credit/debit indicator",
      xml: good.replace(
        "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>",
        "<CdtDbtInd>CRED</CdtDbtInd>\n        <Sts>",
      ),
      location: new RegExp(`^${escape(NTRY1)}/CdtDbtInd\\[1\\]`),
      message: /"CRED" is not a credit\/debit indicator/,
    },
    {
      name: "mismatched closing tag",
      xml: good.replace("</Dbtr>", "</Debtor>"),
      location: /^line 47, column 47$/,
      message: /Closing tag <\/Debtor> does not match <Dbtr> opened at line 47, column 15/,
    },
    {
      name: "unknown entity",
      xml: good.replace("Díjbekérő", "Díjbekérő&nbsp;"),
      location: /^line 53, column 31$/,
      message: /Unknown entity &nbsp;/,
    },
  ])("$name: rejected by the XSD and by the parser", ({ xml, location, message }) => {
    expect(xsdErrors(xml, XSD04).length).toBeGreaterThan(0);
    const e = parseError(xml);
    expect(e.location).toMatch(location);
    expect(e.reason).toMatch(message);
    expect(e.message).toBe(`${e.location}: ${e.reason}`);
  });

  it.each([
    ["garbage", "this is not XML", /^line 1, column 1$/, /Expected the root element/],
    ["empty", "", /^line 1, column 1$/, /no root element/],
    [
      "text after the root",
      `${good}trailing`,
      /^line 137, column 1$/,
      /Only comments and whitespace may follow the root element/,
    ],
    [
      "a DTD (no entity expansion, no external entities)",
      good.replace("?>\n", '?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'),
      /^line 2, column 1$/,
      /DTDs and declarations are not allowed/,
    ],
    [
      "undeclared prefix",
      good.replace("<Document", "<x:Document").replace("</Document>", "</x:Document>"),
      /^line 2/,
      /Undeclared namespace prefix x/,
    ],
  ])("%s", (_name, xml, location, message) => {
    const e = parseError(xml);
    expect(e.location).toMatch(location);
    expect(e.reason).toMatch(message);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
