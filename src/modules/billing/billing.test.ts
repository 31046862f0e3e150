import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { ensureBilling, makeCustomer, makeInvoice } from "../../../test/factories.ts";
import { startFakeVies, type FakeVies } from "../../../test/fake-vies.ts";
import type { Actor } from "../../platform/audit.ts";
import { Money } from "../../platform/money/index.ts";
import { isValidCreditorReference } from "./domain/numbering.ts";
import {
  createCreditNote,
  issueDocument,
  recordVatEvidence,
  settleProforma,
  verifyLedger,
  type CreditNoteRequest,
  type IssueRequest,
} from "./index.ts";
import { getInvoicingSettings, saveInvoicingSettings, type InvoicingSettings } from "./settings.ts";
import { buildStatement } from "./use-cases/statement.ts";
import { sendMonthlyStatements } from "./use-cases/monthly-statements.ts";
import {
  addVatRate,
  checkCustomerVatNumber,
  refreshVatEvidenceIfStale,
} from "./use-cases/vat-admin.ts";
import { createViesClient } from "./vies.ts";

const actor: Actor = { type: "system", name: "test" };
let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  await ensureBilling(rt);
});
afterAll(async () => rt.close());

const hosting = (amount: string, currency: "HUF" | "EUR" = "HUF") => ({
  description: "Start tárhely",
  quantity: "1",
  unit: "month" as const,
  unitPrice: Money.parse(amount, currency),
  periodFrom: "2026-12-01",
  periodTo: "2026-12-31",
});

function issue(req: Partial<IssueRequest> & { customerId: string }) {
  return rt.db
    .transaction()
    .execute((tx) =>
      issueDocument(
        tx,
        rt,
        { kind: "invoice", currency: "HUF", lines: [hosting("1000")], ...req },
        actor,
      ),
    );
}

const doc = (id: string) =>
  rt.db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const lines = (id: string) =>
  rt.db
    .selectFrom("document_lines")
    .selectAll()
    .where("document_id", "=", id)
    .orderBy("position")
    .execute();
const counter = async (series: string) =>
  (
    await rt.db
      .selectFrom("document_counters")
      .select("last_number")
      .where("series", "=", series)
      .where("year", "=", 2026)
      .executeTakeFirst()
  )?.last_number ?? 0;
const balance = async (customerId: string, currency = "HUF") =>
  rt.db
    .selectFrom("customer_balances")
    .select(["receivable", "credit"])
    .where("customer_id", "=", customerId)
    .where("currency", "=", currency)
    .executeTakeFirst();
