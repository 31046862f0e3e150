import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import { callAs, createTestApp, loginAs, type Session } from "../../../test/http.ts";

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

const call = (
  s: Session,
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
) => callAs(app, s, method, url, payload);

interface Page<T> {
  items: T[];
  nextAfter: string | null;
}

describe("the audit log", () => {
  it("a customer sees its own account's entries with who acted; never another's", async () => {
    const a = await makeCustomer(rt);
    const b = await makeCustomer(rt);
    const owner = await loginAs(app, a.email, PASSWORD);
    await call(owner, "POST", "/api/me/contacts", {
      name: "Kata",
      email: "audit-kata@example.test",
      permissions: ["billing"],
      invite: false,
    });
    const support = await loginAs(app, (await makeStaff(rt, { role: "support" })).email, PASSWORD);
    await call(support, "POST", `/api/staff/customers/${a.customerId}/act-as`);
    await call(support, "POST", "/api/me/contacts", {
      name: "Added by staff",
      email: "audit-staff@example.test",
      permissions: ["readonly"],
      invite: false,
    });

    const res = await call(owner, "GET", "/api/me/audit");
    expect(res.statusCode, res.body).toBe(200);
    const items =
      res.json<Page<{ action: string; actor: { kind: string; name: string | null } }>>().items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "contact.added",
          actor: { kind: "contact", name: expect.any(String) },
        }),
        expect.objectContaining({ action: "contact.added", actor: { kind: "staff", name: null } }),
        expect.objectContaining({
          action: "staff.acting_started",
          actor: { kind: "staff", name: null },
        }),
      ]),
    );
    const other = await loginAs(app, b.email, PASSWORD);
    const theirs = await call(other, "GET", "/api/me/audit");
    expect(
      theirs.json<Page<{ action: string }>>().items.every((i) => i.action === "customer.created"),
    ).toBe(true);
  });

  it("staff filter everything and page through it", async () => {
    const c = await makeCustomer(rt);
    const owner = await loginAs(app, c.email, PASSWORD);
    for (let i = 0; i < 5; i++)
      await call(owner, "POST", "/api/me/contacts", {
        name: `C${i}`,
        email: `audit-page-${i}@example.test`,
        permissions: ["support"],
        invite: false,
      });
    const ro = await loginAs(app, (await makeStaff(rt, { role: "readonly" })).email, PASSWORD);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const url: string = `/api/staff/audit?customerId=${c.customerId}&action=contact.&limit=2${after ? `&after=${after}` : ""}`;
      const page = await call(ro, "GET", url);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json<Page<{ id: string; action: string; customerId: string }>>();
      for (const i of body.items) {
        expect(i).toMatchObject({ action: "contact.added", customerId: c.customerId });
        seen.push(i.id);
      }
      after = body.nextAfter;
    } while (after);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const bad = await call(ro, "GET", "/api/staff/audit?after=garbage");
    expect(bad.statusCode).toBe(400);
  });
});
