import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  ensureBilling,
  makeCustomer,
  makeInvoice,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { startSmtpServer, type TestSmtp } from "../../../test/smtp.ts";
import { smtpTransport } from "../../platform/mail/index.ts";

/** Finances and staff billing through HTTP: filters, downloads, bad input, someone else's ids. */
let rt: TestRuntime;
let app: FastifyInstance;
let smtp: TestSmtp;
let alice: Awaited<ReturnType<typeof makeCustomer>>;
let bob: Awaited<ReturnType<typeof makeCustomer>>;
let aliceS: Session;
let staffS: Session;
let aliceInvoice: string;
let aliceProforma: string;
let bobInvoice: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  rt = await createTestRuntime({ mailTransport: smtpTransport(smtp.url) });
  app = await createTestApp(rt);
  await ensureBilling(rt);
  alice = await makeCustomer(rt, { name: "Alice Kft." });
  bob = await makeCustomer(rt, {
    name: "Bob Oy",
    currency: "EUR",
    country: "FI",
    kind: "person",
    language: "en",
  });
  aliceInvoice = (await makeInvoice(rt, alice.customerId, { amount: "1000" })).id;
  aliceProforma = (
    await makeInvoice(rt, alice.customerId, {
      kind: "proforma",
      status: "open",
      dueDate: "2026-11-20",
    })
  ).id;
  bobInvoice = (await makeInvoice(rt, bob.customerId, { currency: "EUR", amount: "3.90" })).id;
  await makeStaff(rt, { email: "billing-staff@example.test" });
  aliceS = await loginAs(app, alice.email, PASSWORD);
  staffS = await loginAs(app, "billing-staff@example.test", PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
  await smtp.close();
});

const get = (url: string, s: Session) =>
  app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
const send = (method: "POST" | "PUT", url: string, s: Session, payload: unknown) =>
  app.inject({
    method,
    url,
    payload: payload as object,
    headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
  });