const count = async (table: "documents" | "mail_outbox" | "ledger_entries" | "document_files") =>
  Number(
    (
      await rt.db
        .selectFrom(table)
        .select(sql<string>`count(*)`.as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Runs `fn` with some invoicing settings changed, then puts them back. */
async function withSettings(patch: Partial<InvoicingSettings>, fn: () => Promise<void>) {
  const settings = await getInvoicingSettings(rt.db);
  const save = (value: InvoicingSettings) =>
    rt.db.transaction().execute((tx) => saveInvoicingSettings(tx, value, null, rt.clock.now()));
  await save({ ...settings, ...patch });
  try {
    await fn();
  } finally {
    await save(settings);
  }
}

const creditNote = (req: CreditNoteRequest) =>
  rt.db.transaction().execute((tx) => createCreditNote(tx, rt, req, actor));

async function expectLedgerOk() {
  const report = await verifyLedger(rt.db);
  expect(report.problems).toEqual([]);
}

describe("issuing an invoice", () => {
  it("decides domestic VAT, numbers without gaps, freezes the buyer, posts the ledger, stores NAV XML and queues the e-mail", async () => {
    const c = await makeCustomer(rt, { taxNumber: "24767547-2-06" });
    const before = await counter("KAPU");
    const { id, number } = await issue({ customerId: c.customerId });
    expect(number).toBe(`KAPU-2026-${String(before + 1).padStart(6, "0")}`);
    const d = await doc(id);
    expect(d).toMatchObject({
      kind: "invoice",
      status: "open",
      issue_date: "2026-11-23",
      fulfilment_date: "2026-11-23",
      due_date: "2026-12-01",
      net_total: 100000n,
      vat_total: 27000n,
      gross_total: 127000n,
      vat_total_huf: 27000n,
    });
    expect(isValidCreditorReference(d.payment_reference!)).toBe(true);
    expect(d.buyer).toMatchObject({ taxNumber: "24767547-2-06", country: "HU" });
    expect((await lines(id))[0]).toMatchObject({
      vat_category: "S",
      vat_rate_bp: 2700,
      vat_reason: "domestic",
      vat_country: "HU",
    });
    expect(await balance(c.customerId)).toEqual({ receivable: 127000n, credit: 0n });
    const nav = await rt.db
      .selectFrom("document_files")
      .select("content")
      .where("document_id", "=", id)
      .where("format", "=", "nav")
      .executeTakeFirstOrThrow();
    expect(Buffer.from(nav.content).toString("utf8")).toContain(
      `<invoiceNumber>${number}</invoiceNumber>`,
    );
    const mail = await rt.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("customer_id", "=", c.customerId)
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ type: "billing.invoice_issued", to_address: c.email });
    expect(mail.attachments).toEqual([
      { kind: "document_pdf", documentId: id, filename: `${number}.pdf` },
    ]);
    // Changing the customer later does not change the issued invoice.
    await rt.db
      .updateTable("customers")
      .set({ legal_name: "Renamed Kft." })
      .where("id", "=", c.customerId)
      .execute();
    expect((await doc(id)).buyer).not.toMatchObject({ name: "Renamed Kft." });
    await expectLedgerOk();
  });

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const c = await makeCustomer(rt);
    const docs = await count("documents");
    const n = await counter("KAPU");
    const cases: [Partial<IssueRequest>, string][] = [
      [{ lines: [] }, "billing.no_lines"],
      [{ lines: [{ ...hosting("1000"), quantity: "-1" }] }, "billing.invalid_quantity"],
      [{ lines: [{ ...hosting("1000"), quantity: "0" }] }, "billing.invalid_quantity"],
      [
        { lines: [{ ...hosting("1000"), unitPrice: Money.parse("-5", "HUF") }] },
        "billing.invalid_unit_price",
      ],
      [
        { lines: [{ ...hosting("1000"), discount: Money.parse("2000", "HUF") }] },
        "billing.invalid_discount",
      ],
      [{ currency: "USD", lines: [hosting("1", "EUR")] }, "billing.unsupported_currency"],
      [{ dueDate: "2026-01-01" }, "billing.invalid_due_date"],
      [
        { lines: [{ ...hosting("1000"), periodFrom: "2026-12-31", periodTo: "2026-12-01" }] },
        "billing.invalid_period",
      ],
    ];
    for (const [req, code] of cases) {
      await expect(issue({ customerId: c.customerId, ...req })).rejects.toMatchObject({
        code,
        status: 400,
      });
    }
    await expect(issue({ customerId: "cus_missing" })).rejects.toMatchObject({ status: 404 });
    expect(await count("documents")).toBe(docs);
    expect(await counter("KAPU")).toBe(n);
  });

  it("leaves no half document and no used number when a step fails", async () => {
    const c = await makeCustomer(rt);
    const docs = await count("documents");
    const entries = await count("ledger_entries");
    const n = await counter("KAPU");
    // The e-mail is the last step: make queueing it fail.
    const failing = {
      ...rt,
      jobs: {
        ...rt.jobs,
        send: () => Promise.reject(new Error("queue down")),
      } as unknown as typeof rt.jobs,
    };
    await expect(
      rt.db.transaction().execute((tx) =>
        issueDocument(
          tx,
          failing,
          {
            kind: "invoice",
            customerId: c.customerId,
            currency: "HUF",
            lines: [hosting("1000")],
          },
          actor,
        ),
      ),
    ).rejects.toThrow("queue down");
    expect(await count("documents")).toBe(docs);
    expect(await count("ledger_entries")).toBe(entries);
    expect(await counter("KAPU")).toBe(n);
    expect(await balance(c.customerId)).toBeUndefined();
    const next = await issue({ customerId: c.customerId });
    expect(next.number).toBe(`KAPU-2026-${String(n + 1).padStart(6, "0")}`);
  });

  it("gives 20 concurrent invoices 20 consecutive numbers", async () => {
    const c = await makeCustomer(rt);
    const start = await counter("KAPU");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => issue({ customerId: c.customerId })),
    );
    const seqs = results.map((r) => Number(r.number.slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i + 1));
    await expectLedgerOk();
  }, 60_000);

  it("refuses edits and deletes of issued documents, their lines and the ledger at the database", async () => {
    const c = await makeCustomer(rt);
    const { id } = await issue({ customerId: c.customerId });
    await expect(
      rt.db.updateTable("documents").set({ gross_total: 1n }).where("id", "=", id).execute(),
    ).rejects.toThrow(/immutable/);
    await expect(rt.db.deleteFrom("documents").where("id", "=", id).execute()).rejects.toThrow(
      /never deleted/,
    );
    await expect(
      rt.db
        .updateTable("document_lines")
        .set({ description: "x" })
        .where("document_id", "=", id)
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      rt.db
        .updateTable("ledger_entries")
        .set({ amount: 1n })
        .where("customer_id", "=", c.customerId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });
});

