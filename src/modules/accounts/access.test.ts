import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import {
  callAs,
  createTestApp,
  loginAs,
  sessionCookie,
  tokenMailedTo as mailedToken,
  type Session,
} from "../../../test/http.ts";

let rt: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

type Method = "GET" | "POST" | "PUT" | "DELETE";
const call = (s: Session | null, method: Method, url: string, payload?: unknown) =>
  callAs(app, s, method, url, payload);
const tokenMailedTo = (email: string) => mailedToken(rt, email);

async function mailsTo(email: string) {
  return rt.db
    .selectFrom("mail_outbox")
    .select(["type", "subject", "text_body"])
    .where("to_address", "=", email)
    .execute();
}

async function accept(token: string, body: Record<string, unknown>): Promise<Session> {
  const res = await call(null, "POST", "/api/invitations/accept", { token, ...body });
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json<Session["body"] & { csrfToken: string }>();
  return { cookie: sessionCookie(res), csrfToken: b.csrfToken, body: b };
}

let seq = 0;
const address = (what: string) => `${what}-${++seq}@example.test`;

async function ownerSession() {
  const c = await makeCustomer(rt);
  return { customer: c, owner: await loginAs(app, c.email, PASSWORD) };
}

describe("contacts and their permissions", () => {
  it("an owner invites a billing contact, who sets a password and sees only billing", async () => {
    const { customer, owner } = await ownerSession();
    const email = address("accountant");
    const add = await call(owner, "POST", "/api/me/contacts", {
      name: "Könyvelő Kata",
      email,
      permissions: ["billing"],
    });
    expect(add.statusCode, add.body).toBe(201);
    const list = await call(owner, "GET", "/api/me/contacts");
    const added = list.json<{ items: { id: string; status: string }[] }>().items;
    expect(added.find((c) => c.id === add.json<{ id: string }>().id)?.status).toBe("invited");

    const token = await tokenMailedTo(email);
    const look = await call(null, "POST", "/api/invitations/lookup", { token });
    expect(look.json()).toMatchObject({
      kind: "contact",
      email,
      permissions: ["billing"],
      hasLogin: false,
    });
    const short = await call(null, "POST", "/api/invitations/accept", { token, password: "short" });
    expect(short.statusCode).toBe(400);
    const common = await call(null, "POST", "/api/invitations/accept", {
      token,
      password: "password1234",
    });
    expect(common.json()).toMatchObject({ status: 400, code: "auth.password_too_common" });

    const kata = await accept(token, { password: "a long enough secret", name: "Kata" });
    expect(kata.body.user.customerId).toBe(customer.customerId);
    expect((kata.body.user as unknown as { permissions: string[] }).permissions).toEqual([
      "billing",
    ]);
    expect((await call(kata, "GET", "/api/me/invoices")).statusCode).toBe(200);
    expect((await call(kata, "GET", "/api/me/services")).statusCode).toBe(200);
    expect((await call(kata, "POST", "/api/me/orders", {})).statusCode).toBe(403);
    expect((await call(kata, "GET", "/api/me/contacts")).statusCode).toBe(403);
    expect((await call(kata, "POST", "/api/me/contacts", {})).statusCode).toBe(403);

    // The link works once.
    const again = await call(null, "POST", "/api/invitations/accept", {
      token,
      password: "a long enough secret",
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: "accounts.invitation_invalid" });
  });

  it("a read-only contact reads billing and services, writes nothing", async () => {
    const { owner } = await ownerSession();
    const email = address("viewer");
    await call(owner, "POST", "/api/me/contacts", { name: "V", email, permissions: ["readonly"] });
    const v = await accept(await tokenMailedTo(email), { password: "a long enough secret" });
    expect((await call(v, "GET", "/api/me/invoices")).statusCode).toBe(200);
    expect((await call(v, "GET", "/api/me/services")).statusCode).toBe(200);
    expect((await call(v, "GET", "/api/me/contacts")).statusCode).toBe(403);
    expect((await call(v, "POST", "/api/me/checkouts", {})).statusCode).toBe(403);
  });

  it("refuses a duplicate address, someone else's contact, and losing the last owner", async () => {
    const { customer, owner } = await ownerSession();
    const other = await ownerSession();
    const dup = await call(owner, "POST", "/api/me/contacts", {
      name: "Again",
      email: customer.email.toUpperCase(),
      permissions: ["billing"],
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: "accounts.contact_exists" });

    const bad = await call(owner, "POST", "/api/me/contacts", {
      name: "X",
      email: "not-an-address",
      permissions: ["root"],
    });
    expect(bad.statusCode).toBe(400);

    const foreign = other.customer.contactId;
    expect(
      (await call(owner, "PUT", `/api/me/contacts/${foreign}`, { name: "Y" })).statusCode,
    ).toBe(404);
    expect((await call(owner, "DELETE", `/api/me/contacts/${foreign}`)).statusCode).toBe(404);

    const demote = await call(owner, "PUT", `/api/me/contacts/${customer.contactId}`, {
      permissions: ["billing"],
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: "accounts.last_owner" });
    const remove = await call(owner, "DELETE", `/api/me/contacts/${customer.contactId}`);
    expect(remove.statusCode).toBe(409);
    const contacts = await rt.db
      .selectFrom("contacts")
      .select("permissions")
      .where("id", "=", customer.contactId)
      .executeTakeFirstOrThrow();
    expect(contacts.permissions).toEqual(["owner"]);
  });

  it("a removed contact's login loses the account at its next request", async () => {
    const { owner } = await ownerSession();
    const email = address("tech");
    const add = await call(owner, "POST", "/api/me/contacts", {
      name: "T",
      email,
      permissions: ["technical"],
    });
    const t = await accept(await tokenMailedTo(email), { password: "a long enough secret" });
    expect((await call(t, "GET", "/api/me/services")).statusCode).toBe(200);
    const del = await call(owner, "DELETE", `/api/me/contacts/${add.json<{ id: string }>().id}`);
    expect(del.statusCode).toBe(204);
    expect((await call(t, "GET", "/api/me/services")).statusCode).toBe(403);
    const session = await call(t, "GET", "/api/auth/session");
    expect(session.json()).toMatchObject({ user: { customerId: null, permissions: [] } });
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "actor_via"])
      .where("subject_id", "=", add.json<{ id: string }>().id)
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "contact.added",
      "contact.accepted",
      "contact.removed",
    ]);
    expect(audit[0]?.actor_via).toBe("contact");
  });

  it("an existing login accepts with its own password, then switches between its accounts", async () => {
    const a = await ownerSession();
    const b = await ownerSession();
    await call(a.owner, "POST", "/api/me/contacts", {
      name: "B's owner",
      email: b.customer.email,
      permissions: ["technical"],
    });
    const token = await tokenMailedTo(b.customer.email);
    expect((await call(null, "POST", "/api/invitations/lookup", { token })).json()).toMatchObject({
      hasLogin: true,
    });
    const wrong = await call(null, "POST", "/api/invitations/accept", {
      token,
      password: "not the password",
    });
    expect(wrong.statusCode).toBe(401);
    const s = await accept(token, { password: PASSWORD });
    expect(s.body.user.customerId).toBe(a.customer.customerId);

    const accounts = await call(s, "GET", "/api/me/accounts");
    const items = accounts.json<{ items: { id: string; via: string; current: boolean }[] }>().items;
    expect(items.map((i) => i.id).sort()).toEqual(
      [a.customer.customerId, b.customer.customerId].sort(),
    );
    expect(items.find((i) => i.current)?.id).toBe(a.customer.customerId);

    const sw = await call(s, "POST", `/api/me/accounts/${b.customer.customerId}/switch`);
    expect(sw.statusCode, sw.body).toBe(200);
    expect(sw.json()).toMatchObject({
      user: { customerId: b.customer.customerId, permissions: ["owner"], via: "contact" },
    });
    const stranger = await ownerSession();
    const no = await call(s, "POST", `/api/me/accounts/${stranger.customer.customerId}/switch`);
    expect(no.statusCode).toBe(404);
  });

  it("an invitation expires after seven days", async () => {
    const { owner } = await ownerSession();
    const email = address("late");
    await call(owner, "POST", "/api/me/contacts", { name: "L", email, permissions: ["domains"] });
    const token = await tokenMailedTo(email);
    rt.clock.advance({ minutes: 7 * 24 * 60 + 1 });
    const look = await call(null, "POST", "/api/invitations/lookup", { token });
    expect(look.statusCode).toBe(400);
    expect(look.json()).toMatchObject({ code: "accounts.invitation_invalid" });
  });

  it("of two acceptances of one link at once, exactly one succeeds", async () => {
    const { owner } = await ownerSession();
    const email = address("twice");
    await call(owner, "POST", "/api/me/contacts", { name: "D", email, permissions: ["support"] });
    const token = await tokenMailedTo(email);
    const results = await Promise.all(
      [1, 2].map(() =>
        call(null, "POST", "/api/invitations/accept", { token, password: "a long enough secret" }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual(
      results.some((r) => r.statusCode === 409) ? [200, 409] : [200, 400],
    );
    const users = await rt.db.selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(1);
  });
});

describe("manager access for agencies", () => {
  it("an owner invites an agency; it acts within its scope until the owner revokes it", async () => {
    const { customer, owner } = await ownerSession();
    const agencyEmail = address("penzugy");
    const inv = await call(owner, "POST", "/api/me/managers", {
      email: agencyEmail,
      permissions: ["billing", "technical"],
    });
    expect(inv.statusCode, inv.body).toBe(201);
    const dup = await call(owner, "POST", "/api/me/managers", {
      email: agencyEmail,
      permissions: ["billing"],
    });
    expect(dup.statusCode).toBe(409);

    const agency = await accept(await tokenMailedTo(agencyEmail), {
      password: "agency password 1",
      name: "Sparrow",
    });
    expect(agency.body.user).toMatchObject({ customerId: customer.customerId, via: "manager" });
    expect((await call(agency, "GET", "/api/me/invoices")).statusCode).toBe(200);
    // Scope holds, and who manages the account is the owners' business only.
    expect((await call(agency, "POST", "/api/me/services/x/renewal")).statusCode).not.toBe(403);
    expect((await call(agency, "GET", "/api/me/contacts")).statusCode).toBe(403);
    expect(
      (
        await call(agency, "POST", "/api/me/managers", {
          email: "x@example.test",
          permissions: ["owner"],
        })
      ).statusCode,
    ).toBe(403);

    const list = await call(owner, "GET", "/api/me/managers");
    const m = list.json<{ items: { id: string; status: string; managerName: string }[] }>()
      .items[0];
    expect(m).toMatchObject({ status: "active", managerName: "Sparrow" });

    const revoke = await call(owner, "DELETE", `/api/me/managers/${m?.id}`);
    expect(revoke.statusCode).toBe(204);
    expect((await call(agency, "GET", "/api/me/invoices")).statusCode).toBe(403);
    expect((await call(agency, "GET", "/api/me/accounts")).json()).toEqual({ items: [] });
    expect((await mailsTo(agencyEmail)).map((x) => x.type)).toContain("accounts.manager_ended");
    const again = await call(owner, "DELETE", `/api/me/managers/${m?.id}`);
    expect(again.statusCode).toBe(409);
  });

  it("an agency asks for access; the owner approves it with narrower scope", async () => {
    const { customer, owner } = await ownerSession();
    const agencyCustomer = await makeCustomer(rt);
    const agency = await loginAs(app, agencyCustomer.email, PASSWORD);
    const code = (
      await rt.db
        .selectFrom("customers")
        .select("code")
        .where("id", "=", customer.customerId)
        .executeTakeFirstOrThrow()
    ).code;

    const wrong = await call(agency, "POST", "/api/me/manager-requests", {
      customerCode: code,
      ownerEmail: "someone-else@example.test",
      permissions: ["owner"],
    });
    expect(wrong.statusCode).toBe(202);
    const right = await call(agency, "POST", "/api/me/manager-requests", {
      customerCode: code,
      ownerEmail: customer.email,
      permissions: ["owner"],
    });
    expect(right.statusCode).toBe(202);
    const rows = await rt.db
      .selectFrom("manager_access")
      .select(["id", "status"])
      .where("customer_id", "=", customer.customerId)
      .execute();
    expect(rows).toEqual([{ id: expect.any(String), status: "requested" }]);
    expect((await mailsTo(customer.email)).map((x) => x.type)).toContain(
      "accounts.manager_request",
    );

    // Not yet: a request gives nothing.
    expect(
      (await call(agency, "POST", `/api/me/accounts/${customer.customerId}/switch`)).statusCode,
    ).toBe(404);
    const ok = await call(owner, "POST", `/api/me/managers/${rows[0]?.id}/approve`, {
      permissions: ["domains"],
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const sw = await call(agency, "POST", `/api/me/accounts/${customer.customerId}/switch`);
    expect(sw.json()).toMatchObject({ user: { via: "manager", permissions: ["domains"] } });
    expect((await call(agency, "GET", "/api/me/invoices")).statusCode).toBe(403);
    expect((await call(agency, "GET", "/api/me/services")).statusCode).toBe(200);

    // The manager leaves; its session loses the account.
    const leave = await call(
      agency,
      "DELETE",
      `/api/me/accounts/${customer.customerId}/manager-access`,
    );
    expect(leave.statusCode).toBe(204);
    expect((await call(agency, "GET", "/api/me/services")).statusCode).toBe(403);
  });

  it("an agency opens an account for its client, who accepts and sees the agency's actions", async () => {
    const agencyCustomer = await makeCustomer(rt);
    const agency = await loginAs(app, agencyCustomer.email, PASSWORD);
    const clientEmail = address("client");
    const res = await call(agency, "POST", "/api/me/clients", {
      kind: "company",
      name: "Ügyfél Bt.",
      country: "HU",
      postalCode: "1111",
      city: "Budapest",
      addressLine: "Fő utca 2.",
      language: "hu",
      currency: "HUF",
      owner: { name: "Ügyfél Ödön", email: clientEmail },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { customerId } = res.json<{ customerId: string }>();
    const now = await call(agency, "GET", "/api/auth/session");
    expect(now.json()).toMatchObject({
      user: { customerId, via: "manager", permissions: ["owner"] },
    });

    const mails = await mailsTo(clientEmail);
    expect(mails.map((m) => m.type)).toEqual(["accounts.client_account"]);
    const client = await accept(await tokenMailedTo(clientEmail), {
      password: "client password 1",
    });
    expect(client.body.user).toMatchObject({ customerId, via: "contact", permissions: ["owner"] });
    const managers = await call(client, "GET", "/api/me/managers");
    expect(managers.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ status: "active", permissions: ["owner"] }),
    ]);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "actor_via"])
      .where("customer_id", "=", customerId)
      .orderBy("at")
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "customer.created", actor_via: "manager" }),
        expect.objectContaining({ action: "manager.client_account_created", actor_via: "manager" }),
        expect.objectContaining({ action: "contact.accepted", actor_via: "contact" }),
      ]),
    );
  });

  it("refuses the agency flows to staff logins and bad input", async () => {
    const s = await makeStaff(rt, { role: "support" });
    const staff = await loginAs(app, s.email, PASSWORD);
    const r = await call(staff, "POST", "/api/me/manager-requests", {
      customerCode: "C1",
      ownerEmail: "a@example.test",
      permissions: ["owner"],
    });
    expect(r.statusCode).toBe(403);
    const { owner } = await ownerSession();
    const bad = await call(owner, "POST", "/api/me/clients", { kind: "company", name: "" });
    expect(bad.statusCode).toBe(400);
  });
});

