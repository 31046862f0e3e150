import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  ensureBilling,
  makeCustomer,
  makeInvoice,
  makeProduct,
  makeService,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { startSmtpServer, type TestSmtp } from "../../../test/smtp.ts";
import { eventually } from "../../../test/wait.ts";
import { Money } from "../../platform/money/index.ts";
import type { Actor } from "../../platform/audit.ts";
import { newId } from "../../platform/ids.ts";
import { smtpTransport } from "../../platform/mail/index.ts";
import { addLogin, hashPassword } from "../auth/index.ts";
import { receivePayment } from "../payments/index.ts";
import { runBillingDay } from "../subscriptions/index.ts";
import { insertContact } from "./repo.ts";

/**
 * Profile → Data (billing data, A7) and Profile → Notifications (notification addresses per
 * type, A4) through the API, and the routing of real mail by those settings.
 */
let rt: TestRuntime;
let app: FastifyInstance;
let smtp: TestSmtp;
let passwordHash: string;
const system: Actor = { type: "system", name: "test" };

beforeAll(async () => {
  smtp = await startSmtpServer();
  rt = await createTestRuntime({ mailTransport: smtpTransport(smtp.url) });
  await rt.jobs.work();
  app = await createTestApp(rt);
  await ensureBilling(rt);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
  await smtp.close();
});

let seq = 0;
/** Another contact of the account, with a login unless told otherwise. */
async function addContact(
  customerId: string,
  permissions: string[],
  o: { login?: boolean } = {},
): Promise<{ id: string; email: string }> {
  const email = `contact-${++seq}-${Date.now()}@example.test`;
  return rt.db.transaction().execute(async (tx) => {
    const userId =
      o.login === false
        ? null
        : await addLogin(tx, rt, {
            email,
            name: `Contact ${seq}`,
            passwordHash,
            language: "en",
            staffRole: null,
          });
    const id = newId("con");
    await insertContact(tx, {
      id,
      customerId,
      userId,
      name: `Contact ${seq}`,
      email,
      phone: null,
      isPrimary: false,
      permissions,
      now: rt.clock.now(),
    });
    return { id, email };
  });
}

async function customerSession(o: Parameters<typeof makeCustomer>[1] = {}) {
  const c = await makeCustomer(rt, o);
  return { ...c, session: await loginAs(app, c.email, PASSWORD) };
}

const headers = (s: Session | null) => (s ? { cookie: s.cookie, "x-csrf-token": s.csrfToken } : {});
const get = (url: string, s: Session | null) =>
  app.inject({ method: "GET", url, headers: headers(s) });
const put = (url: string, payload: unknown, s: Session | null) =>
  app.inject({ method: "PUT", url, headers: headers(s), payload: payload as object });

const auditOf = (customerId: string, action: string) =>
  rt.db
    .selectFrom("audit_log")
    .selectAll()
    .where("customer_id", "=", customerId)
    .where("action", "=", action)
    .orderBy("at")
    .orderBy("id")
    .execute();

const hungarian = {
  legalName: "Példa Szolgáltató Kft.",
  country: "HU",
  postalCode: "1051",
  city: "Budapest",
  addressLine: "Nádor utca 5.",
  taxNumber: "10672101-2-02",
  euVatNumber: "HU10672101",
  eInvoice: null,
  language: "hu",
};

