import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs, randomAddress, sessionCookie } from "../../../test/http.ts";
import { startSmtpServer, type TestSmtp } from "../../../test/smtp.ts";
import { eventually } from "../../../test/wait.ts";
import { smtpTransport } from "../../platform/mail/index.ts";

let rt: TestRuntime;
let app: FastifyInstance;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  rt = await createTestRuntime({ mailTransport: smtpTransport(smtp.url) });
  await rt.jobs.work();
  app = await createTestApp(rt);
});
afterAll(async () => {
  await app.close();
  await rt.close();
  await smtp.close();
});

/** Each call from its own client address, so the per-address rate limits stay out of the way. */
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers,
    remoteAddress: randomAddress(),
  });

describe("login and sessions", () => {
  it("logs a customer in with a HttpOnly SameSite cookie and returns the session", async () => {
    const c = await makeCustomer(rt);
    const res = await post("/api/auth/login", { email: c.email.toUpperCase(), password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((k) => k.name === "kapu_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(res.json()).toMatchObject({ user: { customerId: c.customerId, isStaff: false } });
    const session = await app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: sessionCookie(res) },
    });
    expect(session.statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown e-mail identically", async () => {
    const c = await makeCustomer(rt);
    const wrong = await post("/api/auth/login", { email: c.email, password: "not the password" });
    const unknown = await post("/api/auth/login", {
      email: "nobody@example.test",
      password: "not the password",
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe("auth.invalid_credentials");
  });

  it("rotates the session at login: the old cookie stops working", async () => {
    const c = await makeCustomer(rt);
    const first = await loginAs(app, c.email, PASSWORD);
    const again = await post(
      "/api/auth/login",
      { email: c.email, password: PASSWORD },
      { cookie: first.cookie },
    );
    expect(sessionCookie(again)).not.toBe(first.cookie);
    const old = await app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: first.cookie },
    });
    expect(old.statusCode).toBe(401);
  });

  it("requires the CSRF token for writes and logs out", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const noToken = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: s.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe("csrf_failed");
    const out = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({
      method: "GET",
      url: "/api/me/services",
      headers: { cookie: s.cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it("expires sessions", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    rt.clock.advance({ hours: rt.config.sessionTtlHours + 1 });
    try {
      const res = await app.inject({
        method: "GET",
        url: "/api/auth/session",
        headers: { cookie: s.cookie },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      rt.clock.advance({ hours: -(rt.config.sessionTtlHours + 1) });
    }
  });

  it("gives staff a shorter session", async () => {
    // Without two-factor, so that the password alone opens the (enrol-first) session.
    const staff = await makeStaff(rt, { twoFactor: false });
    const res = await post("/api/auth/login", { email: staff.email, password: PASSWORD });
    const cookie = res.cookies.find((k) => k.name === "kapu_session")!;
    const hours = (new Date(cookie.expires!).getTime() - rt.clock.now().getTime()) / 3600_000;
    expect(Math.round(hours)).toBe(rt.config.staffSessionTtlHours);
  });

  it("remembers the language", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const put = await app.inject({
      method: "PUT",
      url: "/api/auth/language",
      payload: { language: "en" },
      headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
    });
    expect(put.statusCode).toBe(204);
    const again = await loginAs(app, c.email, PASSWORD);
    expect(again.body.user.language).toBe("en");
  });
});

/** Waits until the background jobs have handled `count` reset requests for `email`. */
async function requestsHandled(email: string, count: number): Promise<void> {
  await eventually(`${count} reset requests for ${email}`, async () => {
    const jobs = await rt.jobs.list(rt.db, { state: "completed", limit: 500 });
    const done = jobs.filter(
      (j) =>
        j.name === "auth.password-reset-request" && (j.data as { email: string }).email === email,
    );
    return done.length >= count;
  });
}

describe("forgot password", () => {
  const linkIn = (text: string) => /\/reset-password\?token=([\w-]+)/.exec(text)?.[1];

  it("mails a single-use link that sets a new password; the old one stops working", async () => {
    const c = await makeCustomer(rt);
    const res = await post("/api/auth/password/forgot", { email: c.email });
    expect(res.statusCode).toBe(202);
    const mail = await smtp.waitFor(
      (m) => m.to !== undefined && JSON.stringify(m.to).includes(c.email),
    );
    expect(mail.subject).toBe("Kapu jelszó visszaállítása");
    const token = linkIn(mail.text ?? "");
    expect(token).toBeDefined();

    const reset = await post("/api/auth/password/reset", {
      token,
      password: "a brand new password",
    });
    expect(reset.statusCode).toBe(204);
    expect((await post("/api/auth/login", { email: c.email, password: PASSWORD })).statusCode).toBe(
      401,
    );
    expect(
      (await post("/api/auth/login", { email: c.email, password: "a brand new password" }))
        .statusCode,
    ).toBe(200);

    const reuse = await post("/api/auth/password/reset", {
      token,
      password: "yet another password",
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().code).toBe("auth.reset_token_invalid");
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const res = await post("/api/auth/password/forgot", { email: "ghost@example.test" });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({});
    await requestsHandled("ghost@example.test", 1);
    const rows = await rt.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", "ghost@example.test")
      .execute();
    expect(rows).toHaveLength(0);
    // (Mail of earlier tests may still be arriving: only this address is checked.)
    expect(
      smtp.messages.filter((m) => JSON.stringify(m.to).includes("ghost@example.test")),
    ).toEqual([]);
  });

  it("refuses an expired link", async () => {
    const c = await makeCustomer(rt);
    await post("/api/auth/password/forgot", { email: c.email });
    const mail = await smtp.waitFor((m) => JSON.stringify(m.to).includes(c.email));
    rt.clock.advance({ minutes: 61 });
    try {
      const res = await post("/api/auth/password/reset", {
        token: linkIn(mail.text ?? ""),
        password: "a brand new password",
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("auth.reset_token_invalid");
    } finally {
      rt.clock.advance({ minutes: -61 });
    }
  });

  it("refuses a too-short password and changes nothing", async () => {
    const res = await post("/api/auth/password/reset", {
      token: "x".repeat(43),
      password: "short",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: "validation_failed",
      errors: [{ path: "body.password" }],
    });
  });

  it("sends at most three reset mails per address per hour", async () => {
    const c = await makeCustomer(rt);
    for (let i = 0; i < 5; i++)
      expect((await post("/api/auth/password/forgot", { email: c.email })).statusCode).toBe(202);
    await requestsHandled(c.email, 5);
    const rows = await rt.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", c.email)
      .execute();
    expect(rows).toHaveLength(3);
  });
});

describe("rate limits", () => {
  it("limits login attempts per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        // Another address each time: the per-account throttle (passwords.test.ts) stays out.
        payload: { email: `brute-${i}@example.test`, password: "guess" },
        remoteAddress: "10.9.8.7",
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("first run", () => {
  it("creates the first admin once with the setup link", async () => {
    // This database has staff from other tests only if they ran first; use a fresh runtime.
    const fresh = await createTestRuntime();
    const freshApp = await createTestApp(fresh);
    try {
      const { issueSetupLink } = await import("./index.ts");
      expect((await freshApp.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({
        needed: true,
      });
      const link = await issueSetupLink(fresh);
      const token = new URL(link!).searchParams.get("token")!;
      const body = {
        token,
        email: "boss@example.test",
        name: "Boss",
        password: "long enough password",
      };
      const created = await freshApp.inject({
        method: "POST",
        url: "/api/setup/admin",
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().user).toMatchObject({ isStaff: true, staffRole: "admin" });
      const again = await freshApp.inject({
        method: "POST",
        url: "/api/setup/admin",
        payload: { ...body, email: "two@example.test" },
      });
      expect(again.statusCode).toBe(409);
      expect(await issueSetupLink(fresh)).toBeNull();
    } finally {
      await freshApp.close();
      await fresh.close();
    }
  });
});

describe("logins are unique by e-mail", () => {
  it("refuses a customer whose contact e-mail is taken (any case), and writes nothing", async () => {
    const first = await makeCustomer(rt);
    const count = async () => (await rt.db.selectFrom("customers").select("id").execute()).length;
    const before = await count();
    await expect(
      makeCustomer(rt, { email: first.email.toUpperCase(), name: "Duplicate Kft." }),
    ).rejects.toMatchObject({ code: "auth.email_taken", status: 409 });
    expect(await count()).toBe(before);
    await expect(makeStaff(rt, { email: first.email })).rejects.toMatchObject({
      code: "auth.email_taken",
    });
  });
});