describe("staff acting as a customer", () => {
  it("support acts as the owner with a visible state, audited; billing staff may not start", async () => {
    const { customer } = await ownerSession();
    const support = await loginAs(app, (await makeStaff(rt, { role: "support" })).email, PASSWORD);
    const billing = await loginAs(app, (await makeStaff(rt, { role: "billing" })).email, PASSWORD);
    expect((await call(support, "GET", "/api/me/services")).statusCode).toBe(403);
    expect(
      (await call(billing, "POST", `/api/staff/customers/${customer.customerId}/act-as`))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(support, "POST", "/api/staff/customers/cus_does_not_exist/act-as")).statusCode,
    ).toBe(404);
    const start = await call(support, "POST", `/api/staff/customers/${customer.customerId}/act-as`);
    expect(start.statusCode, start.body).toBe(200);
    expect(start.json()).toMatchObject({
      user: {
        customerId: customer.customerId,
        via: "staff",
        permissions: ["owner"],
        isStaff: true,
      },
    });
    expect((await call(support, "GET", "/api/me/services")).statusCode).toBe(200);
    expect((await call(support, "GET", "/api/staff/customers")).statusCode).toBe(200);
    const stop = await call(support, "DELETE", "/api/staff/act-as");
    expect(stop.statusCode).toBe(204);
    expect((await call(support, "GET", "/api/me/services")).statusCode).toBe(403);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select("action")
      .where("customer_id", "=", customer.customerId)
      .where("action", "like", "staff.%")
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "staff.acting_ended",
      "staff.acting_started",
    ]);
  });
});