describe("billing data (Profile → Data)", () => {
  it("shows the account's billing data and what the check before paying misses", async () => {
    const c = await customerSession({ taxNumber: null });
    const r = await get("/api/me/billing-data", c.session);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      kind: "company",
      country: "HU",
      postalCode: "1111",
      city: "Budapest",
      taxNumber: null,
      eInvoice: null,
      language: "hu",
      currency: "HUF",
      missing: ["taxNumber"],
    });
  });

  it("refuses invalid data field by field, changing nothing", async () => {
    const c = await customerSession();
    const before = (await get("/api/me/billing-data", c.session)).json<object>();
    const r = await put(
      "/api/me/billing-data",
      {
        ...hungarian,
        postalCode: "",
        taxNumber: "10672102-2-02",
        euVatNumber: "DE12345678",
        eInvoice: { type: "ovt", address: "003703134718", operator: "Maventa" },
      },
      c.session,
    );
    expect(r.statusCode).toBe(400);
    expect(r.headers["content-type"]).toContain("application/problem+json");
    const problem = r.json<{ code: string; errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe("accounts.billing_data_invalid");
    expect(problem.errors.map((e) => e.path)).toEqual([
      "body.postalCode",
      "body.taxNumber",
      "body.euVatNumber",
      "body.eInvoice.address",
      "body.eInvoice.operator",
    ]);
    expect(problem.errors[1]!.message).toBe(
      "The check digit (the 8th digit) of the tax number is wrong.",
    );
    expect((await get("/api/me/billing-data", c.session)).json()).toEqual(before);
    expect(await auditOf(c.customerId, "customer.billing_data_changed")).toHaveLength(0);
  });

  it.each([
    ["a missing field", { ...hungarian, city: undefined }],
    ["a wrong type", { ...hungarian, taxNumber: 12345676 }],
    ["an unknown e-invoice type", { ...hungarian, eInvoice: { type: "fax", address: "1" } }],
    ["an unknown language", { ...hungarian, language: "de" }],
    ["a too long name", { ...hungarian, legalName: "x".repeat(256) }],
  ])("refuses a malformed body: %s", async (_name, body) => {
    const c = await customerSession();
    const r = await put("/api/me/billing-data", body, c.session);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "validation_failed" });
  });

  it("saves valid data, audits the changed fields old → new, and a repeat changes nothing", async () => {
    const c = await customerSession({ taxNumber: "12345676-2-41", euVatNumber: "HU12345676" });
    const body = {
      ...hungarian,
      taxNumber: "10672101202",
      euVatNumber: "hu 10672101",
      eInvoice: { type: "peppol", participantId: "9910:HU10672101" },
      language: "en",
    };
    const r = await put("/api/me/billing-data", body, c.session);
    expect(r.statusCode).toBe(200);
    const saved = r.json<{ billingData: object; changed: string[]; vatCheck: unknown }>();
    expect(saved.changed).toEqual([
      "legalName",
      "postalCode",
      "addressLine",
      "taxNumber",
      "euVatNumber",
      "eInvoice",
      "language",
    ]);
    expect(saved.billingData).toMatchObject({
      taxNumber: "10672101-2-02",
      euVatNumber: "HU10672101",
      eInvoice: { type: "peppol", participantId: "9910:HU10672101" },
      language: "en",
      missing: [],
    });
    // VIES is off in tests: the changed number is checked offline and recorded as such.
    expect(saved.vatCheck).toEqual({ result: "unavailable", source: "offline" });
    const checks = await rt.db
      .selectFrom("vat_number_checks")
      .selectAll()
      .where("customer_id", "=", c.customerId)
      .execute();
    expect(checks.map((x) => x.vat_number)).toEqual(["HU10672101"]);

    const [audit, ...more] = await auditOf(c.customerId, "customer.billing_data_changed");
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({ actor_type: "user", subject_id: c.customerId });
    expect(audit!.data).toEqual({
      changes: {
        legalName: {
          from: `Customer ${c.email.slice("customer-".length, c.email.indexOf("@"))} Kft.`,
          to: "Példa Szolgáltató Kft.",
        },
        postalCode: { from: "1111", to: "1051" },
        addressLine: { from: "Fő utca 1.", to: "Nádor utca 5." },
        taxNumber: { from: "12345676-2-41", to: "10672101-2-02" },
        euVatNumber: { from: "HU12345676", to: "HU10672101" },
        eInvoice: { from: null, to: { scheme: "9910", id: "HU10672101", operator: null } },
        language: { from: "hu", to: "en" },
      },
    });

    const again = await put("/api/me/billing-data", body, c.session);
    expect(again.json()).toMatchObject({ changed: [], vatCheck: null });
    expect(await auditOf(c.customerId, "customer.billing_data_changed")).toHaveLength(1);
  });

  it("applies to documents issued from now on; issued documents keep their buyer", async () => {
    const c = await customerSession({ taxNumber: "12345676-2-41" });
    const earlier = await makeInvoice(rt, c.customerId, { kind: "invoice", status: "open" });
    const r = await put(
      "/api/me/billing-data",
      {
        ...hungarian,
        eInvoice: { type: "ovt", address: "0037 0313 4717", operator: "e204503" },
      },
      c.session,
    );
    expect(r.statusCode).toBe(200);
    const later = await makeInvoice(rt, c.customerId, { kind: "invoice", status: "open" });
    const buyerOf = async (id: string) =>
      (
        await rt.db
          .selectFrom("documents")
          .select("buyer")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).buyer as Record<string, unknown>;
    expect(await buyerOf(earlier.id)).toMatchObject({
      postalCode: "1111",
      addressLine: "Fő utca 1.",
      taxNumber: "12345676-2-41",
      eInvoiceAddress: null,
    });
    expect(await buyerOf(later.id)).toMatchObject({
      name: "Példa Szolgáltató Kft.",
      postalCode: "1051",
      addressLine: "Nádor utca 5.",
      taxNumber: "10672101-2-02",
      euVatNumber: "HU10672101",
      eInvoiceAddress: { scheme: "0037", id: "003703134717", operatorId: "E204503" },
    });
  });

  it("two edits at once both apply whole, one after the other (last write wins)", async () => {
    const c = await customerSession();
    const a = { ...hungarian, city: "Győr", postalCode: "9021", addressLine: "Baross út 1." };
    const b = { ...hungarian, city: "Pécs", postalCode: "7621", addressLine: "Király utca 2." };
    const [ra, rb] = await Promise.all([
      put("/api/me/billing-data", a, c.session),
      put("/api/me/billing-data", b, c.session),
    ]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    const now = (await get("/api/me/billing-data", c.session)).json<{ city: string }>();
    const winner = now.city === "Győr" ? a : b;
    expect(now).toMatchObject({
      city: winner.city,
      postalCode: winner.postalCode,
      addressLine: winner.addressLine,
    });
    // Each audit row names what its own edit changed: the later one starts where the earlier
    // one ended, and ends at what is stored.
    const rows = await auditOf(c.customerId, "customer.billing_data_changed");
    expect(rows).toHaveLength(2);
    const cities = rows.map(
      (x) => (x.data as { changes: { city: { from: string; to: string } } }).changes.city,
    );
    const loser = winner === a ? b : a;
    expect(cities).toContainEqual({ from: "Budapest", to: loser.city });
    expect(cities).toContainEqual({ from: loser.city, to: winner.city });
  });

  it("lets billing contacts edit, read-only contacts read, and others neither", async () => {
    const c = await makeCustomer(rt);
    const billing = await addContact(c.customerId, ["billing"]);
    const readonly = await addContact(c.customerId, ["readonly"]);
    const technical = await addContact(c.customerId, ["technical"]);
    const as = async (email: string) => loginAs(app, email, PASSWORD);
    const b = await as(billing.email);
    expect((await get("/api/me/billing-data", b)).statusCode).toBe(200);
    expect((await put("/api/me/billing-data", hungarian, b)).statusCode).toBe(200);
    const r = await as(readonly.email);
    expect((await get("/api/me/billing-data", r)).statusCode).toBe(200);
    expect((await put("/api/me/billing-data", hungarian, r)).statusCode).toBe(403);
    const t = await as(technical.email);
    expect((await get("/api/me/billing-data", t)).statusCode).toBe(403);
    expect((await put("/api/me/billing-data", hungarian, t)).statusCode).toBe(403);
    expect((await get("/api/me/billing-data", null)).statusCode).toBe(401);
  });

  it("lets billing, support and sales staff edit a customer's data; unknown ids are 404", async () => {
    const c = await makeCustomer(rt);
    const url = `/api/staff/customers/${c.customerId}/billing-data`;
    for (const role of ["billing", "support", "sales"] as const) {
      const s = await loginAs(app, (await makeStaff(rt, { role })).email, PASSWORD);
      const r = await put(url, { ...hungarian, city: `Város ${role}` }, s);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ billingData: { city: `Város ${role}` } });
    }
    const audit = await auditOf(c.customerId, "customer.billing_data_changed");
    expect(audit).toHaveLength(3);
    const readonly = await loginAs(
      app,
      (await makeStaff(rt, { role: "readonly" })).email,
      PASSWORD,
    );
    expect((await get(url, readonly)).json()).toMatchObject({ city: "Város sales" });
    expect((await put(url, hungarian, readonly)).statusCode).toBe(403);
    const admin = await loginAs(app, (await makeStaff(rt)).email, PASSWORD);
    expect((await get("/api/staff/customers/cus_nope/billing-data", admin)).statusCode).toBe(404);
    const missing = await put("/api/staff/customers/cus_nope/billing-data", hungarian, admin);
    expect(missing.statusCode).toBe(404);
    // A customer cannot reach the staff route, not even for its own account.
    const own = await loginAs(app, c.email, PASSWORD);
    expect((await put(url, hungarian, own)).statusCode).toBe(403);
  });
});

