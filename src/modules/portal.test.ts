import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../test/db.ts";
import {
  makeCustomer,
  makeInvoice,
  makeService,
  makeStaff,
  PASSWORD,
} from "../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../test/http.ts";
import { Money } from "../platform/money/index.ts";

/** The thin slice through the portal: my services, my invoices, the staff customer pages. */
let rt: TestRuntime;
let app: FastifyInstance;
let alice: Awaited<ReturnType<typeof makeCustomer>>;
let bob: Awaited<ReturnType<typeof makeCustomer>>;
let aliceSession: Session;
let staffSession: Session;
let bobServiceId: string;
let bobInvoiceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  alice = await makeCustomer(rt, { name: "Alice Kft." });
  bob = await makeCustomer(rt, { name: "Bob Bt.", currency: "EUR", country: "FI" });
  await makeService(rt, alice.customerId, { label: "alice.hu", nextDueDate: "2026-12-01" });
  await makeService(rt, alice.customerId, {
    label: "alice.eu",
    cycle: "annual",
    price: Money.parse("14900.00", "HUF"),
  });
  bobServiceId = await makeService(rt, bob.customerId, { price: Money.parse("3.90", "EUR") });
  await makeInvoice(rt, alice.customerId, { status: "paid" });
  await makeInvoice(rt, alice.customerId, {
    kind: "proforma",
    status: "open",
    dueDate: "2026-11-20",
  });
  bobInvoiceId = (await makeInvoice(rt, bob.customerId, { currency: "EUR", amount: "3.90" })).id;
  await makeStaff(rt, { email: "staff@example.test" });
  aliceSession = await loginAs(app, alice.email, PASSWORD);
  staffSession = await loginAs(app, "staff@example.test", PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const get = (url: string, s?: Session) =>
  app.inject({ method: "GET", url, headers: s ? { cookie: s.cookie } : {} });

describe("my services", () => {
  it("lists the customer's own services with state, cycle, price and next due date", async () => {
    const res = await get("/api/me/services", aliceSession);
    expect(res.statusCode).toBe(200);
    const items = res.json<{
      items: {
        label: string;
        price: unknown;
        billingCycle: string;
        status: string;
        nextDueDate: string;
      }[];
    }>().items;
    expect(items.map((i) => i.label)).toEqual(["alice.hu", "alice.eu"]);
    expect(items[0]).toMatchObject({
      status: "active",
      billingCycle: "monthly",
      price: { amount: "1490.00", currency: "HUF" },
      nextDueDate: "2026-12-01",
    });
    expect(items[1]).toMatchObject({
      billingCycle: "annual",
      price: { amount: "14900.00", currency: "HUF" },
    });
  });

  it("answers 404 for another customer's service, exactly as for a missing one", async () => {
    const other = await get(`/api/me/services/${bobServiceId}`, aliceSession);
    const missing = await get("/api/me/services/svc_00000000000000000000000000", aliceSession);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().code).toBe("not_found");
    expect(other.json().title).toBe(missing.json().title);
  });

  it("answers 401 problem+json without a session", async () => {
    const res = await get("/api/me/services");
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ status: 401, code: "auth.unauthenticated" });
  });

  it("answers 403 to staff, who have no customer account", async () => {
    expect((await get("/api/me/services", staffSession)).statusCode).toBe(403);
  });
});

