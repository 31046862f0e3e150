import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { ensureBilling, makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { FakeRegistrar, registrarFor } from "../domains/index.ts";
import { receivePayment } from "../payments/index.ts";
import { renewServicesOfPaidInvoice, runBillingDay } from "../subscriptions/index.ts";

/** The catalog (staff) and ordering (customer) through HTTP, to the released, provisioned service. */
let rt: TestRuntime;
let app: FastifyInstance;
let staff: Session;
let customer: Session;
let customerId: string;
let noData: Session;
let startId: string;
let huId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  await ensureBilling(rt);
  const c = await makeCustomer(rt, { taxNumber: "12345676-2-41", language: "en" });
  customerId = c.customerId;
  const gap = await makeCustomer(rt, { taxNumber: null });
  await makeStaff(rt, { email: "catalog-staff@example.test" });
  staff = await loginAs(app, "catalog-staff@example.test", PASSWORD);
  customer = await loginAs(app, c.email, PASSWORD);
  noData = await loginAs(app, gap.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const send = (method: "POST" | "PUT", url: string, s: Session, payload: object, headers = {}) =>
  app.inject({
    method,
    url,
    payload,
    headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken, ...headers },
  });
const get = (url: string, s: Session) =>
  app.inject({ method: "GET", url, headers: { cookie: s.cookie } });

const startPlan = {
  code: "start",
  kind: "hosting",
  name: "Start",
  description: "A basic site and mailboxes",
  freeDomainTlds: ["hu"],
  provisioningModule: "demo_hosting",
  prices: [
    { cycle: "monthly", currency: "HUF", amount: "1490.00" },
    { cycle: "annual", currency: "HUF", amount: "14900.00", setupFee: "2000.00" },
    { cycle: "annual", currency: "EUR", amount: "39.00" },
  ],
};
const huDomain = {
  code: "domain-hu",
  kind: "domain",
  name: ".hu domain",
  tld: "hu",
  reminderDays: [60, 30, 14, 7, 1],
  provisioningModule: "manual",
  prices: [
    {
      cycle: "annual",
      currency: "HUF",
      amount: "4000.00",
      registerAmount: "3500.00",
      transferAmount: "0",
    },
  ],
};

describe("the catalog (B1)", () => {
  it("staff add products; bad ones are refused with a code", async () => {
    const s = await send("POST", "/api/staff/products", staff, startPlan);
    expect(s.statusCode).toBe(201);
    startId = s.json().id;
    expect(s.json()).toMatchObject({ code: "start", freeDomainTlds: ["hu"], active: true });
    const h = await send("POST", "/api/staff/products", staff, huDomain);
    expect(h.statusCode).toBe(201);
    huId = h.json().id;
    expect(h.json().prices[0]).toEqual({
      cycle: "annual",
      currency: "HUF",
      amount: "4000.00",
      setupFee: "0.00",
      registerAmount: "3500.00",
      transferAmount: "0.00",
    });

    const cases: [object, number, string][] = [
      [{ ...startPlan }, 409, "catalog.code_taken"],
      [{ ...huDomain, code: "domain-hu-2" }, 409, "catalog.tld_taken"],
      [{ ...startPlan, code: "start-2", tld: "hu" }, 400, "catalog.tld_only_for_domains"],
      [{ ...huDomain, code: "domain-x", tld: null }, 400, "catalog.tld_required"],
      [
        { ...startPlan, code: "start-3", provisioningModule: "cpanel-9000" },
        400,
        "catalog.unknown_module",
      ],
      [
        { ...startPlan, code: "start-4", prices: [startPlan.prices[0], startPlan.prices[0]] },
        400,
        "catalog.duplicate_price",
      ],
      [
        {
          ...startPlan,
          code: "start-5",
          prices: [{ cycle: "monthly", currency: "USD", amount: "1" }],
        },
        400,
        "validation_failed",
      ],
      [
        {
          ...startPlan,
          code: "start-6",
          prices: [{ cycle: "monthly", currency: "HUF", amount: "12,5" }],
        },
        400,
        "validation_failed",
      ],
      [{ ...startPlan, code: "Start Plan" }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const r = await send("POST", "/api/staff/products", staff, body);
      expect([r.statusCode, r.json().code]).toEqual([status, code]);
    }
  });

  it("customers see active products in their currency, and cannot edit", async () => {
    const r = await get("/api/catalog", customer);
    const start = r.json().items.find((p: { code: string }) => p.code === "start");
    expect(start.prices.map((p: { currency: string }) => p.currency)).toEqual(["HUF", "HUF"]);
    const edit = await send("POST", "/api/staff/products", customer, startPlan);
    expect(edit.statusCode).toBe(403);
    const anon = await app.inject({ method: "GET", url: "/api/catalog" });
    expect(anon.statusCode).toBe(401);
  });
});

describe("ordering (B2) to delivery (B3)", () => {
  const order = (s: Session, items: object[], headers = {}) =>
    send("POST", "/api/me/orders", s, { items }, headers);

  it("Start yearly with a free .hu: one proforma; paying releases both and starts provisioning", async () => {
    const r = await order(
      customer,
      [
        {
          productId: startId,
          cycle: "annual",
          domain: { name: "Kovács-Pék.hu", action: "existing" },
        },
        { productId: huId, cycle: "annual", domain: { name: "kovács-pék.hu", action: "register" } },
      ],
      { "idempotency-key": "order-key-0001" },
    );
    expect(r.statusCode).toBe(201);
    const placed = r.json();
    // 14,900 + 2,000 setup + 0 (free domain) = 16,900 HUF net, + 27 % = 21,463 HUF.
    expect(placed.total).toEqual({ amount: "21463.00", currency: "HUF" });
    expect(placed.services).toHaveLength(2);
    const lines = await rt.db
      .selectFrom("document_lines")
      .select(["description", "unit_price", "period_from", "period_to"])
      .where("document_id", "=", placed.documentId)
      .orderBy("position")
      .execute();
    expect(lines).toEqual([
      {
        description: "Start — kovács-pék.hu",
        unit_price: 1490000n,
        period_from: "2026-11-23",
        period_to: "2027-11-22",
      },
      { description: "Setup fee — Start", unit_price: 200000n, period_from: null, period_to: null },
      {
        description: ".hu domain — kovács-pék.hu (registration, included with the plan)",
        unit_price: 0n,
        period_from: "2026-11-23",
        period_to: "2027-11-22",
      },
    ]);

    // A double submit returns the same order.
    const again = await order(customer, [{ productId: startId, cycle: "annual" }], {
      "idempotency-key": "order-key-0001",
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(placed.id);

    const mine = await get("/api/me/services", customer);
    const pending = mine.json().items.filter((s: { status: string }) => s.status === "pending");
    expect(pending.map((s: { renewalDocumentId: string }) => s.renewalDocumentId)).toEqual([
      placed.documentId,
      placed.documentId,
    ]);

    // Paid by transfer: the final invoice, then the renewal job releases the services.
    const paid = await rt.db.transaction().execute((tx) =>
      receivePayment(
        tx,
        rt,
        {
          customerId,
          currency: "HUF",
          amount: 2146300n,
          method: "transfer",
          source: "manual",
          externalId: "order-payment-1",
          receivedOn: "2026-11-23",
          documents: [{ id: placed.documentId }],
          silent: true,
        },
        { type: "system", name: "test" },
      ),
    );
    if (paid.duplicate) throw new Error("duplicate");
    for (const id of paid.applied.paidInvoiceIds) await renewServicesOfPaidInvoice(rt, id);
    const services = await rt.db
      .selectFrom("services")
      .select(["id", "status", "next_due_date", "price"])
      .where("order_id", "=", placed.id)
      .orderBy("id")
      .execute();
    expect(services).toEqual([
      { id: placed.services[0].id, status: "active", next_due_date: "2027-11-23", price: 1490000n },
      // The free domain renews at the .hu price.
      { id: placed.services[1].id, status: "active", next_due_date: "2027-11-23", price: 400000n },
    ]);
    const tasks = await rt.db
      .selectFrom("provisioning_tasks")
      .select(["service_id", "action", "module", "status"])
      .orderBy("service_id")
      .execute();
    expect(tasks).toEqual([
      {
        service_id: placed.services[0].id,
        action: "create",
        module: "demo_hosting",
        status: "queued",
      },
      { service_id: placed.services[1].id, action: "create", module: "manual", status: "manual" },
    ]);
    const history = await get("/api/me/orders", customer);
    expect(history.json().items.find((o: { id: string }) => o.id === placed.id).status).toBe(
      "paid",
    );
  });

  it("refuses a taken, malformed or reserved name, an unknown product, missing billing data", async () => {
    const cases: [Session, object[], number, string][] = [
      [
        customer,
        [{ productId: huId, cycle: "annual", domain: { name: "google.hu", action: "register" } }],
        409,
        "orders.domain_not_available",
      ],
      [
        customer,
        [
          {
            productId: huId,
            cycle: "annual",
            domain: { name: "free-name-4711.hu", action: "transfer" },
          },
        ],
        409,
        "orders.domain_not_registered",
      ],
      [
        customer,
        [{ productId: huId, cycle: "annual", domain: { name: "-bad-.hu", action: "register" } }],
        400,
        "domains.label_invalid",
      ],
      [
        customer,
        [{ productId: huId, cycle: "annual", domain: { name: "example.hu", action: "register" } }],
        400,
        "domains.name_reserved",
      ],
      [
        customer,
        [{ productId: huId, cycle: "annual", domain: { name: "x-shop.com", action: "register" } }],
        400,
        "domains.tld_not_sold",
      ],
      [
        customer,
        [
          {
            productId: huId,
            cycle: "monthly",
            domain: { name: "new-4711.hu", action: "register" },
          },
        ],
        400,
        "orders.price_not_offered",
      ],
      [customer, [{ productId: "prd_nope", cycle: "annual" }], 400, "orders.unknown_product"],
      [customer, [], 400, "validation_failed"],
      [noData, [{ productId: startId, cycle: "monthly" }], 409, "orders.billing_data_incomplete"],
    ];
    const before = await rt.db
      .selectFrom("services")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    for (const [s, items, status, code] of cases) {
      const r = await order(s, items);
      expect([r.statusCode, r.json().code]).toEqual([status, code]);
    }
    const after = await rt.db
      .selectFrom("services")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it("drops an order left unpaid 30 days after its proforma's due date", async () => {
    const r = await order(customer, [{ productId: startId, cycle: "monthly" }]);
    const placed = r.json();
    const doc = await rt.db
      .selectFrom("documents")
      .select("due_date")
      .where("id", "=", placed.documentId)
      .executeTakeFirstOrThrow();
    expect(doc.due_date).toBe("2026-12-01");
    const early = await runBillingDay(rt, { date: "2026-12-30", trigger: "cli" });
    expect(early.counts.ordersAbandoned).toBe(0);
    const run = await runBillingDay(rt, { date: "2026-12-31", trigger: "cli" });
    expect(run.counts).toMatchObject({ ordersAbandoned: 1, proformasCancelled: 1 });
    const s = await rt.db
      .selectFrom("services")
      .select(["status", "status_reason"])
      .where("id", "=", placed.services[0].id)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({ status: "cancelled", status_reason: "order_unpaid" });
    const d = await rt.db
      .selectFrom("documents")
      .select("status")
      .where("id", "=", placed.documentId)
      .executeTakeFirstOrThrow();
    expect(d.status).toBe("cancelled");
    const history = await get("/api/me/orders", customer);
    expect(history.json().items.find((o: { id: string }) => o.id === placed.id).status).toBe(
      "cancelled",
    );
  });

  it("says so when the registry cannot be reached", async () => {
    // The app's registrar: the process-wide fake (REGISTRAR=fake).
    const registrar = registrarFor(rt.config);
    if (!(registrar instanceof FakeRegistrar)) throw new Error("tests run on the fake registry");
    registrar.failNext("unavailable");
    const r = await order(customer, [
      { productId: huId, cycle: "annual", domain: { name: "outage-4711.hu", action: "register" } },
    ]);
    expect(r.statusCode).toBe(503);
    expect(r.json().code).toBe("domains.registry_unavailable");
  });
});
