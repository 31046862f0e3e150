import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import { callAs, createTestApp, loginAs, randomAddress, type Session } from "../../../test/http.ts";

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

type Method = "GET" | "POST" | "DELETE";

const call = (
  s: Session | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) => callAs(app, s, method, url, payload, headers);

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

async function loginWith(email: string, userAgent: string): Promise<Session> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: PASSWORD },
    headers: { "user-agent": userAgent },
    remoteAddress: "192.0.2.7",
  });
  expect(res.statusCode).toBe(200);
  const c = res.cookies.find((k) => k.name === "kapu_session")!;
  const body = res.json<Session["body"] & { csrfToken: string }>();
  return { cookie: `kapu_session=${c.value}`, csrfToken: body.csrfToken, body };
}

const alive = async (s: Session) => (await call(s, "GET", "/api/auth/session")).statusCode === 200;

const actions = async (userId: string) =>
  (
    await rt.db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where((eb) => eb.or([eb("subject_id", "=", userId), eb("actor_id", "=", userId)]))
      .execute()
  ).map((r) => r.action);

describe("session list", () => {
  it("lists the user's live sessions with device and address, marking the current one", async () => {
    const c = await makeCustomer(rt);
    const other = await makeCustomer(rt);
    const pc = await loginWith(c.email, FIREFOX);
    const phone = await loginWith(c.email, IPHONE);
    await loginWith(other.email, FIREFOX);
    const res = await call(phone, "GET", "/api/auth/sessions");
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(items).toHaveLength(2);
    const now = rt.clock.now().toISOString();
    expect(items).toEqual(
      expect.arrayContaining([
        {
          id: expect.stringMatching(/^ses_/),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: expect.any(String),
          ip: "192.0.2.7",
          device: "Safari on iPhone",
          current: true,
        },
        expect.objectContaining({ device: "Firefox on Windows", current: false }),
      ]),
    );
    expect(await alive(pc)).toBe(true);
    expect((await call(null, "GET", "/api/auth/sessions")).statusCode).toBe(401);
  });

  it("logs out one session; another user's session id is a 404", async () => {
    const c = await makeCustomer(rt);
    const other = await makeCustomer(rt);
    const pc = await loginWith(c.email, FIREFOX);
    const phone = await loginWith(c.email, IPHONE);
    const stranger = await loginWith(other.email, FIREFOX);
    const list = (await call(phone, "GET", "/api/auth/sessions")).json<{
      items: { id: string; current: boolean }[];
    }>().items;
    const pcId = list.find((s) => !s.current)!.id;
    const strangerId = (await call(stranger, "GET", "/api/auth/sessions")).json<{
      items: { id: string }[];
    }>().items[0]!.id;

    const foreign = await call(phone, "DELETE", `/api/auth/sessions/${strangerId}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("not_found");
    expect(await alive(stranger)).toBe(true);
    const unknown = await call(phone, "DELETE", "/api/auth/sessions/ses_does_not_exist");
    expect(unknown.statusCode).toBe(404);
    const noCsrf = await call(phone, "DELETE", `/api/auth/sessions/${pcId}`, undefined, {
      "x-csrf-token": "wrong",
    });
    expect(noCsrf.statusCode).toBe(403);

    const res = await call(phone, "DELETE", `/api/auth/sessions/${pcId}`);
    expect(res.statusCode).toBe(204);
    expect(await alive(pc)).toBe(false);
    expect(await alive(phone)).toBe(true);
    expect(await actions(c.userId!)).toContain("auth.session_ended");

    // Ending the current session logs it out, like logout.
    const own = list.find((s) => s.current)!.id;
    const self = await call(phone, "DELETE", `/api/auth/sessions/${own}`);
    expect(self.statusCode).toBe(204);
    expect(self.cookies.find((k) => k.name === "kapu_session")?.value).toBe("");
    expect(await alive(phone)).toBe(false);
  });

  it("logs out every other session and keeps this one", async () => {
    const c = await makeCustomer(rt);
    const other = await makeCustomer(rt);
    const a = await loginWith(c.email, FIREFOX);
    const b = await loginWith(c.email, IPHONE);
    const keep = await loginWith(c.email, FIREFOX);
    const stranger = await loginWith(other.email, FIREFOX);
    const res = await call(keep, "POST", "/api/auth/sessions/log-out-others", {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ closed: 2 });
    expect([await alive(a), await alive(b), await alive(keep), await alive(stranger)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(await actions(c.userId!)).toContain("auth.other_sessions_ended");
  });

  it("works for staff too", async () => {
    const staff = await makeStaff(rt);
    const s = await loginAs(app, staff.email, PASSWORD);
    const res = await call(s, "GET", "/api/auth/sessions");
    expect(res.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});

/** The confirmation link's token from the mail queued to `to`. */
async function linkTokenTo(to: string): Promise<string> {
  const mail = await rt.db
    .selectFrom("mail_outbox")
    .select("text_body")
    .where("to_address", "=", to)
    .where("type", "=", "auth.email_change_confirm")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const m = /\/confirm-email\?token=([\w-]+)/.exec(mail.text_body);
  if (!m) throw new Error(`no link in ${mail.text_body}`);
  return m[1]!;
}

const loginStatus = async (email: string) =>
  (
    await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: PASSWORD },
      remoteAddress: randomAddress(),
    })
  ).statusCode;

describe("e-mail change", () => {
  it("confirms at the new address, notifies the old one, ends other sessions", async () => {
    const c = await makeCustomer(rt, { language: "en" });
    const here = await loginAs(app, c.email, PASSWORD);
    const elsewhere = await loginAs(app, c.email, PASSWORD);
    const newEmail = `moved-${c.userId}@example.test`;
    const res = await call(here, "POST", "/api/auth/email", { newEmail, password: PASSWORD });
    expect(res.statusCode).toBe(202);

    const notice = await rt.db
      .selectFrom("mail_outbox")
      .select(["type", "subject", "text_body"])
      .where("to_address", "=", c.email)
      .execute();
    expect(notice).toEqual([
      expect.objectContaining({
        type: "auth.email_change_requested",
        subject: "A change of your Kapu login e-mail address was requested",
      }),
    ]);
    expect(notice[0]!.text_body).toContain(newEmail);
    const token = await linkTokenTo(newEmail);
    const stored = await rt.db
      .selectFrom("one_time_tokens")
      .select(["user_id", "data", "purpose", "expires_at"])
      .where("purpose", "=", "email_change")
      .where("user_id", "=", c.userId)
      .executeTakeFirstOrThrow();
    expect(stored.data).toEqual({ email: newEmail });
    expect(new Date(stored.expires_at).getTime() - rt.clock.now().getTime()).toBe(24 * 3600_000);
    // Nothing changes before the link is opened.
    expect(await loginStatus(c.email)).toBe(200);
    expect(await loginStatus(newEmail)).toBe(401);

    const confirm = await call(here, "POST", "/api/auth/email/confirm", { token });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toEqual({ email: newEmail });
    expect(await loginStatus(newEmail)).toBe(200);
    expect(await loginStatus(c.email)).toBe(401);
    // The session that opened the link stays; the others end.
    expect(await alive(here)).toBe(true);
    expect(await alive(elsewhere)).toBe(false);
    expect((await call(here, "GET", "/api/auth/session")).json()).toMatchObject({
      user: { email: newEmail },
    });
    // The contact keeps its own e-mail address (account data).
    const contact = await rt.db
      .selectFrom("contacts")
      .select("email")
      .where("user_id", "=", c.userId)
      .executeTakeFirstOrThrow();
    expect(contact.email).toBe(c.email);
    const done = await rt.db
      .selectFrom("mail_outbox")
      .select(["type", "text_body"])
      .where("to_address", "=", c.email)
      .where("type", "=", "auth.email_changed")
      .executeTakeFirstOrThrow();
    expect(done.text_body).toContain(newEmail);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("subject_id", "=", c.userId)
      .where("action", "in", ["auth.email_change_requested", "auth.email_changed"])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "auth.email_change_requested", data: { newEmail } },
        // `elsewhere`, and the login made by the first loginStatus check.
        { action: "auth.email_changed", data: { from: c.email, to: newEmail, sessionsClosed: 2 } },
      ]),
    );

    // The link works once.
    const twice = await call(null, "POST", "/api/auth/email/confirm", { token });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().code).toBe("auth.email_change_token_invalid");
  });

  it("opened without a session, it ends every session", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const newEmail = `anon-${c.userId}@example.test`;
    await call(s, "POST", "/api/auth/email", { newEmail, password: PASSWORD });
    const res = await call(null, "POST", "/api/auth/email/confirm", {
      token: await linkTokenTo(newEmail),
    });
    expect(res.statusCode).toBe(200);
    expect(await alive(s)).toBe(false);
  });

  it("refuses a wrong password, the same address, a taken address and bad input", async () => {
    const c = await makeCustomer(rt);
    const taken = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const post = (body: unknown) => call(s, "POST", "/api/auth/email", body);
    const wrong = await post({ newEmail: "x@example.test", password: "not the password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("auth.reauthentication_failed");
    const same = await post({ newEmail: c.email.toUpperCase(), password: PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().code).toBe("auth.email_unchanged");
    const busy = await post({ newEmail: taken.email.toUpperCase(), password: PASSWORD });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe("auth.email_taken");
    for (const body of [
      { newEmail: "not an address", password: PASSWORD },
      { newEmail: `${"a".repeat(320)}@example.test`, password: PASSWORD },
      { newEmail: "x@example.test" },
    ]) {
      const bad = await post(body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe("validation_failed");
    }
    expect(
      (await call(null, "POST", "/api/auth/email", { newEmail: "a@b.test", password: PASSWORD }))
        .statusCode,
    ).toBe(401);
    const mails = await rt.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("user_id", "=", c.userId)
      .execute();
    expect(mails).toEqual([]);
  });

  it("refuses an expired link, and a newer request replaces the older link", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const first = `first-${c.userId}@example.test`;
    const second = `second-${c.userId}@example.test`;
    await call(s, "POST", "/api/auth/email", { newEmail: first, password: PASSWORD });
    const firstToken = await linkTokenTo(first);
    await call(s, "POST", "/api/auth/email", { newEmail: second, password: PASSWORD });
    const replaced = await call(null, "POST", "/api/auth/email/confirm", { token: firstToken });
    expect(replaced.statusCode).toBe(400);
    expect(replaced.json().code).toBe("auth.email_change_token_invalid");

    const token = await linkTokenTo(second);
    rt.clock.advance({ hours: 24, seconds: 1 });
    try {
      const expired = await call(null, "POST", "/api/auth/email/confirm", { token });
      expect(expired.statusCode).toBe(400);
      expect(expired.json().code).toBe("auth.email_change_token_invalid");
    } finally {
      rt.clock.advance({ hours: -24, seconds: -1 });
    }
    for (const token of ["short", "x".repeat(201)]) {
      const bad = await call(null, "POST", "/api/auth/email/confirm", { token });
      expect(bad.json().code).toBe("validation_failed");
    }
  });

  it("refuses the confirmation when the address was taken meanwhile, and changes nothing", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const wanted = `wanted-${c.userId}@example.test`;
    await call(s, "POST", "/api/auth/email", { newEmail: wanted, password: PASSWORD });
    const token = await linkTokenTo(wanted);
    await makeCustomer(rt, { email: wanted.toUpperCase() });
    const res = await call(s, "POST", "/api/auth/email/confirm", { token });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("auth.email_taken");
    expect(await loginStatus(c.email)).toBe(200);
    expect(await alive(s)).toBe(true);
  });
});