describe("notification addresses (Profile → Notifications)", () => {
  it("shows each type with today's default recipients when nothing is set", async () => {
    const c = await customerSession();
    await addContact(c.customerId, ["technical"]);
    const r = await get("/api/me/notification-addresses", c.session);
    expect(r.statusCode).toBe(200);
    const body = r.json<{ types: { type: string; targets: unknown[]; recipients: string[] }[] }>();
    expect(body.types.map((t) => t.type)).toEqual([
      "invoices",
      "support",
      "abuse",
      "technical",
      "renewals",
    ]);
    for (const t of body.types) expect(t).toMatchObject({ targets: [], recipients: [c.email] });
  });

  it("saves addresses and contacts per type, audited; left-out types go back to the default", async () => {
    const c = await customerSession();
    const tech = await addContact(c.customerId, ["technical"], { login: false });
    const r = await put(
      "/api/me/notification-addresses",
      {
        types: {
          invoices: [{ email: "Books@Accounting.test" }],
          technical: [{ contactId: tech.id }, { email: "noc@example.test" }],
          abuse: [{ email: "abuse@example.test" }],
        },
      },
      c.session,
    );
    expect(r.statusCode).toBe(200);
    rt.clock.advance({ minutes: 1 }); // the audit rows below are told apart by time
    const body = r.json<{
      types: { type: string; targets: unknown[]; recipients: string[] }[];
      contacts: { id: string }[];
    }>();
    const byType = Object.fromEntries(body.types.map((t) => [t.type, t]));
    expect(byType.invoices).toEqual({
      type: "invoices",
      targets: [{ kind: "email", email: "books@accounting.test" }],
      recipients: ["books@accounting.test"],
    });
    expect(byType.technical).toEqual({
      type: "technical",
      targets: [
        { kind: "contact", contactId: tech.id, name: expect.any(String), email: tech.email },
        { kind: "email", email: "noc@example.test" },
      ],
      recipients: [tech.email, "noc@example.test"],
    });
    expect(byType.support).toMatchObject({ targets: [], recipients: [c.email] });
    expect(body.contacts.map((k) => k.id)).toContain(tech.id);

    const second = await put(
      "/api/me/notification-addresses",
      { types: { invoices: [{ email: "books@accounting.test" }] } },
      c.session,
    );
    expect(second.statusCode).toBe(200);
    const audit = await auditOf(c.customerId, "customer.notification_addresses_changed");
    expect(audit.map((a) => a.data)).toEqual([
      {
        changes: {
          invoices: { from: [], to: ["books@accounting.test"] },
          abuse: { from: [], to: ["abuse@example.test"] },
          technical: { from: [], to: [`contact:${tech.id}`, "noc@example.test"] },
        },
      },
      {
        changes: {
          abuse: { from: ["abuse@example.test"], to: [] },
          technical: { from: [`contact:${tech.id}`, "noc@example.test"], to: [] },
        },
      },
    ]);
  });

  it("refuses another account's contact, bad addresses, duplicates and too many, changing nothing", async () => {
    const c = await customerSession();
    const other = await makeCustomer(rt);
    const theirs = await addContact(other.customerId, ["billing"]);
    const cases: [unknown, string, string][] = [
      [
        { invoices: [{ contactId: theirs.id }] },
        "accounts.unknown_contact",
        "body.types.invoices.0.contactId",
      ],
      [
        { invoices: [{ contactId: "con_nope" }] },
        "accounts.unknown_contact",
        "body.types.invoices.0.contactId",
      ],
      [
        { abuse: [{ email: "not-an-address" }] },
        "accounts.notification_addresses_invalid",
        "body.types.abuse.0.email",
      ],
      [
        { support: [{ email: "a@x.test" }, { email: "A@x.test" }] },
        "accounts.notification_addresses_invalid",
        "body.types.support.1",
      ],
      [
        { renewals: ["a", "b", "c", "d"].map((x) => ({ email: `${x}@x.test` })) },
        "accounts.notification_addresses_invalid",
        "body.types.renewals",
      ],
    ];
    for (const [types, code, path] of cases) {
      const r = await put("/api/me/notification-addresses", { types }, c.session);
      expect(r.statusCode, JSON.stringify(types)).toBe(400);
      expect(r.json()).toMatchObject({ code, errors: [{ path }] });
    }
    for (const body of [
      { types: { invoices: [{ contactId: theirs.id, email: "x@x.test" }] } },
      { types: { newsletters: [] } },
      { types: { invoices: "x@x.test" } },
      {},
    ]) {
      const r = await put("/api/me/notification-addresses", body, c.session);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json()).toMatchObject({ code: "validation_failed" });
    }
    expect(await auditOf(c.customerId, "customer.notification_addresses_changed")).toHaveLength(0);
  });

  it("forgets a removed contact (its type falls back to the default); the database refuses another account's contact", async () => {
    const c = await customerSession();
    const renewer = await addContact(c.customerId, ["technical"], { login: false });
    const r = await put(
      "/api/me/notification-addresses",
      { types: { renewals: [{ contactId: renewer.id }] } },
      c.session,
    );
    expect(r.statusCode).toBe(200);
    await rt.db.deleteFrom("contacts").where("id", "=", renewer.id).execute();
    const after = await get("/api/me/notification-addresses", c.session);
    const renewals = after
      .json<{ types: { type: string; targets: unknown[]; recipients: string[] }[] }>()
      .types.find((t) => t.type === "renewals");
    expect(renewals).toEqual({ type: "renewals", targets: [], recipients: [c.email] });

    const other = await makeCustomer(rt);
    const theirs = await addContact(other.customerId, ["billing"]);
    await expect(
      rt.db
        .insertInto("notification_addresses")
        .values({
          customer_id: c.customerId,
          type: "invoices",
          position: 0,
          contact_id: theirs.id,
          email: null,
          created_at: rt.clock.now(),
        })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });

  it("is the owner's to change; support and billing staff may change it for a customer", async () => {
    const c = await makeCustomer(rt);
    const billing = await addContact(c.customerId, ["billing"]);
    const b = await loginAs(app, billing.email, PASSWORD);
    expect((await get("/api/me/notification-addresses", b)).statusCode).toBe(403);
    expect((await put("/api/me/notification-addresses", { types: {} }, b)).statusCode).toBe(403);

    const url = `/api/staff/customers/${c.customerId}/notification-addresses`;
    const body = { types: { invoices: [{ email: "books@x.test" }] } };
    for (const role of ["support", "billing"] as const) {
      const s = await loginAs(app, (await makeStaff(rt, { role })).email, PASSWORD);
      expect((await put(url, body, s)).statusCode).toBe(200);
    }
    const sales = await loginAs(app, (await makeStaff(rt, { role: "sales" })).email, PASSWORD);
    expect((await get(url, sales)).statusCode).toBe(200);
    expect((await put(url, body, sales)).statusCode).toBe(403);
    const admin = await loginAs(app, (await makeStaff(rt)).email, PASSWORD);
    expect(
      (await get("/api/staff/customers/cus_nope/notification-addresses", admin)).statusCode,
    ).toBe(404);
    expect(
      (await put("/api/staff/customers/cus_nope/notification-addresses", body, admin)).statusCode,
    ).toBe(404);
  });

  it("routes real mail by type: documents and payments to the accountant, reminders to a contact", async () => {
    const c = await customerSession({ language: "en" });
    const renewer = await addContact(c.customerId, ["technical"], { login: false });
    const saved = await put(
      "/api/me/notification-addresses",
      {
        types: {
          invoices: [{ email: "books@accounting.test" }],
          renewals: [{ contactId: renewer.id }],
        },
      },
      c.session,
    );
    expect(saved.statusCode).toBe(200);
    // A neighbour without settings keeps today's default: its owner.
    const neighbour = await makeCustomer(rt, { language: "en" });

    // A document issued to each (afterIssue: one e-mail per recipient).
    const doc = await makeInvoice(rt, c.customerId, { kind: "invoice", status: "open" });
    await makeInvoice(rt, neighbour.customerId, { kind: "invoice", status: "open" });
    // The payment's receipt.
    await rt.db.transaction().execute((tx) =>
      receivePayment(
        tx,
        rt,
        {
          customerId: c.customerId,
          currency: "HUF",
          amount: Money.parse("100.00", "HUF").minor,
          method: "transfer",
          source: "manual",
          externalId: `test-${doc.id}`,
          receivedOn: "2026-11-23",
          documents: [{ id: doc.id }],
        },
        system,
      ),
    );
    // The billing run: a domain due in 58 days gets its reminder; a monthly plan due on
    // 2026-12-01 its renewal proforma (bulk issuing).
    const { productId } = await makeProduct(rt, { kind: "domain" });
    await makeService(rt, c.customerId, {
      productId,
      cycle: "annual",
      price: Money.parse("4000.00", "HUF"),
      startDate: "2026-01-20",
      nextDueDate: "2027-01-20",
      domain: "routed-example.hu",
      label: "routed-example.hu",
    });
    await makeService(rt, c.customerId, { nextDueDate: "2026-12-01" });
    await makeService(rt, neighbour.customerId, { nextDueDate: "2026-12-01" });
    const run = await runBillingDay(rt, { date: "2026-11-23", trigger: "cli" });
    expect(run.status).toBe("completed");

    const outbox = async (customerId: string) =>
      (
        await rt.db
          .selectFrom("mail_outbox")
          .select(["type", "to_address", "id"])
          .where("customer_id", "=", customerId)
          .orderBy("created_at")
          .orderBy("id")
          .execute()
      ).map((m) => `${m.type} → ${m.to_address}`);
    // Two reminders: the plan's goes out with its renewal proforma (one mail, to the invoice and
    // the renewal addresses), the domain's on its own.
    expect(await outbox(c.customerId)).toEqual([
      "billing.invoice_issued → books@accounting.test",
      "payments.received → books@accounting.test",
      "billing.proforma_issued → books@accounting.test",
      `billing.proforma_issued → ${renewer.email}`,
      `service.expiry_reminder → ${renewer.email}`,
    ]);
    // Without settings both routes are the owner: one mail each.
    expect((await outbox(neighbour.customerId)).sort()).toEqual(
      [
        `billing.invoice_issued → ${neighbour.email}`,
        `billing.proforma_issued → ${neighbour.email}`,
      ].sort(),
    );

    // And over SMTP: the accountant got the documents, the contact the reminder, the owner none.
    const to = (address: string) =>
      smtp.messages.filter((m) => JSON.stringify(m.to).includes(address));
    await eventually("the routed mails", () =>
      to("books@accounting.test").length === 3 && to(renewer.email).length === 2 ? true : undefined,
    );
    expect(to(renewer.email).some((m) => m.subject?.includes("routed-example.hu"))).toBe(true);
    expect(to(c.email)).toHaveLength(0);
  });
});