describe("my invoices", () => {
  it("lists documents newest first with number, dates, total and status (overdue derived)", async () => {
    const res = await get("/api/me/invoices", aliceSession);
    expect(res.statusCode).toBe(200);
    const items = res.json<{
      items: { kind: string; number: string; status: string; total: unknown }[];
    }>().items;
    // The paid invoice came from a paid proforma (DBK-…-000001); the open proforma is overdue.
    expect(items).toHaveLength(3);
    const proformas = items.filter((i) => i.kind === "proforma");
    const invoice = items.find((i) => i.kind === "invoice")!;
    expect(proformas.map((p) => [p.number, p.status]).sort()).toEqual([
      ["DBK-2026-000001", "paid"],
      ["DBK-2026-000002", "overdue"],
    ]);
    expect(invoice).toMatchObject({
      number: expect.stringMatching(/^KAPU-2026-\d{6}$/),
      status: "paid",
      total: { amount: "1892.30", currency: "HUF" },
    });
  });

  it("shows one document with its lines and VAT", async () => {
    const list = (await get("/api/me/invoices", aliceSession)).json<{
      items: { id: string; kind: string }[];
    }>().items;
    const id = list.find((i) => i.kind === "invoice")!.id;
    const res = await get(`/api/me/invoices/${id}`, aliceSession);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      netTotal: { amount: "1490.00" },
      vatTotal: { amount: "402.30" },
      lines: [
        {
          description: "Start hosting",
          quantity: "1",
          vatRate: "27%",
          gross: { amount: "1892.30" },
        },
      ],
    });
  });

  it("hides another customer's invoice (404)", async () => {
    expect((await get(`/api/me/invoices/${bobInvoiceId}`, aliceSession)).statusCode).toBe(404);
  });

  it("numbers documents without gaps per series", async () => {
    const rows = await rt.db
      .selectFrom("documents")
      .select(["series", "number"])
      .where("series", "=", "KAPU")
      .orderBy("number")
      .execute();
    expect(rows.map((r) => r.number)).toEqual(
      rows.map((_, i) => `KAPU-2026-${String(i + 1).padStart(6, "0")}`),
    );
  });
});

describe("staff customer pages", () => {
  it("refuses customers (403) and anonymous users (401)", async () => {
    expect((await get("/api/staff/customers", aliceSession)).statusCode).toBe(403);
    expect((await get("/api/staff/customers")).statusCode).toBe(401);
    expect((await get(`/api/staff/customers/${alice.customerId}`, aliceSession)).statusCode).toBe(
      403,
    );
  });

  it("searches customers by name and e-mail, and pages", async () => {
    const byName = await get("/api/staff/customers?q=alice", staffSession);
    expect(byName.json().items.map((c: { name: string }) => c.name)).toEqual(["Alice Kft."]);
    const byEmail = await get(
      `/api/staff/customers?q=${encodeURIComponent(bob.email)}`,
      staffSession,
    );
    expect(byEmail.json().items.map((c: { name: string }) => c.name)).toEqual(["Bob Bt."]);
    const page1 = (await get("/api/staff/customers?limit=1", staffSession)).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextAfter).toEqual(expect.any(String));
    const page2 = (
      await get(`/api/staff/customers?limit=1&after=${page1.nextAfter}`, staffSession)
    ).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
  });

  it("shows a customer's contacts, services and invoices", async () => {
    const res = await get(`/api/staff/customers/${alice.customerId}`, staffSession);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.customer).toMatchObject({
      name: "Alice Kft.",
      country: "HU",
      code: expect.stringMatching(/^C\d+$/),
    });
    expect(body.contacts).toEqual([
      expect.objectContaining({ email: alice.email, isPrimary: true, hasLogin: true }),
    ]);
    expect(body.services).toHaveLength(2);
    expect(body.invoices).toHaveLength(3);
  });

  it("rejects malformed input with 400 problem+json", async () => {
    const res = await get("/api/staff/customers?limit=0", staffSession);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: "validation_failed",
      errors: [{ path: "querystring.limit" }],
    });
    const bad = await get("/api/staff/customers?after=garbage", staffSession);
    expect(bad.statusCode).toBe(400);
    expect((await get("/api/staff/customers/cus_nope", staffSession)).statusCode).toBe(404);
  });
});

describe("writes with bad input change nothing", () => {
  it.each([
    ["not JSON", "{oops", "malformed_body"],
    ["wrong types", JSON.stringify({ email: 5, password: [] }), "validation_failed"],
    [
      "oversized",
      JSON.stringify({ email: "a@b.hu", password: "x".repeat(2 * 1024 * 1024) }),
      "payload_too_large",
    ],
  ])("%s → problem+json, no rows", async (_name, payload, code) => {
    const before = await rt.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<bigint>().as("n"))
      .executeTakeFirstOrThrow();
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload,
      headers: { "content-type": "application/json" },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().code).toBe(code);
    const after = await rt.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<bigint>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a non-JSON content type", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: "email=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe("unsupported_media_type");
  });

  it("sends the security headers on every response", async () => {
    for (const url of ["/healthz", "/api/me/services", "/api/nothing-here"]) {
      const res = await get(url, aliceSession);
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    }
  });

  it("answers unknown API paths with 404 problem+json", async () => {
    const res = await get("/api/nothing-here");
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("not_found");
  });
});