describe("VAT decisions", () => {
  it("charges OSS destination VAT to an EU consumer and nothing outside the EU, with the reason on the line", async () => {
    const de = await makeCustomer(rt, {
      kind: "person",
      country: "DE",
      currency: "EUR",
      language: "en",
    });
    const us = await makeCustomer(rt, { country: "US", currency: "EUR", language: "en" });
    const a = await issue({
      customerId: de.customerId,
      currency: "EUR",
      lines: [hosting("10.00", "EUR")],
    });
    const b = await issue({
      customerId: us.customerId,
      currency: "EUR",
      lines: [hosting("10.00", "EUR")],
    });
    expect((await lines(a.id))[0]).toMatchObject({
      vat_category: "S",
      vat_rate_bp: 1900,
      vat_country: "DE",
      vat_reason: "eu_b2c_oss",
    });
    expect((await lines(b.id))[0]).toMatchObject({
      vat_category: "O",
      vat_rate_bp: 0,
      vat_reason: "non_eu_out_of_scope",
    });
    const d = await doc(a.id);
    // 1.90 EUR × 395.50 = 751.45 HUF
    expect(d).toMatchObject({
      exchange_rate: "395.500000",
      vat_total: 190n,
      vat_total_huf: 75145n,
    });
    // The OSS invoice is not reported to NAV (Áfa tv. 10. melléklet), the out-of-scope one is.
    const files = await rt.db
      .selectFrom("document_files")
      .select("document_id")
      .where("document_id", "in", [a.id, b.id])
      .execute();
    expect(files.map((f) => f.document_id)).toEqual([b.id]);
  });

  it("waits for a VIES confirmation of an EU business (409, nothing issued), or falls back as configured", async () => {
    const fi = await makeCustomer(rt, {
      country: "FI",
      currency: "EUR",
      euVatNumber: "FI20774740",
      language: "en",
    });
    const docs = await count("documents");
    await expect(
      issue({ customerId: fi.customerId, currency: "EUR", lines: [hosting("10.00", "EUR")] }),
    ).rejects.toMatchObject({ code: "billing.vat_number_unverified", status: 409 });
    expect(await count("documents")).toBe(docs);

    await withSettings({ viesUnavailable: "fallback_consumer" }, async () => {
      const fallback = await issue({
        customerId: fi.customerId,
        currency: "EUR",
        lines: [hosting("10.00", "EUR")],
      });
      expect((await lines(fallback.id))[0]).toMatchObject({
        vat_category: "S",
        vat_rate_bp: 2550,
        vat_country: "FI",
        vat_reason: "eu_b2c_vies_fallback",
      });
    });
  });

  it("applies reverse charge after VIES confirms the number, and keeps the answer as evidence", async () => {
    const vies: FakeVies = await startFakeVies({
      numbers: { FI20774740: { valid: true, name: "MÄKELÄ ÖLJY OY", address: "HELSINKI" } },
    });
    try {
      const fi = await makeCustomer(rt, {
        country: "FI",
        currency: "EUR",
        euVatNumber: "FI20774740",
        language: "en",
      });
      const verifier = createViesClient({ baseUrl: vies.url, timeoutMs: 2000 });
      const outcome = await checkCustomerVatNumber(rt, fi.customerId, actor, verifier);
      expect(outcome).toMatchObject({ source: "vies", result: "valid", name: "MÄKELÄ ÖLJY OY" });
      const { id } = await issue({
        customerId: fi.customerId,
        currency: "EUR",
        lines: [hosting("10.00", "EUR")],
      });
      expect((await lines(id))[0]).toMatchObject({
        vat_category: "AE",
        vat_rate_bp: 0,
        vat_reason: "eu_b2b_reverse_charge",
      });
      const d = await doc(id);
      expect(d.vat_total).toBe(0n);
      expect(JSON.stringify(d.vat_breakdown)).toContain("Reverse charge");

      // VIES down: the answer is recorded as unavailable, never silently valid.
      vies.setMode("unavailable");
      const down = await checkCustomerVatNumber(rt, fi.customerId, actor, verifier);
      expect(down).toMatchObject({ source: "vies", result: "unavailable" });
    } finally {
      await vies.close();
    }
  });

  it("asks VIES before issuing when the evidence is missing, so a reachable VIES never makes the document wait", async () => {
    const vies = await startFakeVies({
      numbers: { FI20774740: { valid: true, name: "MÄKELÄ ÖLJY OY" } },
    });
    try {
      const withVies = { ...rt, config: { ...rt.config, viesUrl: vies.url } };
      const fi = await makeCustomer(rt, {
        country: "FI",
        currency: "EUR",
        euVatNumber: "FI 2077 4740",
        language: "en",
      });
      await refreshVatEvidenceIfStale(withVies, fi.customerId, actor);
      expect(vies.requests).toBe(1);
      // Fresh evidence: not asked again.
      await refreshVatEvidenceIfStale(withVies, fi.customerId, actor);
      expect(vies.requests).toBe(1);
      const { id } = await issue({
        customerId: fi.customerId,
        currency: "EUR",
        lines: [hosting("10.00", "EUR")],
      });
      expect((await lines(id))[0]!.vat_category).toBe("AE");
      // A consumer is never looked up.
      const de = await makeCustomer(rt, { kind: "person", country: "DE", currency: "EUR" });
      await refreshVatEvidenceIfStale(withVies, de.customerId, actor);
      expect(vies.requests).toBe(1);
    } finally {
      await vies.close();
    }
  });

  it("refuses an EUR document without an exchange rate on the tax point", async () => {
    const c = await makeCustomer(rt, { kind: "person", country: "DE", currency: "EUR" });
    await expect(
      issue({
        customerId: c.customerId,
        currency: "EUR",
        fulfilmentDate: "2025-06-01",
        lines: [hosting("1.00", "EUR")],
      }),
    ).rejects.toMatchObject({ code: "billing.exchange_rate_missing", status: 409 });
  });

  it("lets staff add a future rate that closes the current one, and refuses one in the past", async () => {
    await rt.db
      .transaction()
      .execute((tx) =>
        addVatRate(
          tx,
          rt,
          { country: "HU", rateBp: 2500, validFrom: "2027-01-01", note: "test" },
          actor,
        ),
      );
    const hu = await rt.db
      .selectFrom("vat_rates")
      .selectAll()
      .where("country", "=", "HU")
      .orderBy("valid_from")
      .execute();
    expect(hu.map((r) => [r.rate_bp, r.valid_from, r.valid_to])).toEqual([
      [2700, "2024-01-01", "2026-12-31"],
      [2500, "2027-01-01", null],
    ]);
    await expect(
      rt.db
        .transaction()
        .execute((tx) =>
          addVatRate(
            tx,
            rt,
            { country: "HU", rateBp: 2600, validFrom: "2026-01-01", note: "" },
            actor,
          ),
        ),
    ).rejects.toMatchObject({ status: 409 });
    // A document with a tax point in 2027 takes the new rate; today's keeps 27 %.
    const c = await makeCustomer(rt);
    const later = await issue({ customerId: c.customerId, issueDate: "2027-01-05" });
    expect((await lines(later.id))[0]!.vat_rate_bp).toBe(2500);
    expect(later.number).toMatch(/^KAPU-2027-000001$/);
  });
});

