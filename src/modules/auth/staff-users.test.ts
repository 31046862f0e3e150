import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeStaff, PASSWORD } from "../../../test/factories.ts";
import { callAs, createTestApp, loginAs, type Session } from "../../../test/http.ts";

let rt: TestRuntime;
let app: FastifyInstance;
let admin: Session;
let adminId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  const a = await makeStaff(rt, { role: "admin" });
  adminId = a.userId;
  admin = await loginAs(app, a.email, PASSWORD);
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

describe("staff members and departments", () => {
  it("an admin adds a department and a support member, who gets a link to set a password", async () => {
    const dep = await call(admin, "POST", "/api/staff/departments", {
      name: "Ügyfélszolgálat",
      email: "support@example.test",
    });
    expect(dep.statusCode, dep.body).toBe(201);
    const dup = await call(admin, "POST", "/api/staff/departments", { name: "ügyfélszolgálat" });
    expect(dup.statusCode).toBe(409);
    const depId = dep.json<{ id: string }>().id;

    const add = await call(admin, "POST", "/api/staff/users", {
      email: "new-support@example.test",
      name: "Support Sári",
      role: "support",
      language: "hu",
      departmentIds: [depId],
    });
    expect(add.statusCode, add.body).toBe(201);
    const mail = await rt.db
      .selectFrom("mail_outbox")
      .select(["type", "text_body"])
      .where("to_address", "=", "new-support@example.test")
      .executeTakeFirstOrThrow();
    expect(mail.type).toBe("auth.staff_invitation");
    expect(mail.text_body).toMatch(/\/reset-password\?token=/);

    const list = await call(admin, "GET", "/api/staff/users");
    const sari = list
      .json<{ items: { id: string; email: string; role: string; departmentIds: string[] }[] }>()
      .items.find((u) => u.email === "new-support@example.test");
    expect(sari).toMatchObject({ role: "support", departmentIds: [depId] });
    const deps = await call(admin, "GET", "/api/staff/departments");
    expect(deps.json()).toMatchObject({ items: [{ id: depId, members: 1 }] });

    const unknown = await call(admin, "POST", "/api/staff/users", {
      email: "x@example.test",
      name: "X",
      role: "billing",
      language: "en",
      departmentIds: ["dep_nope"],
    });
    expect(unknown.statusCode).toBe(400);
    const taken = await call(admin, "POST", "/api/staff/users", {
      email: "NEW-support@example.test",
      name: "Again",
      role: "billing",
      language: "en",
    });
    expect(taken.statusCode).toBe(409);
  });

  it("keeps the last active admin; disabling a member ends its sessions", async () => {
    const soleAdmins = await rt.db
      .selectFrom("users")
      .select("id")
      .where("staff_role", "=", "admin")
      .execute();
    expect(soleAdmins).toHaveLength(1);
    const demote = await call(admin, "PUT", `/api/staff/users/${adminId}`, { role: "billing" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: "staff.last_admin" });
    const off = await call(admin, "PUT", `/api/staff/users/${adminId}`, { disabled: true });
    expect(off.statusCode).toBe(409);

    const b = await makeStaff(rt, { role: "billing" });
    const billing = await loginAs(app, b.email, PASSWORD);
    expect((await call(billing, "GET", "/api/staff/customers")).statusCode).toBe(200);
    expect((await call(billing, "GET", "/api/staff/users")).statusCode).toBe(403);
    expect(
      (await call(billing, "PUT", `/api/staff/users/${adminId}`, { role: "readonly" })).statusCode,
    ).toBe(403);

    const disable = await call(admin, "PUT", `/api/staff/users/${b.userId}`, { disabled: true });
    expect(disable.statusCode).toBe(204);
    expect((await call(billing, "GET", "/api/staff/customers")).statusCode).toBe(401);

    const promote = await call(admin, "PUT", `/api/staff/users/${b.userId}`, {
      disabled: false,
      role: "admin",
    });
    expect(promote.statusCode).toBe(204);
    // Two admins now: the first may step down.
    expect(
      (await call(admin, "PUT", `/api/staff/users/${adminId}`, { role: "support" })).statusCode,
    ).toBe(204);
    expect((await call(admin, "PUT", "/api/staff/users/usr_nope", { name: "N" })).statusCode).toBe(
      403,
    );
    const audit = await rt.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", b.userId)
      .where("action", "=", "staff.changed")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("removes a department; its members stay", async () => {
    const a2 = await makeStaff(rt, { role: "admin" });
    const s = await loginAs(app, a2.email, PASSWORD);
    const dep = await call(s, "POST", "/api/staff/departments", { name: "Számlázás" });
    const id = dep.json<{ id: string }>().id;
    expect(
      (await call(s, "PUT", `/api/staff/departments/${id}`, { name: "Pénzügy" })).statusCode,
    ).toBe(204);
    expect((await call(s, "DELETE", `/api/staff/departments/${id}`)).statusCode).toBe(204);
    expect((await call(s, "DELETE", `/api/staff/departments/${id}`)).statusCode).toBe(404);
  });
});