describe("Finances (customer)", () => {
  it("filters my documents by kind and status", async () => {
    const all = (await get("/api/me/invoices", aliceS)).json<{
      items: { kind: string; status: string }[];
    }>();
    expect(all.items.map((i) => i.kind).sort()).toEqual(["invoice", "proforma", "proforma"]);
    const invoices = (await get("/api/me/invoices?kind=invoice", aliceS)).json<{
      items: { id: string }[];
    }>();
    expect(invoices.items.map((i) => i.id)).toEqual([aliceInvoice]);
    const overdue = (await get("/api/me/invoices?status=overdue", aliceS)).json<{
      items: { id: string }[];
    }>();
    expect(overdue.items.map((i) => i.id)).toEqual([aliceProforma]);
    const paged = (await get("/api/me/invoices?limit=1", aliceS)).json<{
      items: unknown[];
      nextAfter: string;
    }>();
    expect(paged.items).toHaveLength(1);
    const rest = (await get(`/api/me/invoices?limit=5&after=${paged.nextAfter}`, aliceS)).json<{
      items: unknown[];
    }>();
    expect(rest.items).toHaveLength(2);
    expect((await get("/api/me/invoices?status=lost", aliceS)).statusCode).toBe(400);
    expect((await get("/api/me/invoices?after=garbage", aliceS)).statusCode).toBe(400);
  });

  it("shows a proforma with the bank account and payment reference to quote", async () => {
    const res = await get(`/api/me/invoices/${aliceProforma}`, aliceS);
    expect(res.statusCode).toBe(200);
    // A paid proforma has nothing left to pay; this one is open.
    const paidProforma = (await get("/api/me/invoices?kind=proforma&status=paid", aliceS)).json<{
      items: { due: { amount: string } }[];
    }>();
    expect(paidProforma.items.map((i) => i.due.amount)).toEqual(["0.00"]);
    expect(res.json()).toMatchObject({
      kind: "proforma",
      status: "overdue",
      paymentReference: expect.stringMatching(/^RF\d{2}DBK2026\d{6}$/),
      bankAccount: { iban: "HU42117730161111101800000000" },
      breakdown: [{ vatRate: "27%", taxable: { amount: "1490.00" }, vat: { amount: "402.30" } }],
    });
  });

  it("downloads my PDF, and answers 404 for someone else's", async () => {
    const res = await get(`/api/me/invoices/${aliceInvoice}/pdf`, aliceS);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(
      /attachment; filename="KAPU-2026-\d{6}\.pdf"/,
    );
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    // The kept rendering is served again, byte for byte.
    const again = await get(`/api/me/invoices/${aliceInvoice}/pdf`, aliceS);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    const other = await get(`/api/me/invoices/${bobInvoice}/pdf`, aliceS);
    expect(other.statusCode).toBe(404);
    expect(other.headers["content-type"]).toContain("application/problem+json");
  });

  it("shows the balance and a statement, also as PDF", async () => {
    const balance = (await get("/api/me/balance", aliceS)).json<{ items: unknown[] }>();
    expect(balance.items).toEqual([
      {
        currency: "HUF",
        receivable: { amount: "0.00", currency: "HUF" },
        credit: { amount: "0.00", currency: "HUF" },
        balance: { amount: "0.00", currency: "HUF" },
      },
    ]);
    const st = await get("/api/me/statement?from=2026-11-01&to=2026-11-30", aliceS);
    expect(st.statusCode).toBe(200);
    expect(st.json()).toMatchObject({
      currency: "HUF",
      openingBalance: { amount: "0.00" },
      closingBalance: { amount: "0.00" },
      rows: [
        {
          kind: "invoice",
          description: "Számla",
          documentId: aliceInvoice,
          debit: { amount: "1270.00" },
        },
        {
          kind: "payment",
          description: "Befizetés",
          credit: { amount: "1270.00" },
          balance: { amount: "0.00" },
        },
      ],
    });
    const pdf = await get("/api/me/statement/pdf?from=2026-11-01&to=2026-11-30", aliceS);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await get("/api/me/statement?from=2026-12-01&to=2026-11-01", aliceS)).statusCode).toBe(
      400,
    );
  });

  it("is closed to staff (no customer account) and to customers on staff routes", async () => {
    expect((await get("/api/me/balance", staffS)).statusCode).toBe(403);
    expect((await get("/api/staff/documents", aliceS)).statusCode).toBe(403);
  });
});