describe("proformas", () => {
  it("have their own series, a payment reference and no ledger effect; paying one issues the final invoice once", async () => {
    const c = await makeCustomer(rt);
    const p = await issue({ customerId: c.customerId, kind: "proforma" });
    const pd = await doc(p.id);
    expect(pd).toMatchObject({ series: "DBK", status: "open", fulfilment_date: null });
    expect(isValidCreditorReference(pd.payment_reference!)).toBe(true);
    expect(await balance(c.customerId)).toBeUndefined();

    const paid = await rt.db
      .transaction()
      .execute((tx) =>
        settleProforma(
          tx,
          rt,
          p.id,
          { paymentId: null, amount: p.gross, method: "transfer", paidOn: "2026-11-22" },
          actor,
        ),
      );
    const inv = await doc(paid.invoiceId!);
    expect(inv).toMatchObject({
      kind: "invoice",
      status: "paid",
      fulfilment_date: "2026-11-22",
      proforma_id: p.id,
      gross_total: pd.gross_total,
      paid_amount: pd.gross_total,
      payment_method: "transfer",
    });
    expect(await doc(p.id)).toMatchObject({ status: "paid", final_invoice_id: inv.id });
    expect(await balance(c.customerId)).toEqual({ receivable: 0n, credit: 0n });

    // Paid twice: credit on the account, not a second invoice.
    const again = await rt.db
      .transaction()
      .execute((tx) =>
        settleProforma(
          tx,
          rt,
          p.id,
          { paymentId: null, amount: p.gross, method: "transfer", paidOn: "2026-11-23" },
          actor,
        ),
      );
    expect(again.invoiceId).toBeNull();
    expect(await balance(c.customerId)).toEqual({ receivable: 0n, credit: -pd.gross_total });
    // …which the next invoice uses automatically.
    const next = await issue({ customerId: c.customerId });
    expect(await doc(next.id)).toMatchObject({ status: "paid", paid_amount: 127000n });
    expect(await balance(c.customerId)).toEqual({
      receivable: 0n,
      credit: -(pd.gross_total - 127000n),
    });
    await expectLedgerOk();
  });
});

