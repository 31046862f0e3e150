import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  ensureBilling,
  makeCustomer,
  makeInvoice,
  makeService,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { Money } from "../../platform/money/index.ts";
import { issueDocument, verifyLedger } from "../billing/index.ts";
import { renewServicesOfPaidInvoice } from "../subscriptions/index.ts";
import { SimulatorGateway, useGateway } from "./index.ts";
import { pollCheckouts } from "./use-cases/card.ts";

/**
 * Card payments end to end through HTTP with the simulator gateway: checkout, the hosted page,
 * notifications (duplicate, concurrent, out of order, forged, lost), the customer's return,
 * refunds, and the money checks after each.
 */
let rt: TestRuntime;
let app: FastifyInstance;
let sim: SimulatorGateway;
let anna: Awaited<ReturnType<typeof makeCustomer>>;
let bela: Awaited<ReturnType<typeof makeCustomer>>;
let annaS: Session;
let belaS: Session;
let staffS: Session;
const actor = { type: "system", name: "test" } as const;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  sim = new SimulatorGateway({
    secret: rt.config.gateways.simulator!.secret,
    baseUrl: rt.config.baseUrl,
    now: () => rt.clock.now(),
    // Notifications the simulator posts go to the app in-process.
    post: async (url, body, headers) => {
      const res = await app.inject({
        method: "POST",
        url: new URL(url).pathname,
        payload: body,
        headers,
      });
      return res.statusCode;
    },
  });
  useGateway(rt.config, sim);
  await ensureBilling(rt);
  anna = await makeCustomer(rt, { name: "Anna Kft.", taxNumber: "12345676-2-41" });
  bela = await makeCustomer(rt, { name: "Béla", kind: "person" });
  await makeStaff(rt, { email: "cashier@example.test" });
  annaS = await loginAs(app, anna.email, PASSWORD);
  belaS = await loginAs(app, bela.email, PASSWORD);
  staffS = await loginAs(app, "cashier@example.test", PASSWORD);
});
afterAll(async () => {
  await sim.settled();
  await app.close();
  await rt.close();
});

const get = (url: string, s: Session) =>
  app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
const post = (url: string, s: Session, payload: unknown) =>
  app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
  });
const notify = (n: { body: string; headers: Record<string, string> }) =>
  app.inject({
    method: "POST",
    url: "/api/payments/notify/simulator",
    payload: n.body,
    headers: n.headers,
  });

async function proformaFor(customerId: string, o: { serviceId?: string; amount?: string } = {}) {
  return rt.db.transaction().execute((tx) =>
    issueDocument(
      tx,
      rt,
      {
        kind: "proforma",
        customerId,
        currency: "HUF",
        dueDate: "2026-12-01",
        lines: [
          {
            description: "Start hosting, annual",
            quantity: "1",
            unit: "year",
            unitPrice: Money.parse(o.amount ?? "10000.00", "HUF"),
            serviceId: o.serviceId ?? null,
            periodFrom: o.serviceId ? "2026-12-01" : null,
            periodTo: o.serviceId ? "2027-11-30" : null,
          },
        ],
      },
      actor,
    ),
  );
}

async function checkout(s: Session, documentIds: string[]) {
  const res = await post("/api/me/checkouts", s, { documentIds });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<{ checkoutId: string; redirectUrl: string }>();
  const ref = body.redirectUrl.split("/").at(-1)!;
  return { ...body, ref };
}

async function count(table: "payments" | "documents" | "gateway_notifications", where = sql`true`) {
  const r = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(rt.db);
  return Number(r.rows[0]!.n);
}