describe("documents (staff)", () => {
  const manual = (over: Record<string, unknown> = {}) => ({
    kind: "invoice",
    customerId: alice.customerId,
    currency: "HUF",
    lines: [
      {
        description: "Egyedi fejlesztés",
        quantity: "3",
        unit: "hour",
        unitPrice: "15000",
        supply: "general",
      },
    ],
    ...over,
  });

  it("issues a manual invoice and finds it by number", async () => {
    const res = await send("POST", "/api/staff/documents", staffS, manual());
    expect(res.statusCode).toBe(201);
    const { id, number } = res.json<{ id: string; number: string }>();
    const list = (await get(`/api/staff/documents?q=${number}`, staffS)).json<{
      items: { id: string; customer: { name: string } }[];
    }>();
    expect(list.items).toEqual([
      expect.objectContaining({ id, customer: expect.objectContaining({ name: "Alice Kft." }) }),
    ]);
    const detail = (await get(`/api/staff/documents/${id}`, staffS)).json();
    expect(detail.document).toMatchObject({
      netTotal: { amount: "45000.00" },
      vatTotal: { amount: "12150.00" },
      status: "open",
    });
  });

  it("rejects malformed, negative, unknown and oversized input with problem+json and writes nothing", async () => {
    const before = (await get("/api/staff/documents?limit=200", staffS)).json<{
      items: unknown[];
    }>().items.length;
    const bad: [unknown, number, string][] = [
      [
        manual({ lines: [{ description: "x", quantity: "-1", unit: "piece", unitPrice: "10" }] }),
        400,
        "validation_failed",
      ],
      [manual({ currency: "USD" }), 400, "validation_failed"],
      [
        manual({ lines: [{ description: "x", quantity: "1", unit: "crate", unitPrice: "10" }] }),
        400,
        "validation_failed",
      ],
      [manual({ lines: [] }), 400, "validation_failed"],
      [
        manual({
          customerId: bob.customerId,
          currency: "HUF",
          lines: [
            { description: "x", quantity: "1", unit: "piece", unitPrice: "1", discount: "2" },
          ],
        }),
        400,
        "billing.invalid_discount",
      ],
      [manual({ customerId: "cus_00000000000000000000000000" }), 404, "not_found"],
      [
        manual({
          lines: Array.from({ length: 501 }, () => ({
            description: "x",
            quantity: "1",
            unit: "piece",
            unitPrice: "1",
          })),
        }),
        400,
        "validation_failed",
      ],
    ];
    for (const [payload, status, code] of bad) {
      const res = await send("POST", "/api/staff/documents", staffS, payload);
      expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe(code);
    }
    const after = (await get("/api/staff/documents?limit=200", staffS)).json<{ items: unknown[] }>()
      .items.length;
    expect(after).toBe(before);
  });

  it("exports UBL, NAV and PDF; a proforma has no e-invoice form", async () => {
    const ubl = await get(`/api/staff/documents/${aliceInvoice}/export?format=ubl`, staffS);
    expect(ubl.statusCode).toBe(200);
    expect(ubl.headers["content-type"]).toContain("application/xml");
    expect(ubl.body).toContain("urn:cen.eu:en16931:2017");
    const nav = await get(`/api/staff/documents/${aliceInvoice}/export?format=nav`, staffS);
    expect(nav.body).toContain("<InvoiceData");
    const pdf = await get(`/api/staff/documents/${aliceInvoice}/export?format=pdf`, staffS);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const proforma = await get(`/api/staff/documents/${aliceProforma}/export?format=ubl`, staffS);
    expect(proforma.statusCode).toBe(409);
    expect(proforma.json().code).toBe("billing.not_an_invoice");
    expect(
      (await get(`/api/staff/documents/${aliceInvoice}/export?format=doc`, staffS)).statusCode,
    ).toBe(400);
  });

  it("credits an invoice: a too large credit is refused, a storno with the fee goes through", async () => {
    const tooMuch = await send(
      "POST",
      `/api/staff/documents/${aliceInvoice}/credit-notes`,
      staffS,
      {
        mode: "partial",
        lines: [{ position: 1, quantity: "2" }],
        reason: "x",
      },
    );
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe("billing.credit_exceeds_invoice");
    const noReason = await send(
      "POST",
      `/api/staff/documents/${aliceInvoice}/credit-notes`,
      staffS,
      { mode: "storno", reason: " " },
    );
    expect(noReason.statusCode).toBe(400);
    const ok = await send("POST", `/api/staff/documents/${aliceInvoice}/credit-notes`, staffS, {
      mode: "storno",
      reason: "ordered by mistake",
      adminFee: true,
    });
    expect(ok.statusCode).toBe(201);
    const body = ok.json<{ id: string; number: string; feeInvoice: { id: string } }>();
    const detail = (await get(`/api/staff/documents/${aliceInvoice}`, staffS)).json();
    expect(detail.relations.creditable).toEqual([{ position: 1, quantity: "0" }]);
    expect(detail.relations.corrections).toEqual([
      expect.objectContaining({ id: body.id, total: { amount: "-1270.00", currency: "HUF" } }),
    ]);
    const cn = (await get(`/api/staff/documents/${body.id}`, staffS)).json();
    expect(cn.document).toMatchObject({
      kind: "credit_note",
      correctionType: "storno",
      corrects: { id: aliceInvoice },
    });
    const ubl = await get(`/api/staff/documents/${body.id}/export?format=ubl`, staffS);
    expect(ubl.body).toContain("<CreditNote");
    const ledger = (await get(`/api/staff/customers/${alice.customerId}/ledger`, staffS)).json();
    expect(ledger.transactions.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(["invoice", "payment", "credit_note", "credit_applied"]),
    );
    const verify = (await get("/api/staff/ledger/verify", staffS)).json();
    expect(verify).toMatchObject({ ok: true, problems: [] });
  });

  it("supersedes an open proforma with a new number and reference", async () => {
    const p = await makeInvoice(rt, alice.customerId, { kind: "proforma", status: "open" });
    const res = await send("POST", `/api/staff/documents/${p.id}/supersede`, staffS, {
      currency: "HUF",
      lines: [
        { description: "Start tárhely, javított", quantity: "1", unit: "month", unitPrice: "990" },
      ],
    });
    expect(res.statusCode).toBe(201);
    const next = res.json<{ id: string; number: string }>();
    expect(next.number).not.toBe(p.number);
    const old = (await get(`/api/staff/documents/${p.id}`, staffS)).json();
    expect(old.document.status).toBe("cancelled");
    expect(old.relations.supersededBy).toEqual(next);
    const twice = await send("POST", `/api/staff/documents/${p.id}/supersede`, staffS, {
      currency: "HUF",
      lines: [{ description: "x", quantity: "1", unit: "month", unitPrice: "1" }],
    });
    expect(twice.statusCode).toBe(409);
  });

  it("cancels an open proforma once", async () => {
    const res = await send("POST", `/api/staff/documents/${aliceProforma}/cancel`, staffS, {
      reason: "customer left",
    });
    expect(res.statusCode).toBe(204);
    const again = await send("POST", `/api/staff/documents/${aliceProforma}/cancel`, staffS, {
      reason: "again",
    });
    expect(again.statusCode).toBe(409);
    const invoice = await send("POST", `/api/staff/documents/${bobInvoice}/cancel`, staffS, {
      reason: "x",
    });
    expect(invoice.statusCode).toBe(404);
  });

  it("keeps VAT rates, exchange rates and settings, validated", async () => {
    const rates = (await get("/api/staff/vat-rates?country=SI", staffS)).json();
    expect(rates.items).toEqual([
      expect.objectContaining({ country: "SI", rate: "22%", validTo: null }),
    ]);
    const fi = (await get("/api/staff/vat-rates?country=FI", staffS)).json();
    expect(fi.items.map((r: { rate: string }) => r.rate)).toEqual(["24%", "25.5%"]);
    expect(
      (
        await send("POST", "/api/staff/vat-rates", staffS, {
          country: "SI",
          rateBp: 2300,
          validFrom: "2020-01-01",
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await send("POST", "/api/staff/vat-rates", staffS, {
          country: "SI",
          rateBp: 20000,
          validFrom: "2027-01-01",
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await send("POST", "/api/staff/vat-rates", staffS, {
          country: "SI",
          rateBp: 2300,
          validFrom: "2027-01-01",
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await send("PUT", "/api/staff/exchange-rates", staffS, {
          currency: "EUR",
          date: "2026-11-23",
          rate: "0",
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await send("PUT", "/api/staff/exchange-rates", staffS, {
          currency: "EUR",
          date: "2026-11-23",
          rate: "391.25",
        })
      ).statusCode,
    ).toBe(204);
    const settings = (await get("/api/staff/settings/invoicing", staffS)).json();
    expect(settings.settings).toMatchObject({
      timing: "after_payment",
      numberFormat: "{series}-{year}-{seq:6}",
      adminFee: { amount: "4000", currency: "HUF" },
    });
    const badFormat = await send("PUT", "/api/staff/settings/invoicing", staffS, {
      settings: { ...settings.settings, numberFormat: "{series}-{seq}" },
    });
    expect(badFormat.statusCode).toBe(400);
    expect(
      (
        await send("PUT", "/api/staff/settings/invoicing", staffS, {
          seller: { ...settings.seller, taxNumber: "123" },
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe("e-mail", () => {
  it("sends the invoice to the customer with its PDF attached", async () => {
    await rt.jobs.work();
    const mail = await smtp.waitFor(
      (m) => JSON.stringify(m.to).includes(alice.email) && m.subject?.includes("számla") === true,
      30_000,
    );
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf?.filename).toMatch(/^KAPU-2026-\d{6}\.pdf$/);
    expect(pdf?.content.subarray(0, 5).toString()).toBe("%PDF-");
  }, 40_000);
});