describe("credit notes", () => {
  it("storno an open invoice: negative lines referencing it, the invoice settled, NAV chain numbered", async () => {
    const c = await makeCustomer(rt);
    const inv = await issue({
      customerId: c.customerId,
      lines: [
        hosting("1000"),
        {
          ...hosting("500"),
          description: "Domain",
          quantity: "2",
          discount: Money.parse("100", "HUF"),
        },
      ],
    });
    const cn = await creditNote({
      documentId: inv.id,
      mode: "storno",
      reason: "wrong buyer",
      adminFee: false,
    });
    const d = await doc(cn.id);
    expect(d).toMatchObject({
      kind: "credit_note",
      correction_type: "storno",
      corrects_id: inv.id,
      modification_index: 1,
      status: "paid",
      net_total: -190000n,
      vat_total: -51300n,
      gross_total: -241300n,
    });
    expect((await lines(cn.id)).map((l) => [l.quantity, l.discount, l.corrects_position])).toEqual([
      ["-1.0000", 0n, 1],
      ["-2.0000", -10000n, 2],
    ]);
    expect(await doc(inv.id)).toMatchObject({ status: "paid", paid_amount: 241300n });
    expect(await balance(c.customerId)).toEqual({ receivable: 0n, credit: 0n });
    const nav = await rt.db
      .selectFrom("document_files")
      .select("content")
      .where("document_id", "=", cn.id)
      .executeTakeFirstOrThrow();
    const xml = Buffer.from(nav.content).toString("utf8");
    expect(xml).toContain("<modificationIndex>1</modificationIndex>");
    expect(xml).toContain("<lineNumberReference>3</lineNumberReference>");
    // Nothing is left to credit.
    await expect(
      creditNote({ documentId: inv.id, mode: "storno", reason: "again", adminFee: false }),
    ).rejects.toMatchObject({ code: "billing.nothing_left_to_credit", status: 409 });
    await expectLedgerOk();
  });

  it("partial credit of a paid invoice becomes account credit; more than is left is refused; the fee is invoiced", async () => {
    const c = await makeCustomer(rt);
    const inv = await makeInvoice(rt, c.customerId, { amount: "1000" }); // paid via proforma
    const docs = await count("documents");
    await expect(
      creditNote({
        documentId: inv.id,
        mode: "partial",
        lines: [{ position: 1, quantity: "1.5" }],
        reason: "too much",
        adminFee: false,
      }),
    ).rejects.toMatchObject({ code: "billing.credit_exceeds_invoice", status: 409 });
    expect(await count("documents")).toBe(docs);

    await withSettings({ applyCreditAutomatically: false }, async () => {
      const cn = await creditNote({
        documentId: inv.id,
        mode: "partial",
        lines: [{ position: 1, quantity: "0.5" }],
        reason: "half month",
        adminFee: true,
      });
      expect(await doc(cn.id)).toMatchObject({
        correction_type: "modification",
        gross_total: -63500n,
      });
      // Fee: 4000 HUF + 27 % VAT, an open invoice of its own.
      expect(await doc(cn.feeInvoice!.id)).toMatchObject({
        kind: "invoice",
        net_total: 400000n,
        gross_total: 508000n,
        status: "open",
      });
      expect(await balance(c.customerId)).toEqual({ receivable: 508000n, credit: -63500n });
      // The rest can be stornoed: a second correction, index 2, for the remaining half.
      const rest = await creditNote({
        documentId: inv.id,
        mode: "storno",
        reason: "cancelled",
        adminFee: false,
      });
      expect(await doc(rest.id)).toMatchObject({
        correction_type: "modification",
        modification_index: 2,
        gross_total: -63500n,
      });
    });
    await expectLedgerOk();
  });

  it("cannot credit a proforma or a credit note", async () => {
    const c = await makeCustomer(rt);
    const p = await issue({ customerId: c.customerId, kind: "proforma" });
    await expect(
      creditNote({ documentId: p.id, mode: "storno", reason: "x", adminFee: false }),
    ).rejects.toMatchObject({ code: "billing.not_creditable", status: 409 });
  });
});