async function expectLedgerClean() {
  const report = await verifyLedger(rt.db);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

describe("card checkout", () => {
  it("50 concurrent duplicate notifications record one payment and one invoice, and renew the service", async () => {
    const serviceId = await makeService(rt, anna.customerId, {
      nextDueDate: "2026-12-01",
      cycle: "annual",
    });
    const proforma = await proformaFor(anna.customerId, { serviceId });
    const c = await checkout(annaS, [proforma.id]);
    expect(c.redirectUrl).toBe(`http://kapu.test/api/simulator/pay/${c.ref}`);

    // The hosted page shows the amount; the customer approves, the notification is "lost".
    const page = await app.inject({ method: "GET", url: `/api/simulator/pay/${c.ref}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toMatch(/12\s?700/);
    sim.complete(c.ref, "approve", { skip: true });
    const n = sim.notification(c.ref);

    const responses = await Promise.all(Array.from({ length: 50 }, () => notify(n)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const outcomes = responses.map((r) => r.json<{ outcome: string }>().outcome).sort();
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(49);

    expect(await count("payments", sql`customer_id = ${anna.customerId}`)).toBe(1);
    expect(await count("documents", sql`proforma_id = ${proforma.id}`)).toBe(1);
    expect(await count("gateway_notifications", sql`gateway_ref = ${c.ref}`)).toBe(50);
    const result = (await get(`/api/me/checkouts/${c.checkoutId}`, annaS)).json<{
      status: string;
      invoices: { kind: string; amount: { amount: string } }[];
    }>();
    expect(result.status).toBe("succeeded");
    expect(result.invoices).toEqual([
      expect.objectContaining({ kind: "invoice", amount: { amount: "12700.00", currency: "HUF" } }),
    ]);
    await expectLedgerClean();

    // The renewal job was enqueued in the payment's transaction; run what it runs.
    const jobs = await rt.jobs.list(rt.db, { limit: 50 });
    expect(jobs.some((j) => j.name === "billing.invoice-paid")).toBe(true);
    const finalId = (
      await rt.db
        .selectFrom("documents")
        .select("id")
        .where("proforma_id", "=", proforma.id)
        .executeTakeFirstOrThrow()
    ).id;
    expect(await renewServicesOfPaidInvoice(rt, finalId)).toEqual([
      { serviceId, change: "renewed" },
    ]);
    expect(await renewServicesOfPaidInvoice(rt, finalId)).toEqual([]);
    const svc = await rt.db
      .selectFrom("services")
      .select("next_due_date")
      .where("id", "=", serviceId)
      .executeTakeFirstOrThrow();
    expect(svc.next_due_date).toBe("2027-12-01");
  });

  it("pays several documents at once", async () => {
    const a = await makeInvoice(rt, bela.customerId, { status: "open", amount: "1000" });
    const b = await makeInvoice(rt, bela.customerId, { status: "open", amount: "2000" });
    const c = await checkout(belaS, [a.id, b.id]);
    await sim.settled();
    sim.complete(c.ref, "approve");
    await sim.settled();
    const docs = await rt.db
      .selectFrom("documents")
      .select(["id", "status"])
      .where("id", "in", [a.id, b.id])
      .execute();
    expect(docs.map((d) => d.status)).toEqual(["paid", "paid"]);
    const payments = (await get("/api/me/payments", belaS)).json<{
      items: { amount: { amount: string }; allocations: { number: string }[] }[];
    }>();
    expect(payments.items[0]!.amount.amount).toBe("3810.00");
    const receipt = await rt.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body"])
      .where("customer_id", "=", bela.customerId)
      .where("type", "=", "payments.received")
      .executeTakeFirstOrThrow();
    expect(receipt.subject.replace(/\s/g, " ")).toBe("Befizetését megkaptuk: 3810,00 Ft");
    expect(receipt.text_body).toContain(a.number);
    expect(payments.items[0]!.allocations.map((x) => x.number).sort()).toEqual(
      [a.number, b.number].sort(),
    );
    await expectLedgerClean();
  });

  it("a proforma paid twice ends with credit, not a second invoice", async () => {
    const proforma = await proformaFor(anna.customerId, { amount: "500" });
    const first = await checkout(annaS, [proforma.id]);
    const second = await checkout(annaS, [proforma.id]);
    sim.complete(first.ref, "approve");
    sim.complete(second.ref, "approve");
    await sim.settled();
    expect(await count("documents", sql`proforma_id = ${proforma.id}`)).toBe(1);
    const payments = await rt.db
      .selectFrom("payments")
      .select(["flag", "amount"])
      .where("reference", "in", [first.checkoutId, second.checkoutId])
      .orderBy("created_at")
      .execute();
    expect(payments.map((p) => p.flag)).toEqual([null, "document_not_open"]);
    const balance = (await get("/api/me/balance", annaS)).json<{
      items: { credit: { amount: string } }[];
    }>();
    expect(balance.items[0]!.credit.amount).toBe("635.00");
    await expectLedgerClean();
  });

  it("a declined payment changes nothing; a stale pending event is out of order; a late success is still recorded, flagged", async () => {
    const proforma = await proformaFor(bela.customerId, { amount: "700" });
    const c = await checkout(belaS, [proforma.id]);
    const pendingEarlier = sim.notification(c.ref);
    sim.complete(c.ref, "decline");
    await sim.settled();
    const declined = (await get(`/api/me/checkouts/${c.checkoutId}`, belaS)).json<{
      status: string;
      failure: string;
    }>();
    expect(declined).toMatchObject({
      status: "failed",
      failure: expect.stringContaining("declined"),
    });
    expect((await notify(pendingEarlier)).json()).toEqual({
      received: true,
      outcome: "out_of_order",
    });
    expect(await count("payments", sql`reference = ${c.checkoutId}`)).toBe(0);

    // The bank took the money after all (a late capture): never dropped, flagged for staff.
    const late = { ...sim.notification(c.ref) };
    const body = JSON.parse(late.body) as { data: { status: string; transaction: string } };
    body.data.status = "succeeded";
    body.data.transaction = "simtx_late";
    const forged = JSON.stringify(body);
    const { signSimulatorPayload } = await import("./gateways/index.ts");
    const t = Math.floor(rt.clock.now().getTime() / 1000);
    const res = await notify({
      body: forged,
      headers: {
        "content-type": "application/json",
        "x-simulator-signature": signSimulatorPayload(
          rt.config.gateways.simulator!.secret,
          forged,
          t,
        ),
      },
    });
    expect(res.json()).toEqual({ received: true, outcome: "applied" });
    const p = await rt.db
      .selectFrom("payments")
      .select(["flag"])
      .where("reference", "=", c.checkoutId)
      .executeTakeFirstOrThrow();
    expect(p.flag).toBe("late_success_after_failed");
    await expectLedgerClean();
  });

  it("refuses a forged notification, logs it flagged, and changes nothing", async () => {
    const proforma = await proformaFor(bela.customerId, { amount: "300" });
    const c = await checkout(belaS, [proforma.id]);
    sim.complete(c.ref, "approve", { skip: true });
    const n = sim.notification(c.ref);
    const tampered = n.body.replace(/"amount":"\d+"/, '"amount":"1"');
    const res = await notify({ body: tampered, headers: n.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "payments.bad_signature" });
    const unsigned = await notify({
      body: n.body,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.statusCode).toBe(400);
    expect(await count("payments", sql`reference = ${c.checkoutId}`)).toBe(0);
    expect(
      await count("gateway_notifications", sql`flag = 'bad_signature'`),
    ).toBeGreaterThanOrEqual(2);
    const flagged = (await get("/api/staff/gateway-notifications?flagged=true", staffS)).json<{
      items: { outcome: string }[];
    }>();
    expect(flagged.items.some((i) => i.outcome === "bad_signature")).toBe(true);
  });

  it("records a notification for a payment Kapu does not know, flagged", async () => {
    const other = new SimulatorGateway({
      secret: rt.config.gateways.simulator!.secret,
      baseUrl: rt.config.baseUrl,
      now: () => rt.clock.now(),
    });
    const made = await other.createCheckout({
      checkoutId: "chk_unknown",
      amount: 100n,
      currency: "HUF",
      description: "?",
      customerEmail: null,
      language: "hu",
      returnUrl: "http://x",
      notifyUrl: "http://x",
    });
    other.complete(made.gatewayRef, "approve", { skip: true });
    const res = await notify(other.notification(made.gatewayRef));
    expect(res.json()).toEqual({ received: true, outcome: "unknown_checkout" });
    expect(
      await count(
        "gateway_notifications",
        sql`gateway_ref = ${made.gatewayRef} AND flag = 'unknown_checkout'`,
      ),
    ).toBe(1);
  });

  it("when the notification is lost, the customer's return asks the gateway", async () => {
    const proforma = await proformaFor(bela.customerId, { amount: "800" });
    const c = await checkout(belaS, [proforma.id]);
    sim.complete(c.ref, "approve", { skip: true });
    const result = (await get(`/api/me/checkouts/${c.checkoutId}`, belaS)).json<{
      status: string;
      invoices: unknown[];
    }>();
    expect(result.status).toBe("succeeded");
    expect(result.invoices).toHaveLength(1);
  });

  it("the poll job settles a checkout whose notification never came, and expires abandoned ones", async () => {
    const proforma = await proformaFor(bela.customerId, { amount: "900" });
    const paid = await checkout(belaS, [proforma.id]);
    sim.complete(paid.ref, "approve", { skip: true });
    const other = await proformaFor(bela.customerId, { amount: "950" });
    const abandoned = await checkout(belaS, [other.id]);
    rt.clock.advance({ hours: 3 });
    try {
      const r = await pollCheckouts(rt);
      expect(r.asked).toBeGreaterThanOrEqual(2);
      const rows = await rt.db
        .selectFrom("checkouts")
        .select(["id", "status"])
        .where("id", "in", [paid.checkoutId, abandoned.checkoutId])
        .execute();
      expect(Object.fromEntries(rows.map((x) => [x.id, x.status]))).toEqual({
        [paid.checkoutId]: "succeeded",
        [abandoned.checkoutId]: "expired",
      });
    } finally {
      rt.clock.advance({ hours: -3 });
    }
  });

  it("a gateway that is down gives 503 and changes nothing", async () => {
    const proforma = await proformaFor(bela.customerId, { amount: "600" });
    sim.down = true;
    try {
      const res = await post("/api/me/checkouts", belaS, { documentIds: [proforma.id] });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: "payments.gateway_unavailable" });
    } finally {
      sim.down = false;
    }
    const doc = await rt.db
      .selectFrom("documents")
      .select("status")
      .where("id", "=", proforma.id)
      .executeTakeFirstOrThrow();
    expect(doc.status).toBe("open");
  });

  it("bad requests: someone else's document, a paid one, mixed currencies, missing billing data, malformed", async () => {
    const annas = await proformaFor(anna.customerId, { amount: "100" });
    expect((await post("/api/me/checkouts", belaS, { documentIds: [annas.id] })).statusCode).toBe(
      404,
    );
    const paid = await makeInvoice(rt, bela.customerId, {});
    const res = await post("/api/me/checkouts", belaS, { documentIds: [paid.id] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "payments.document_not_payable" });
    expect((await post("/api/me/checkouts", belaS, { documentIds: [] })).statusCode).toBe(400);
    expect((await post("/api/me/checkouts", belaS, { documentIds: "x" })).statusCode).toBe(400);
    const eur = await makeInvoice(rt, bela.customerId, {
      status: "open",
      currency: "EUR",
      amount: "5",
    });
    const huf = await makeInvoice(rt, bela.customerId, { status: "open", amount: "5" });
    const mixed = await post("/api/me/checkouts", belaS, { documentIds: [eur.id, huf.id] });
    expect(mixed.json()).toMatchObject({ code: "payments.mixed_currencies" });
    const noTax = await makeCustomer(rt, { name: "Adószám Nélkül Kft." });
    const s = await loginAs(app, noTax.email, PASSWORD);
    const doc = await proformaFor(noTax.customerId, { amount: "100" });
    const incomplete = await post("/api/me/checkouts", s, { documentIds: [doc.id] });
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json()).toMatchObject({
      code: "payments.billing_data_incomplete",
      errors: [{ path: "taxNumber", message: "required" }],
    });
    const options = (await get("/api/me/payment-options", s)).json<{
      billingData: { complete: boolean; missing: string[] };
    }>();
    expect(options.billingData).toEqual({ complete: false, missing: ["taxNumber"] });
    expect((await get("/api/me/checkouts/chk_nonexistent", belaS)).statusCode).toBe(404);
  });

  it("someone else's checkout and payment are 404", async () => {
    const proforma = await proformaFor(anna.customerId, { amount: "100" });
    const c = await checkout(annaS, [proforma.id]);
    expect((await get(`/api/me/checkouts/${c.checkoutId}`, belaS)).statusCode).toBe(404);
    const annaPayment = await rt.db
      .selectFrom("payments")
      .select("id")
      .where("customer_id", "=", anna.customerId)
      .executeTakeFirstOrThrow();
    expect((await get(`/api/me/payments/${annaPayment.id}`, belaS)).statusCode).toBe(404);
    expect((await get(`/api/me/payments/${annaPayment.id}`, annaS)).statusCode).toBe(200);
  });
});

describe("refunds, manual payments, write-offs (staff)", () => {
  // A customer of its own: no other open invoice takes the credit a storno creates.
  let cili: Awaited<ReturnType<typeof makeCustomer>>;
  let ciliS: Session;
  beforeAll(async () => {
    cili = await makeCustomer(rt, { name: "Cili", kind: "person" });
    ciliS = await loginAs(app, cili.email, PASSWORD);
  });

  it("refunds a card payment to the card after a storno; a refund beyond the payment is refused", async () => {
    const proforma = await proformaFor(cili.customerId, { amount: "2000" });
    const c = await checkout(ciliS, [proforma.id]);
    sim.complete(c.ref, "approve");
    await sim.settled();
    const payment = await rt.db
      .selectFrom("payments")
      .selectAll()
      .where("reference", "=", c.checkoutId)
      .executeTakeFirstOrThrow();
    const invoice = await rt.db
      .selectFrom("documents")
      .select("id")
      .where("proforma_id", "=", proforma.id)
      .executeTakeFirstOrThrow();

    // Another open invoice must not eat the credit the storno creates for the refund.
    await makeInvoice(rt, cili.customerId, { status: "open", amount: "10" });
    const noCredit = await post(`/api/staff/payments/${payment.id}/refunds`, staffS, {
      amount: "2540.00",
      method: "card",
      reason: "service not supplied",
    });
    expect(noCredit.statusCode).toBe(409);
    expect(noCredit.json()).toMatchObject({ code: "billing.refund_exceeds_credit" });

    const res = await post(`/api/staff/payments/${payment.id}/refunds`, staffS, {
      amount: "2540.00",
      method: "card",
      reason: "service not supplied",
      stornoDocumentIds: [invoice.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ refund: { status: string }; creditNotes: { number: string }[] }>();
    expect(body.refund.status).toBe("succeeded");
    expect(body.creditNotes).toHaveLength(1);
    const again = await post(`/api/staff/payments/${payment.id}/refunds`, staffS, {
      amount: "1.00",
      method: "card",
      reason: "again",
    });
    expect(again.json()).toMatchObject({ code: "payments.refund_too_large" });
    const detail = (await get(`/api/staff/payments/${payment.id}`, staffS)).json<{
      refunded: { amount: string };
      refunds: unknown[];
    }>();
    expect(detail.refunded.amount).toBe("2540.00");
    expect(detail.refunds).toHaveLength(1);
    await expectLedgerClean();
  });

  it("a refund the gateway refuses puts the money back on credit", async () => {
    const proforma = await proformaFor(cili.customerId, { amount: "100" });
    const c = await checkout(ciliS, [proforma.id]);
    sim.complete(c.ref, "approve");
    await sim.settled();
    const payment = await rt.db
      .selectFrom("payments")
      .selectAll()
      .where("reference", "=", c.checkoutId)
      .executeTakeFirstOrThrow();
    const invoice = await rt.db
      .selectFrom("documents")
      .select("id")
      .where("proforma_id", "=", proforma.id)
      .executeTakeFirstOrThrow();
    sim.down = true;
    try {
      const res = await post(`/api/staff/payments/${payment.id}/refunds`, staffS, {
        amount: "127.00",
        method: "card",
        reason: "customer asked",
        stornoDocumentIds: [invoice.id],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ refund: { status: "failed" } });
    } finally {
      sim.down = false;
    }
    const after = await rt.db
      .selectFrom("payments")
      .select("refunded_amount")
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(after.refunded_amount).toBe(0n);
    await expectLedgerClean();
  });

  it("records a cash payment once per idempotency key, and writes off the rest of an invoice", async () => {
    const dezso = await makeCustomer(rt, { name: "Dezső", kind: "person" });
    const inv = await makeInvoice(rt, dezso.customerId, { status: "open", amount: "1000" });
    const input = {
      customerId: dezso.customerId,
      amount: "1000.00",
      currency: "HUF",
      method: "cash",
      receivedOn: "2026-11-23",
      documents: [{ id: inv.id }],
      idempotencyKey: "form-0001-abcdef",
    };
    const [a, b] = await Promise.all([
      post("/api/staff/payments", staffS, input),
      post("/api/staff/payments", staffS, input),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<{ paymentId: string }>().paymentId).toBe(
      b.json<{ paymentId: string }>().paymentId,
    );
    expect(
      [
        a.json<{ duplicate: boolean }>().duplicate,
        b.json<{ duplicate: boolean }>().duplicate,
      ].sort(),
    ).toEqual([false, true]);
    const w = await post(`/api/staff/documents/${inv.id}/write-off`, staffS, {
      reason: "customer went bankrupt",
    });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toEqual({ writtenOff: { amount: "270.00", currency: "HUF" } });
    const again = await post(`/api/staff/documents/${inv.id}/write-off`, staffS, {
      reason: "again please",
    });
    expect(again.json()).toMatchObject({ code: "billing.nothing_to_write_off" });
    await expectLedgerClean();
  });

  it("refuses bad manual payments: future date, zero, someone else's document, unknown customer", async () => {
    const base = {
      customerId: anna.customerId,
      amount: "10.00",
      currency: "HUF",
      method: "cash",
      receivedOn: "2026-11-23",
      idempotencyKey: "form-bad-0001",
    };
    expect(
      (await post("/api/staff/payments", staffS, { ...base, receivedOn: "2026-12-24" })).statusCode,
    ).toBe(400);
    expect((await post("/api/staff/payments", staffS, { ...base, amount: "0" })).statusCode).toBe(
      400,
    );
    const belas = await makeInvoice(rt, bela.customerId, { status: "open" });
    expect(
      (await post("/api/staff/payments", staffS, { ...base, documents: [{ id: belas.id }] }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post("/api/staff/payments", staffS, { ...base, customerId: "cus_nobody" })).statusCode,
    ).toBe(404);
    expect((await post("/api/staff/payments", annaS, base)).statusCode).toBe(403);
    expect(await count("payments", sql`external_id = 'form-bad-0001'`)).toBe(0);
  });
});
