import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, onPostgres, type TestRuntime } from "../../../test/db.ts";
import { runInChildAndKill } from "../../../test/crash-child.ts";
import { ensureBilling, makeCustomer, SELLER } from "../../../test/factories.ts";
import { STANDARDS } from "../../../test/xml.ts";
import type { Actor } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import { Money } from "../../platform/money/index.ts";
import { issueDocument, supersedeProforma, verifyLedger } from "../billing/index.ts";
import { StatementParseError } from "./domain/statements/errors.ts";
import { assignLine, dismissLine } from "./use-cases/bank-queue.ts";
import { importStatement, type ImportReport } from "./use-cases/import-statement.ts";

const actor: Actor = { type: "user", userId: "usr_test_staff" };
const OWN_IBAN = SELLER.bankAccount.iban;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  await ensureBilling(rt);
});
afterAll(async () => rt.close());

// ---------------------------------------------------------------------------------------------
// Statements written by the tests
// ---------------------------------------------------------------------------------------------

let refSeq = 0;
/** A bank reference of its own for each entry: entries never collide across tests. */
const bankRef = () => `T${process.pid}-${++refSeq}`;

interface Entry {
  amount: string;
  currency?: string;
  text?: string;
  name?: string | null;
  iban?: string | null;
  direction?: "CRDT" | "DBIT";
  date?: string;
  ref?: string;
}

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A camt.053.001.02 statement of the provider's account with these entries. */
function camt(entries: readonly Entry[], o: { account?: string } = {}): Buffer {
  const ntry = entries
    .map((e) => {
      const parties =
        e.name || e.iban
          ? `<RltdPties>${e.name ? `<Dbtr><Nm>${xml(e.name)}</Nm></Dbtr>` : ""}${e.iban ? `<DbtrAcct><Id><IBAN>${e.iban}</IBAN></Id></DbtrAcct>` : ""}</RltdPties>`
          : "";
      const rmt = e.text ? `<RmtInf><Ustrd>${xml(e.text)}</Ustrd></RmtInf>` : "";
      return `<Ntry><Amt Ccy="${e.currency ?? "HUF"}">${e.amount}</Amt><CdtDbtInd>${e.direction ?? "CRDT"}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${e.date ?? "2026-11-20"}</Dt></BookgDt><AcctSvcrRef>${e.ref ?? bankRef()}</AcctSvcrRef><NtryDtls><TxDtls>${parties}${rmt}</TxDtls></NtryDtls></Ntry>`;
    })
    .join("\n");
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>TEST${refSeq}</MsgId><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>STMT-${refSeq}</Id><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm>
<Acct><Id><IBAN>${o.account ?? OWN_IBAN}</IBAN></Id><Ccy>HUF</Ccy></Acct>
${ntry}
</Stmt></BkToCstmrStmt></Document>`);
}

/** A Hungarian internet-bank CSV export (the default profile) with these entries. */
function csv(entries: readonly Entry[]): Buffer {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = entries.map((e) =>
    [
      (e.date ?? "2026-11-20").replace(/-/g, ".") + ".",
      (e.direction === "DBIT" ? "-" : "") + e.amount.replace(".", ","),
      e.currency ?? "HUF",
      q(e.name ?? ""),
      q(e.iban ?? ""),
      q(e.text ?? ""),
      e.ref ?? bankRef(),
    ].join(";"),
  );
  return Buffer.from(
    [
      "Könyvelés dátuma;Összeg;Pénznem;Partner neve;Partner számlaszáma;Közlemény;Tranzakció azonosító",
      ...rows,
    ].join("\r\n"),
  );
}

const run = (content: Buffer, filename = "statement.xml", options = {}) =>
  importStatement(rt, { filename, content }, actor, options);

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

interface Doc {
  id: string;
  number: string;
  reference: string;
  customerId: string;
}

async function issue(
  customerId: string,
  amount: string,
  kind: "proforma" | "invoice" = "invoice",
): Promise<Doc> {
  const doc = await rt.db.transaction().execute((tx) =>
    issueDocument(
      tx,
      rt,
      {
        kind,
        customerId,
        currency: "HUF",
        // A price without VAT effect on the gross: the tests think in gross amounts.
        lines: [
          {
            description: "Tárhely",
            quantity: "1",
            unit: "month",
            unitPrice: Money.parse(amount, "HUF"),
            vat: { category: "E", rateBp: 0, reason: "manual" },
          },
        ],
      },
      { type: "system", name: "test" },
    ),
  );
  const row = await rt.db
    .selectFrom("documents")
    .select(["payment_reference", "gross_total"])
    .where("id", "=", doc.id)
    .executeTakeFirstOrThrow();
  expect(row.gross_total).toBe(Money.parse(amount, "HUF").minor);
  return { id: doc.id, number: doc.number, reference: row.payment_reference ?? "", customerId };
}

const document = (id: string) =>
  rt.db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const linesOf = (importId: string) =>
  rt.db
    .selectFrom("bank_lines")
    .selectAll()
    .where("import_id", "=", importId)
    .orderBy("id")
    .execute();

const paymentsOfLine = (lineId: string) =>
  rt.db
    .selectFrom("payments")
    .selectAll()
    .where("source", "=", "bank")
    .where("external_id", "=", lineId)
    .execute();

const countOf = async (table: "bank_lines" | "bank_imports" | "payments" | "documents") =>
  Number(
    (
      await rt.db
        .selectFrom(table)
        .select(sql<string>`count(*)`.as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function expectLedgerOk() {
  const report = await verifyLedger(rt.db);
  expect(report.problems).toEqual([]);
}

async function customer(name?: string) {
  const c = await makeCustomer(rt, name ? { name } : {});
  return c.customerId;
}

/** Changes one digit of a reference's sequence (a typo that breaks the check digits). */
function typo(reference: string): string {
  const i = reference.length - 2;
  const d = reference.charAt(i);
  return reference.slice(0, i) + (d === "7" ? "8" : "7") + reference.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------

describe("importing real statements", () => {
  const camtDir = path.join(STANDARDS, "iso20022-camt/samples/genkgo");
  const mt940Dirs = ["jejik", "wolph"].map((d) => path.join(STANDARDS, "mt940/samples", d));
  const samples = [
    ...readdirSync(camtDir)
      .filter((f) => f.startsWith("camt053") && !f.includes("wrong"))
      .map((f) => path.join(camtDir, f)),
    ...mt940Dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.(txt|sta)$/.test(f) && !/licen[cs]e/i.test(f))
        .map((f) => path.join(d, f)),
    ),
  ];

  it("imports every camt.053 and MT940 sample, deciding every line; a second import adds nothing", async () => {
    expect(samples.length).toBeGreaterThan(15);
    for (const file of samples) {
      const content = readFileSync(file);
      const first = await run(content, path.basename(file));
      expect(first.linesNew + first.alreadyKnown, file).toBe(first.linesTotal);
      expect(first.statements.length, file).toBeGreaterThan(0);
      const imported = await linesOf(first.importId);
      expect(imported.length, file).toBe(first.linesNew);
      expect(
        imported.filter((l) => l.state === "new"),
        file,
      ).toEqual([]);
      const payments = await countOf("payments");
      const again = await run(content, path.basename(file));
      expect(again, file).toMatchObject({
        linesNew: 0,
        alreadyKnown: first.linesTotal,
        matched: 0,
        credited: 0,
        queued: 0,
        ignored: 0,
        payments: 0,
      });
      expect(await countOf("payments"), file).toBe(payments);
    }
    const undecided = await rt.db
      .selectFrom("bank_lines")
      .select("id")
      .where("state", "=", "new")
      .execute();
    expect(undecided).toEqual([]);
  });
});

describe("a malformed file", () => {
  it("is refused with the element at fault, and nothing is imported", async () => {
    const before = await Promise.all([
      countOf("bank_imports"),
      countOf("bank_lines"),
      countOf("payments"),
    ]);
    const wrong = readFileSync(
      path.join(STANDARDS, "iso20022-camt/samples/genkgo/camt053.v2.wrong.xml"),
    );
    const error = await run(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementParseError);
    expect(error).toMatchObject({ code: "payments.statement_invalid", status: 422 });
    expect((error as StatementParseError).message).toMatch(/BkToCstmrStmt/);

    // A statement whose 3rd entry has a broken amount: the entries before it are not imported.
    const c = await customer();
    const inv = await issue(c, "1111");
    const broken = camt([
      { amount: "1111.00", text: inv.reference },
      { amount: "10.00" },
      { amount: "12,5" },
    ]);
    const e2 = await run(broken).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(StatementParseError);
    expect((e2 as StatementParseError).location).toMatch(/Ntry\[3\]\/Amt/);
    expect(
      await Promise.all([countOf("bank_imports"), countOf("bank_lines"), countOf("payments")]),
    ).toEqual(before);
    expect((await document(inv.id)).status).toBe("open");
  });

  it("is refused when an amount has more decimals than its currency", async () => {
    const e = await run(camt([{ amount: "10.005", currency: "EUR" }])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StatementParseError);
    expect((e as AppError).message).toMatch(/more decimals than EUR/);
  });
});

describe("matching", () => {
  it("pays a proforma quoted by its exact RF reference: the final invoice is issued", async () => {
    const c = await customer();
    const pro = await issue(c, "12345", "proforma");
    const report = await run(
      camt([{ amount: "12345.00", text: `Díjbekérő ${pro.reference}`, name: "Valaki" }]),
    );
    expect(report).toMatchObject({ linesNew: 1, matched: 1, payments: 1, queued: 0 });
    const [line] = await linesOf(report.importId);
    expect(line).toMatchObject({ state: "matched", reason: "reference" });
    const [payment] = await paymentsOfLine(line!.id);
    expect(payment).toMatchObject({
      customer_id: c,
      method: "transfer",
      source: "bank",
      amount: 1234500n,
      received_on: "2026-11-20",
      payer: "Valaki",
    });
    expect(line!.payment_id).toBe(payment!.id);
    const proforma = await document(pro.id);
    expect(proforma.status).toBe("paid");
    const final = await document(proforma.final_invoice_id!);
    expect(final).toMatchObject({ kind: "invoice", status: "paid", proforma_id: pro.id });
    await expectLedgerOk();
  });

  it("pays an invoice set-based: payment, ledger, allocation, receipt mail and renewal job", async () => {
    const c = await customer();
    const inv = await issue(c, "2222");
    const report = await run(
      camt([
        {
          amount: "2222.00",
          text: inv.reference,
          iban: "HU93116000060000000012345676",
          name: "Fizető Kft.",
        },
      ]),
    );
    expect(report).toMatchObject({ matched: 1, payments: 1 });
    const [line] = await linesOf(report.importId);
    const [payment] = await paymentsOfLine(line!.id);
    expect(await document(inv.id)).toMatchObject({ status: "paid", paid_amount: 222200n });
    const allocations = await rt.db
      .selectFrom("allocations")
      .selectAll()
      .where("source_id", "=", payment!.id)
      .execute();
    expect(allocations).toMatchObject([
      { document_id: inv.id, amount: 222200n, source_type: "payment" },
    ]);
    const mails = await rt.db
      .selectFrom("mail_outbox")
      .select(["type", "subject"])
      .where("customer_id", "=", c)
      .where("type", "=", "payments.received")
      .execute();
    expect(mails).toHaveLength(1);
    const payers = await rt.db
      .selectFrom("payer_accounts")
      .selectAll()
      .where("customer_id", "=", c)
      .execute();
    expect(payers).toMatchObject([
      { account: "HU93116000060000000012345676", name: "Fizető Kft." },
    ]);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("subject_id", "=", payment!.id)
      .execute();
    expect(audit).toEqual([{ action: "payment.received", actor_id: "usr_test_staff" }]);
    const jobs = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'billing.invoice-paid' AND data->>'documentId' = ${inv.id}`.execute(
      rt.db,
    );
    expect(Number(jobs.rows[0]?.n)).toBe(1);
    await expectLedgerOk();
  });

  it("accepts a reference mistyped within one character when the amount confirms it", async () => {
    const c = await customer();
    const inv = await issue(c, "3333");
    const report = await run(camt([{ amount: "3333.00", text: typo(inv.reference) }]));
    expect(report.matched).toBe(1);
    const [line] = await linesOf(report.importId);
    expect(line!.flags).toEqual([
      { code: "reference_corrected", documentId: inv.id, candidate: typo(inv.reference) },
    ]);
    expect((await document(inv.id)).status).toBe("paid");
  });

  it("queues a mistyped reference nothing confirms", async () => {
    const c = await customer();
    const inv = await issue(c, "3434");
    const report = await run(camt([{ amount: "1000.00", text: typo(inv.reference) }]));
    expect(report).toMatchObject({ matched: 0, queued: 1 });
    const [line] = await linesOf(report.importId);
    expect(line).toMatchObject({ state: "queued", reason: "unconfirmed_reference" });
    expect(line!.candidates).toMatchObject([{ documentId: inv.id, open: "3434.00" }]);
    expect((await document(inv.id)).status).toBe("open");
  });

  it("finds a document number in free text", async () => {
    const c = await customer();
    const inv = await issue(c, "4444");
    const spaced = inv.number.replace(/-/g, " / ");
    const report = await run(
      camt([{ amount: "4444.00", text: `Köszönjük! Számla: ${spaced}, nov.` }]),
    );
    expect(report.matched).toBe(1);
    expect((await document(inv.id)).status).toBe("paid");
  });

  it("a partial payment leaves the rest open", async () => {
    const c = await customer();
    const inv = await issue(c, "10000");
    const report = await run(camt([{ amount: "4000.00", text: inv.reference }]));
    expect(report.matched).toBe(1);
    expect(await document(inv.id)).toMatchObject({ status: "open", paid_amount: 400000n });
    await expectLedgerOk();
  });

  it("an over-payment becomes credit on the account", async () => {
    const c = await customer();
    const inv = await issue(c, "1490");
    const report = await run(camt([{ amount: "2000.00", text: inv.reference }]));
    expect(report).toMatchObject({ matched: 1, payments: 1 });
    expect(await document(inv.id)).toMatchObject({ status: "paid", paid_amount: 149000n });
    const balance = await rt.db
      .selectFrom("customer_balances")
      .select(["receivable", "credit"])
      .where("customer_id", "=", c)
      .executeTakeFirstOrThrow();
    expect(balance).toEqual({ receivable: 0n, credit: -51000n });
    await expectLedgerOk();
  });

  it("splits one transfer for two documents", async () => {
    const c = await customer();
    const a = await issue(c, "1500");
    const b = await issue(c, "2500", "proforma");
    const report = await run(camt([{ amount: "4000.00", text: `${a.reference}, ${b.reference}` }]));
    expect(report).toMatchObject({ matched: 1, payments: 1 });
    const [line] = await linesOf(report.importId);
    const allocations = await rt.db
      .selectFrom("allocations")
      .select(["document_id", "amount"])
      .where("source_id", "=", line!.payment_id)
      .orderBy("created_at")
      .execute();
    // A proforma's payment is allocated to its final invoice.
    const final = (await document(b.id)).final_invoice_id;
    expect(allocations).toEqual(
      expect.arrayContaining([
        { document_id: a.id, amount: 150000n },
        { document_id: final, amount: 250000n },
      ]),
    );
    expect((await document(a.id)).status).toBe("paid");
    expect((await document(b.id)).status).toBe("paid");
    await expectLedgerOk();
  });

  it("a proforma paid twice ends with credit and a flag, not a second invoice", async () => {
    const c = await customer();
    const pro = await issue(c, "5555", "proforma");
    // Twice in one statement, then once more in the next.
    const first = await run(
      camt([
        { amount: "5555.00", text: pro.reference },
        { amount: "5555.00", text: pro.reference },
      ]),
    );
    expect(first).toMatchObject({ matched: 1, credited: 1, payments: 2 });
    const second = await run(camt([{ amount: "5555.00", text: pro.reference }]));
    expect(second).toMatchObject({ matched: 0, credited: 1, payments: 1 });
    const [line] = await linesOf(second.importId);
    expect(line).toMatchObject({ state: "credit", reason: "document_not_open" });
    expect(line!.flags).toEqual([
      { code: "document_not_open", documentId: pro.id, status: "paid" },
    ]);
    const [payment] = await paymentsOfLine(line!.id);
    expect(payment!.flag).toBe("document_not_open");
    const finals = await rt.db
      .selectFrom("documents")
      .select("id")
      .where("proforma_id", "=", pro.id)
      .execute();
    expect(finals).toHaveLength(1);
    const balance = await rt.db
      .selectFrom("customer_balances")
      .select("credit")
      .where("customer_id", "=", c)
      .executeTakeFirstOrThrow();
    expect(balance.credit).toBe(-1111000n);
    await expectLedgerOk();
  });

  it("pays the replacement of a cancelled proforma quoted by its old reference", async () => {
    const c = await customer();
    const old = await issue(c, "8181", "proforma");
    const next = await rt.db.transaction().execute((tx) =>
      supersedeProforma(
        tx,
        rt,
        old.id,
        {
          currency: "HUF",
          lines: [
            {
              description: "Tárhely",
              quantity: "1",
              unit: "month",
              unitPrice: Money.parse("8282", "HUF"),
              vat: { category: "E", rateBp: 0, reason: "manual" },
            },
          ],
        },
        { type: "system", name: "test" },
      ),
    );
    const report = await run(camt([{ amount: "8282.00", text: old.reference }]));
    expect(report.matched).toBe(1);
    const [line] = await linesOf(report.importId);
    expect(line!.flags).toEqual([
      { code: "superseded", documentId: old.id, replacementId: next.id },
    ]);
    expect((await document(next.id)).status).toBe("paid");
    expect((await document(old.id)).status).toBe("cancelled");
  });

  it("matches by amount and payer when there is no reference", async () => {
    const name = `Kovács és Társa ${refSeq} Kft.`;
    const c = await customer(name);
    const inv = await issue(c, "6161");
    const report = await run(
      camt([{ amount: "6161.00", text: "novemberi díj", name: `KOVACS ES TARSA ${refSeq}` }]),
    );
    expect(report.matched).toBe(1);
    const [line] = await linesOf(report.importId);
    expect(line).toMatchObject({ state: "matched", reason: "amount_and_payer" });
    expect((await document(inv.id)).status).toBe("paid");
  });

  it("queues the amount alone with its candidate", async () => {
    const c = await customer();
    const inv = await issue(c, "6262");
    const report = await run(
      camt([{ amount: "6262.00", text: "díj", name: "Ismeretlen Befizető" }]),
    );
    expect(report.queued).toBe(1);
    const [line] = await linesOf(report.importId);
    expect(line).toMatchObject({ state: "queued", reason: "amount_only" });
    expect(line!.candidates).toMatchObject([
      { documentId: inv.id, why: "amount", open: "6262.00" },
    ]);
  });

  it("ignores debits and imports a CSV export under the provider's account", async () => {
    const c = await customer();
    const inv = await issue(c, "7070");
    const report = await run(
      csv([
        {
          amount: "7070.00",
          text: inv.reference,
          name: "Ügyfél",
          iban: "11773016-11111018-00000000",
        },
        { amount: "350.00", direction: "DBIT", text: "Számlavezetési díj" },
      ]),
      "export.csv",
    );
    expect(report).toMatchObject({ format: "csv", matched: 1, ignored: 1 });
    expect(report.statements[0]?.account).toBe(OWN_IBAN);
    expect(report.warnings.join(" ")).toMatch(/does not name the bank account/);
    const lines = await linesOf(report.importId);
    expect(lines.map((l) => [l.state, l.reason])).toEqual([
      ["matched", "reference"],
      ["ignored", "debit"],
    ]);
    expect((await document(inv.id)).status).toBe("paid");
  });
});