describe("statements and the ledger check", () => {
  it("derives opening and closing balances from the ledger", async () => {
    const c = await makeCustomer(rt);
    await issue({ customerId: c.customerId }); // 1270.00 open
    const s = await buildStatement(rt.db, rt, {
      customerId: c.customerId,
      currency: "HUF",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(s.openingBalance).toBe(0n);
    expect(s.closingBalance).toBe(127000n);
    expect(s.rows.map((r) => [r.kind, r.debit, r.credit, r.balance])).toEqual([
      ["invoice", 127000n, 0n, 127000n],
    ]);
    const before = await buildStatement(rt.db, rt, {
      customerId: c.customerId,
      currency: "HUF",
      from: "2026-10-01",
      to: "2026-10-31",
    });
    expect(before.rows).toEqual([]);
    await expect(
      buildStatement(rt.db, rt, {
        customerId: c.customerId,
        currency: "HUF",
        from: "2026-11-30",
        to: "2026-11-01",
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("sends each month's statement once, even when the job runs twice", async () => {
    const first = await sendMonthlyStatements(rt, "2026-11");
    expect(first.sent).toBeGreaterThan(0);
    const again = await sendMonthlyStatements(rt, "2026-11");
    expect(again.sent).toBe(0);
    expect(again.skipped).toBe(first.sent);
    const mails = await rt.db
      .selectFrom("mail_outbox")
      .select(["attachments"])
      .where("type", "=", "billing.statement")
      .execute();
    expect(mails.length).toBeGreaterThanOrEqual(first.sent);
    expect(mails[0]!.attachments[0]).toMatchObject({
      kind: "statement_pdf",
      from: "2026-11-01",
      to: "2026-11-30",
    });
  });

  it("reports a balance that no longer matches its entries", async () => {
    await expectLedgerOk();
    const c = await makeCustomer(rt);
    await issue({ customerId: c.customerId });
    // Tamper with the stored balance (not with the append-only entries).
    await rt.db
      .updateTable("customer_balances")
      .set({ receivable: 1n })
      .where("customer_id", "=", c.customerId)
      .execute();
    const report = await verifyLedger(rt.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        check: "stored_balance",
        customerId: c.customerId,
        currency: "HUF",
      }),
    ]);
    await rt.db
      .updateTable("customer_balances")
      .set({ receivable: 127000n })
      .where("customer_id", "=", c.customerId)
      .execute();
    await expectLedgerOk();
  });
});

describe("evidence recorded elsewhere", () => {
  it("is stored with where it came from", async () => {
    const c = await makeCustomer(rt, { country: "SI", currency: "EUR", euVatNumber: "SI15012557" });
    await rt.db.transaction().execute((tx) =>
      recordVatEvidence(tx, rt, {
        customerId: c.customerId,
        vatNumber: "SI15012557",
        detail: "imported",
      }),
    );
    const { id } = await issue({
      customerId: c.customerId,
      currency: "EUR",
      lines: [hosting("5.00", "EUR")],
    });
    expect((await lines(id))[0]!.vat_category).toBe("AE");
  });
});

describe("bad billing data", () => {
  it("refuses a buyer whose country is not a real ISO code, and VAT rates outside the EU", async () => {
    const c = await makeCustomer(rt, { country: "XX" });
    const docs = await count("documents");
    await expect(issue({ customerId: c.customerId })).rejects.toMatchObject({
      code: "billing.invalid_country",
      status: 409,
    });
    expect(await count("documents")).toBe(docs);
    await expect(
      rt.db
        .transaction()
        .execute((tx) =>
          addVatRate(
            tx,
            rt,
            { country: "US", rateBp: 800, validFrom: "2027-01-01", note: "" },
            actor,
          ),
        ),
    ).rejects.toMatchObject({ code: "billing.vat_rate_invalid_country", status: 400 });
  });
});
