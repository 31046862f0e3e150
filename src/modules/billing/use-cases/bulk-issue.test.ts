import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestRuntime, type TestRuntime } from "../../../../test/db.ts";
import { ensureBilling, makeCustomer, makeService } from "../../../../test/factories.ts";
import type { Actor } from "../../../platform/audit.ts";
import { AppError } from "../../../platform/errors.ts";
import { Money, type CurrencyCode } from "../../../platform/money/index.ts";
import { getInvoicingSettings } from "../settings.ts";
import {
  BulkIssueError,
  issueInvoicesInBulk,
  type BulkInvoiceRequest,
  type BulkIssueResult,
} from "./bulk-issue.ts";
import { issueDocument, type IssueRequest } from "./issue-document.ts";
import { settleProforma } from "./proforma.ts";
import { recordVatEvidence } from "./vat-admin.ts";
import { verifyLedger } from "./verify-ledger.ts";

const actor: Actor = { type: "system", name: "test" };
let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  await ensureBilling(rt);
});
afterAll(async () => rt.close());

/** Three lines: a hosting month, a domain year with a discount and a decimal quantity, support. */
function threeLines(currency: CurrencyCode): IssueRequest["lines"] {
  const m = (huf: string, eur: string) => Money.parse(currency === "HUF" ? huf : eur, currency);
  return [
    {
      description: "Start tárhely",
      quantity: "1",
      unit: "month",
      unitPrice: m("2990", "9.90"),
      periodFrom: "2026-12-01",
      periodTo: "2026-12-31",
    },
    {
      description: "  példa.hu domain  ",
      quantity: "1.5",
      unit: "year",
      unitPrice: m("4990.50", "12.35"),
      discount: m("333", "0.77"),
    },
    {
      description: "Support",
      quantity: "3",
      unit: "hour",
      unitPrice: m("12000", "31.00"),
      supply: "general",
    },
  ];
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
const navXml = async (id: string) => {
  const row = await rt.db
    .selectFrom("document_files")
    .select("content")
    .where("document_id", "=", id)
    .where("format", "=", "nav")
    .executeTakeFirst();
  return row ? Buffer.from(row.content).toString("utf8") : undefined;
};
const mailOf = async (id: string) =>
  (await rt.db.selectFrom("mail_outbox").selectAll().execute()).filter(
    (m) => m.attachments[0]?.documentId === id,
  );
const counter = async (series: string) =>
  (
    await rt.db
      .selectFrom("document_counters")
      .select("last_number")
      .where("series", "=", series)
      .where("year", "=", 2026)
      .executeTakeFirst()
  )?.last_number ?? 0;
const seq = (number: string) => Number(number.slice(-6));

/** Row counts of everything issuing writes. */
async function footprint() {
  const r = await sql<Record<string, string>>`
    SELECT (SELECT count(*) FROM documents) AS documents,
           (SELECT count(*) FROM document_lines) AS lines,
           (SELECT count(*) FROM ledger_transactions) AS txns,
           (SELECT count(*) FROM ledger_entries) AS entries,
           (SELECT coalesce(sum(receivable), 0) FROM customer_balances) AS receivable,
           (SELECT count(*) FROM document_files) AS files,
           (SELECT count(*) FROM audit_log) AS audit,
           (SELECT count(*) FROM mail_outbox) AS mails,
           -- The mails the mail.send jobs carry (a bulk job carries many: {ids}; one mail: {id}).
           (SELECT coalesce(sum(jsonb_array_length(data->'ids')), 0)
                   + count(*) FILTER (WHERE data ? 'id')
              FROM pgboss.job WHERE name = 'mail.send') AS jobs,
           (SELECT coalesce(sum(last_number), 0) FROM document_counters) AS numbers
  `.execute(rt.db);
  return r.rows[0];
}

const issueOne = (req: IssueRequest) =>
  rt.db.transaction().execute((tx) => issueDocument(tx, rt, req, actor));

/** A document without what differs between two issues of the same request. */
async function comparable(id: string) {
  const d = await doc(id);
  const { id: _id, number, payment_reference: ref, ...rest } = d;
  const ls = (await lines(id)).map(({ id: _l, document_id: _d, ...l }) => l);
  const neutral = (s: string | undefined) =>
    s
      ?.replaceAll(number, "<number>")
      .replaceAll(ref ?? "<none>", "<ref>")
      .replaceAll(id, "<id>");
  const mails = (await mailOf(id)).map((m) => ({
    to: m.to_address.replace(/^customer-[\w-]+@/, "<customer>@"),
    type: m.type,
    language: m.language,
    subject: neutral(m.subject),
    text: neutral(m.text_body),
    html: neutral(m.html_body ?? undefined),
  }));
  return { doc: rest, lines: ls, nav: neutral(await navXml(id)), mails };
}

describe("issueInvoicesInBulk", () => {
  it("issues 50 documents with consecutive numbers and exactly what issueDocument gives", async () => {
    const huCo = await makeCustomer(rt, { taxNumber: "24767547-2-06" });
    const huPerson = await makeCustomer(rt, { kind: "person", language: "en" });
    const huEur = await makeCustomer(rt, { taxNumber: "24767547-2-06", currency: "EUR" });
    const deCo = await makeCustomer(rt, {
      country: "DE",
      currency: "EUR",
      language: "en",
      euVatNumber: "DE136695976",
    });
    const atPerson = await makeCustomer(rt, {
      kind: "person",
      country: "AT",
      currency: "EUR",
      language: "en",
    });
    const usCo = await makeCustomer(rt, { country: "US", currency: "EUR", language: "en" });
    await rt.db.transaction().execute((tx) =>
      recordVatEvidence(tx, rt, {
        customerId: deCo.customerId,
        vatNumber: "DE136695976",
        detail: "test",
      }),
    );
    const service = await makeService(rt, huCo.customerId);
    // Numbers already used: the bulk run continues after them.
    await issueOne({
      kind: "invoice",
      customerId: huCo.customerId,
      currency: "HUF",
      lines: threeLines("HUF"),
    });
    const customers: [string, CurrencyCode][] = [
      [huCo.customerId, "HUF"],
      [huPerson.customerId, "HUF"],
      [huEur.customerId, "EUR"],
      [deCo.customerId, "EUR"],
      [atPerson.customerId, "EUR"],
      [usCo.customerId, "EUR"],
    ];
    const requests: BulkInvoiceRequest[] = Array.from({ length: 50 }, (_, i) => {
      const [customerId, currency] = customers[i % customers.length]!;
      let lines3 = threeLines(currency);
      if (customerId === huCo.customerId) lines3[0] = { ...lines3[0]!, serviceId: service };
      // Only electronically supplied services: pure OSS, not reported to NAV.
      if (customerId === atPerson.customerId) lines3 = lines3.slice(0, 2);
      return {
        kind: i % 7 === 3 ? "proforma" : "invoice",
        customerId,
        currency,
        lines: lines3,
      };
    });
    const invoicesBefore = await counter("KAPU");
    const proformasBefore = await counter("DBK");
    const before = await footprint();

    const result = await issueInvoicesInBulk(rt, requests, actor, { chunkSize: 16, batchSize: 5 });

    expect(result.chunks).toBe(4);
    expect(result.documents.map((d) => d.index)).toEqual(requests.map((_, i) => i));
    const invoices = result.documents.filter((d) => d.kind === "invoice");
    const proformas = result.documents.filter((d) => d.kind === "proforma");
    expect(invoices.map((d) => seq(d.number))).toEqual(
      invoices.map((_, k) => invoicesBefore + k + 1),
    );
    expect(proformas.map((d) => seq(d.number))).toEqual(
      proformas.map((_, k) => proformasBefore + k + 1),
    );
    expect(invoices[0]!.number).toMatch(/^KAPU-2026-\d{6}$/);
    expect(proformas[0]!.number).toMatch(/^DBK-2026-\d{6}$/);
    expect(await counter("KAPU")).toBe(invoicesBefore + invoices.length);
    expect(await counter("DBK")).toBe(proformasBefore + proformas.length);

    const after = await footprint();
    const delta = (k: string) => Number(after![k]) - Number(before![k]);
    expect(delta("documents")).toBe(50);
    const ossInvoices = invoices.filter((d) => d.customerId === atPerson.customerId).length;
    const ossDocs = result.documents.filter((d) => d.customerId === atPerson.customerId).length;
    expect(delta("lines")).toBe(150 - ossDocs);
    expect(delta("txns")).toBe(invoices.length);
    expect(delta("audit")).toBe(50);
    expect(delta("mails")).toBe(50);
    expect(delta("jobs")).toBe(50);
    // NAV XML for every invoice except the OSS ones (Áfa tv. 10. melléklet); never a PDF.
    expect(ossInvoices).toBeGreaterThan(0);
    expect(delta("files")).toBe(invoices.length - ossInvoices);
    const pdfs = await rt.db
      .selectFrom("document_files")
      .select("document_id")
      .where("format", "=", "pdf")
      .execute();
    expect(pdfs).toEqual([]);

    // The same request issued the normal way gives the same document, NAV XML and e-mail.
    const seen = new Set<string>();
    for (const d of result.documents) {
      const req = requests[d.index]!;
      const key = `${req.customerId}|${req.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const normal = await issueOne(req);
      const [bulk, single] = [await comparable(d.id), await comparable(normal.id)];
      expect(bulk, key).toEqual(single);
      expect(d.gross.equals(normal.gross)).toBe(true);
    }
    expect(seen.size).toBe(12);

    // VAT decisions made as issueDocument makes them.
    const reasons = async (customerId: string) =>
      (
        await lines(
          result.documents.find((d) => d.customerId === customerId && d.kind === "invoice")!.id,
        )
      ).map((l) => `${l.vat_category} ${l.vat_rate_bp} ${l.vat_country} ${l.vat_reason}`);
    expect(await reasons(deCo.customerId)).toEqual(Array(3).fill("AE 0 DE eu_b2b_reverse_charge"));
    expect(await reasons(atPerson.customerId)).toEqual(Array(2).fill("S 2000 AT eu_b2c_oss"));
    expect(await reasons(huPerson.customerId)).toEqual(Array(3).fill("S 2700 HU domestic"));
    expect(await reasons(usCo.customerId)).toEqual(Array(3).fill("O 0 US non_eu_out_of_scope"));
    expect(
      (await doc(invoices.find((d) => d.customerId === huEur.customerId)!.id)).exchange_rate,
    ).toBe("395.500000");

    const report = await verifyLedger(rt.db);
    expect(report.problems).toEqual([]);
  });

  it("applies credit held on the account to the new invoices, as issueDocument does", async () => {
    const twins = [await makeCustomer(rt), await makeCustomer(rt)];
    // Each pays 5,000 for a proforma of 1,270: 3,730 stays as credit on the account.
    for (const c of twins) {
      await rt.db.transaction().execute(async (tx) => {
        const p = await issueDocument(
          tx,
          rt,
          {
            kind: "proforma",
            customerId: c.customerId,
            currency: "HUF",
            lines: [
              {
                description: "Start",
                quantity: "1",
                unit: "month",
                unitPrice: Money.parse("1000", "HUF"),
              },
            ],
          },
          actor,
        );
        await settleProforma(
          tx,
          rt,
          p.id,
          {
            paymentId: null,
            amount: Money.parse("5000", "HUF"),
            method: "transfer",
            paidOn: "2026-11-23",
          },
          actor,
        );
      });
    }
    const req = (customerId: string): BulkInvoiceRequest => ({
      kind: "invoice",
      customerId,
      currency: "HUF",
      lines: [
        {
          description: "Renewal",
          quantity: "1",
          unit: "month",
          unitPrice: Money.parse("2000", "HUF"),
        },
      ],
    });
    const bulk = await issueInvoicesInBulk(
      rt,
      [req(twins[0]!.customerId), req(twins[0]!.customerId)],
      actor,
    );
    const single = [
      await issueOne(req(twins[1]!.customerId)),
      await issueOne(req(twins[1]!.customerId)),
    ];
    for (let k = 0; k < 2; k++) {
      expect(await comparable(bulk.documents[k]!.id)).toMatchObject({
        doc: {
          paid_amount: (await doc(single[k]!.id)).paid_amount,
          status: (await doc(single[k]!.id)).status,
        },
        mails: (await comparable(single[k]!.id)).mails,
      });
    }
    expect((await doc(bulk.documents[0]!.id)).status).toBe("paid");
    expect((await doc(bulk.documents[1]!.id)).paid_amount).toBe(119_000n); // 3,730.00 − 2,540.00 HUF, in fillér;
    const balances = await rt.db
      .selectFrom("customer_balances")
      .select(["customer_id", "receivable", "credit"])
      .where(
        "customer_id",
        "in",
        twins.map((t) => t.customerId),
      )
      .orderBy("customer_id")
      .execute();
    expect(balances.map(({ receivable, credit }) => ({ receivable, credit }))).toEqual([
      { receivable: 135_000n, credit: 0n },
      { receivable: 135_000n, credit: 0n },
    ]);
    expect((await verifyLedger(rt.db)).problems).toEqual([]);
  });

  it("writes nothing at all when one request is bad, whatever the chunk size", async () => {
    const c = await makeCustomer(rt);
    const fi = await makeCustomer(rt, {
      country: "FI",
      currency: "EUR",
      euVatNumber: "FI20774740",
    });
    const good = (): BulkInvoiceRequest => ({
      kind: "invoice",
      customerId: c.customerId,
      currency: "HUF",
      lines: threeLines("HUF"),
    });
    const before = await footprint();
    const cases: [BulkInvoiceRequest, string, string][] = [
      [
        { ...good(), lines: [{ ...threeLines("HUF")[0]!, quantity: "0" }] },
        "billing.invalid_quantity",
        "requests.37.lines.0.quantity",
      ],
      [{ ...good(), customerId: "cus_missing" }, "not_found", "requests.37"],
      [{ ...good(), currency: "USD" }, "billing.unsupported_currency", "requests.37.currency"],
      [{ ...good(), dueDate: "2026-01-01" }, "billing.invalid_due_date", "requests.37.dueDate"],
      [
        { ...good(), customerId: fi.customerId, currency: "EUR", lines: threeLines("EUR") },
        "billing.vat_number_unverified",
        "requests.37",
      ],
      [{ ...good(), fulfilmentDate: "2020-01-01" }, "billing.vat_rate_missing", "requests.37"],
    ];
    for (const [bad, code, path] of cases) {
      const requests = Array.from({ length: 60 }, (_, i) => (i === 37 ? bad : good()));
      const error = await issueInvoicesInBulk(rt, requests, actor, { chunkSize: 10 }).catch(
        (e: unknown) => e,
      );
      expect(error, code).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code, errors: [expect.objectContaining({ path })] });
      expect(await footprint()).toEqual(before);
    }
  });

  it("commits whole chunks: a failing chunk leaves the earlier ones complete and no gap", async () => {
    const c = await makeCustomer(rt);
    const start = await counter("KAPU");
    const before = await footprint();
    const requests: BulkInvoiceRequest[] = Array.from({ length: 12 }, (_, i) => ({
      kind: "invoice",
      customerId: c.customerId,
      currency: "HUF",
      // A line naming a service that does not exist fails only at the database (foreign key).
      lines: threeLines("HUF").map((l) => (i === 7 ? { ...l, serviceId: "svc_missing" } : l)),
    }));
    const error = await issueInvoicesInBulk(rt, requests, actor, {
      chunkSize: 5,
      batchSize: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkIssueError);
    const issued = (error as BulkIssueError).issued;
    expect(issued.map((d) => d.index)).toEqual([0, 1, 2, 3, 4]);
    expect(issued.map((d) => seq(d.number))).toEqual([1, 2, 3, 4, 5].map((k) => start + k));
    expect(await counter("KAPU")).toBe(start + 5);
    const after = await footprint();
    expect(Number(after!.documents) - Number(before!.documents)).toBe(5);
    expect(Number(after!.lines) - Number(before!.lines)).toBe(15);
    expect(Number(after!.mails) - Number(before!.mails)).toBe(5);
    const next = await issueOne({ ...requests[0]!, customerId: c.customerId });
    expect(seq(next.number)).toBe(start + 6);

    // Failing in the first chunk (its third batch, two already sent): nothing at all is written.
    const unchanged = await footprint();
    const first = await issueInvoicesInBulk(
      rt,
      requests.map((r, i) => (i === 7 ? requests[7]! : { ...r, lines: threeLines("HUF") })),
      actor,
      { chunkSize: 10, batchSize: 3 },
    ).catch((e: unknown) => e);
    expect(first).not.toBeInstanceOf(BulkIssueError);
    expect(String(first)).toMatch(/foreign key/);
    expect(await footprint()).toEqual(unchanged);
    expect((await verifyLedger(rt.db)).problems).toEqual([]);
  });

  it("queues no e-mail with notify: false, nor for a silent request", async () => {
    const c = await makeCustomer(rt);
    const before = await footprint();
    const req: BulkInvoiceRequest = {
      kind: "invoice",
      customerId: c.customerId,
      currency: "HUF",
      lines: threeLines("HUF"),
    };
    await issueInvoicesInBulk(rt, [req, req], actor, { notify: false });
    await issueInvoicesInBulk(rt, [{ ...req, silent: true }, req], actor);
    const after = await footprint();
    expect(Number(after!.documents) - Number(before!.documents)).toBe(4);
    expect(Number(after!.mails) - Number(before!.mails)).toBe(1);
    expect(Number(after!.jobs) - Number(before!.jobs)).toBe(1);
  });

  it("keeps numbers gapless and unique while single invoices are issued during a bulk run", async () => {
    const c = await makeCustomer(rt);
    const settings = await getInvoicingSettings(rt.db);
    const requests: BulkInvoiceRequest[] = Array.from({ length: 300 }, () => ({
      kind: "invoice",
      customerId: c.customerId,
      currency: "HUF",
      lines: threeLines("HUF"),
    }));
    const single = () =>
      issueOne({
        kind: "invoice",
        customerId: c.customerId,
        currency: "HUF",
        lines: threeLines("HUF"),
      });
    let bulk: BulkIssueResult | undefined;
    const singles: Promise<{ number: string }>[] = [];
    const run = issueInvoicesInBulk(rt, requests, actor, {
      chunkSize: 30,
      batchSize: 7,
      onChunk: () => {
        for (let k = 0; k < 2; k++) singles.push(single());
      },
    }).then((r) => (bulk = r));
    for (let k = 0; k < 5; k++) singles.push(single());
    await run;
    const others = await Promise.all(singles);
    expect(bulk!.documents).toHaveLength(300);
    expect(others.length).toBe(25);
    const numbers = await rt.db
      .selectFrom("documents")
      .select("number")
      .where("series", "=", settings.series.invoice)
      .where(sql<boolean>`extract(year from issue_date) = 2026`)
      .execute();
    const seqs = numbers.map((n) => seq(n.number)).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, k) => k + 1));
    expect(seqs.at(-1)).toBe(await counter(settings.series.invoice));
    // The single invoices took numbers between the chunks; each chunk's numbers are consecutive.
    const bulkSeqs = bulk!.documents.map((d) => seq(d.number));
    expect(others.some((o) => seq(o.number) < Math.max(...bulkSeqs))).toBe(true);
    for (let k = 0; k < 300; k += 30) {
      const part = bulkSeqs.slice(k, k + 30);
      expect(part).toEqual(part.map((_, j) => part[0]! + j));
    }
    expect((await verifyLedger(rt.db)).problems).toEqual([]);
  }, 120_000);
});