describe("the staff queue", () => {
  async function queuedLine(amount: string, text = "ismeretlen befizetés"): Promise<string> {
    const report = await run(camt([{ amount, text, name: "Nem Ismert" }]));
    expect(report.queued).toBe(1);
    return report.queuedLineIds[0] ?? "";
  }

  it("assigns a line to documents in one call: paid in order, the rest credit; audited", async () => {
    const c = await customer();
    const a = await issue(c, "800", "proforma");
    const b = await issue(c, "900");
    const lineId = await queuedLine("2000.00");
    const r = await assignLine(rt, lineId, { documents: [{ id: a.id }, { id: b.id }] }, actor);
    expect(r.line).toMatchObject({
      state: "assigned",
      payment_id: r.paymentId,
      payment_customer_id: c,
    });
    expect((await document(a.id)).status).toBe("paid");
    expect((await document(b.id)).status).toBe("paid");
    const balance = await rt.db
      .selectFrom("customer_balances")
      .select("credit")
      .where("customer_id", "=", c)
      .executeTakeFirstOrThrow();
    expect(balance.credit).toBe(-30000n);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "customer_id"])
      .where("subject_id", "=", lineId)
      .execute();
    expect(audit).toEqual([
      { action: "bank.line_assigned", actor_id: "usr_test_staff", customer_id: c },
    ]);
    await expectLedgerOk();

    // Once decided, never again.
    await expect(assignLine(rt, lineId, { customerId: c }, actor)).rejects.toMatchObject({
      code: "payments.line_not_queued",
      status: 409,
    });
    await expect(dismissLine(rt, lineId, "bank interest", actor)).rejects.toMatchObject({
      code: "payments.line_not_queued",
    });
    expect(await paymentsOfLine(lineId)).toHaveLength(1);
  });

  it("assigns a line to a customer as credit, with a partial amount for a document", async () => {
    const c = await customer();
    const lineId = await queuedLine("1234.56");
    const r = await assignLine(rt, lineId, { customerId: c }, actor);
    expect(r.line.state).toBe("assigned");
    const [payment] = await paymentsOfLine(lineId);
    expect(payment).toMatchObject({ customer_id: c, amount: 123456n });

    const c2 = await customer();
    const d = await issue(c2, "5000");
    const e = await issue(c2, "600");
    const other = await queuedLine("1000.00", "valami");
    await assignLine(rt, other, { documents: [{ id: d.id, amount: "400" }, { id: e.id }] }, actor);
    expect(await document(d.id)).toMatchObject({ status: "open", paid_amount: 40000n });
    expect(await document(e.id)).toMatchObject({ status: "paid", paid_amount: 60000n });
    await expectLedgerOk();
  });

  it("dismisses a line that is no customer's payment", async () => {
    const lineId = await queuedLine("12.34", "Kamatjóváírás");
    const r = await dismissLine(rt, lineId, "bank interest", actor);
    expect(r.line).toMatchObject({ state: "dismissed", reason: "bank interest", payment_id: null });
    expect(await paymentsOfLine(lineId)).toEqual([]);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("subject_id", "=", lineId)
      .execute();
    expect(audit).toEqual([{ action: "bank.line_dismissed", actor_id: "usr_test_staff" }]);
  });

  it("refuses unknown lines, other customers' documents together, and closed documents", async () => {
    await expect(dismissLine(rt, "bln_unknown", "whatever", actor)).rejects.toMatchObject({
      status: 404,
    });
    const c1 = await customer();
    const c2 = await customer();
    const a = await issue(c1, "100");
    const b = await issue(c2, "100");
    const lineId = await queuedLine("200.00", "két ügyfél");
    await expect(
      assignLine(rt, lineId, { documents: [{ id: a.id }, { id: b.id }] }, actor),
    ).rejects.toMatchObject({ code: "payments.several_customers", status: 409 });
    await assignLine(rt, lineId, { documents: [{ id: a.id }] }, actor);
    const again = await queuedLine("100.00", "ugyanaz");
    await expect(assignLine(rt, again, { documents: [{ id: a.id }] }, actor)).rejects.toMatchObject(
      { code: "payments.document_not_payable", status: 409 },
    );
    await expect(
      assignLine(rt, again, { documents: [{ id: b.id, amount: "150" }] }, actor),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("a crash in the middle of an import", () => {
  it("is finished by importing the file again: every line decided once, no duplicate payment", async () => {
    const c = await customer();
    const docs: Doc[] = [];
    for (let i = 0; i < 8; i++)
      docs.push(await issue(c, String(100 + i), i % 3 === 0 ? "proforma" : "invoice"));
    const file = camt([
      ...docs.map((d, i) => ({ amount: `${100 + i}.00`, text: d.reference })),
      { amount: "77.00", text: "ismeretlen" },
      { amount: "5.00", direction: "DBIT" as const, text: "díj" },
    ]);
    const payable = docs.length;
    let interrupted: string;
    if (onPostgres) {
      interrupted = await importInChildAndKill(file);
    } else {
      const e = await run(file, "crash.xml", {
        chunkSize: 2,
        afterChunk: ({ chunk }: { chunk: number }) => {
          if (chunk === 2) throw new Error("simulated crash");
        },
      }).catch((x: unknown) => x);
      expect((e as Error).message).toBe("simulated crash");
      const row = await rt.db
        .selectFrom("bank_imports")
        .select("id")
        .where("filename", "=", "crash.xml")
        .executeTakeFirstOrThrow();
      interrupted = row.id;
    }
    const before = await linesOf(interrupted);
    expect(before).toHaveLength(payable + 2);
    const undecided = before.filter((l) => l.state === "new").length;
    expect(undecided).toBeGreaterThan(0);
    expect(undecided).toBeLessThan(before.length);
    expect(
      (
        await rt.db
          .selectFrom("bank_imports")
          .select("status")
          .where("id", "=", interrupted)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("importing");

    const report = await run(file, "crash.xml");
    expect(report.linesNew).toBe(0);
    expect(report.matched + report.credited + report.queued + report.ignored).toBe(undecided);
    const after = await linesOf(interrupted);
    expect(after.filter((l) => l.state === "new")).toEqual([]);
    expect(after.filter((l) => l.state === "matched")).toHaveLength(payable);
    for (const l of after.filter((x) => x.state === "matched")) {
      const payments = await paymentsOfLine(l.id);
      expect(payments.map((p) => p.id)).toEqual([l.payment_id]);
    }
    const payments = await rt.db
      .selectFrom("payments")
      .select("id")
      .where("customer_id", "=", c)
      .execute();
    expect(payments).toHaveLength(payable);
    for (const d of docs) expect((await document(d.id)).status).toBe("paid");
    const finals = await rt.db
      .selectFrom("documents")
      .select(sql<string>`count(*)`.as("n"))
      .where("customer_id", "=", c)
      .where("proforma_id", "is not", null)
      .executeTakeFirstOrThrow();
    expect(Number(finals.n)).toBe(docs.filter((_, i) => i % 3 === 0).length);
    const first = await rt.db
      .selectFrom("bank_imports")
      .selectAll()
      .where("id", "=", interrupted)
      .executeTakeFirstOrThrow();
    expect(first.status).toBe("complete");
    await expectLedgerOk();
  });
});

describe("imports running at the same time", () => {
  it("decide every line once: two imports of one file, each with two transactions at once", async () => {
    const c1 = await customer();
    const c2 = await customer();
    const docs: Doc[] = [];
    for (let i = 0; i < 6; i++)
      docs.push(await issue(i % 2 ? c1 : c2, String(200 + i), i === 0 ? "proforma" : "invoice"));
    const file = camt([
      ...docs.map((d, i) => ({ amount: `${200 + i}.00`, text: d.reference })),
      { amount: "99.00", text: docs[1]?.reference ?? "" },
      { amount: "31.00", text: "ismeretlen" },
    ]);
    const options = { chunkSize: 2, concurrency: 2 };
    const [a, b] = await Promise.all([
      run(file, "twice.xml", options),
      run(file, "twice.xml", options),
    ]);
    expect(a.linesNew + b.linesNew).toBe(8);
    expect(a.matched + b.matched).toBe(6);
    expect(a.credited + b.credited).toBe(1); // the second payment of a paid invoice
    expect(a.queued + b.queued).toBe(1);
    expect(a.payments + b.payments).toBe(7);
    const lines = await rt.db
      .selectFrom("bank_lines")
      .selectAll()
      .where("import_id", "in", [a.importId, b.importId])
      .execute();
    expect(lines.filter((l) => l.state === "new")).toEqual([]);
    for (const l of lines.filter((x) => x.payment_id !== null))
      expect((await paymentsOfLine(l.id)).map((p) => p.id)).toEqual([l.payment_id]);
    for (const d of docs) expect((await document(d.id)).status).toBe("paid");
    await expectLedgerOk();
  });
});

describe("kapu bank import", () => {
  it("prints what was imported and left unmatched; a malformed file exits 1 with the problem", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kapu-bank-cli-"));
    try {
      const root = path.resolve(import.meta.dirname, "../../..");
      const { DATABASE_URL: _ignored, ...rest } = process.env;
      const env = {
        ...rest,
        DATA_DIR: path.join(dir, "data"),
        BASE_URL: "http://localhost:3000",
        LOG_LEVEL: "warn",
      };
      const statement = path.join(dir, "nov.xml");
      writeFileSync(
        statement,
        camt([
          { amount: "12.00", text: "kamat", name: "Bank" },
          { amount: "5.00", direction: "DBIT", text: "díj" },
        ]),
      );
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ["src/cli.ts", ...args], {
          cwd: root,
          env,
          encoding: "utf8",
          timeout: 120_000,
        });
      const ok = cli("bank", "import", statement, "--json");
      expect(ok.stderr).toBe("");
      expect(ok.status, ok.stdout).toBe(0);
      const report = JSON.parse(ok.stdout) as {
        linesNew: number;
        queued: number;
        ignored: number;
        unmatched: { amount: string; remittance: string; reason: string }[];
      };
      expect(report).toMatchObject({ linesNew: 2, queued: 1, ignored: 1 });
      expect(report.unmatched).toMatchObject([
        { amount: "12.00", remittance: "kamat", reason: "no_match" },
      ]);

      const text = cli("bank", "import", statement);
      expect(text.status).toBe(0);
      expect(text.stdout).toMatch(/2 lines, 0 new, 2 already known/);

      const wrong = cli(
        "bank",
        "import",
        path.join(STANDARDS, "iso20022-camt/samples/genkgo/camt053.v2.wrong.xml"),
      );
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/payments\.statement_invalid: .*BkToCstmrStmt/);
      expect(cli("bank", "import", statement, "--format", "pdf").status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * Runs the import in a child process on the same PostgreSQL database and kills it (SIGKILL) once
 * its first chunk has committed; returns the interrupted import's id.
 */
async function importInChildAndKill(file: Buffer): Promise<string> {
  await runInChildAndKill(rt, {
    modules: { importStatement: "src/modules/payments/use-cases/import-statement.ts" },
    body: `
      const content = Buffer.from(process.env.CHILD_FILE, "base64");
      await importStatement(rt, { filename: "crash.xml", content }, { type: "cli", name: "crash child" }, {
        chunkSize: 1,
        afterChunk: async ({ chunk }) => {
          process.stdout.write("chunk " + chunk + "\\n");
          if (chunk >= 3) await new Promise(() => {});
        },
      });
      process.stdout.write("finished\\n");
    `,
    killWhen: "chunk 1",
    env: { CHILD_FILE: file.toString("base64") },
  });
  const row = await rt.db
    .selectFrom("bank_imports")
    .select("id")
    .where("filename", "=", "crash.xml")
    .where("created_by", "=", "crash child")
    .executeTakeFirstOrThrow();
  return row.id;
}

export type { ImportReport };
