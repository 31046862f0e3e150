import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import {
  createTestApp,
  loginAs,
  randomAddress,
  sessionCookie,
  type Session,
} from "../../../test/http.ts";
import { base32Decode, hotp, timeStep } from "./domain/totp.ts";
import { resetTwoFactor } from "./use-cases/two-factor.ts";

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

/** A request as the logged-in session (cookie and CSRF token), from its own client address. */
const call = (s: Session | null, method: Method, url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: s ? { cookie: s.cookie, "x-csrf-token": s.csrfToken } : {},
    remoteAddress: randomAddress(),
  });

/** The code of the authenticator app for a secret at `offset` steps from the test clock. */
const codeOf = (secret: string, offset = 0) =>
  hotp(base32Decode(secret)!, timeStep(rt.clock.now()) + offset);

/** Moves the clock and always moves it back. */
async function later<T>(duration: { seconds?: number; minutes?: number }, f: () => Promise<T>) {
  rt.clock.advance(duration);
  try {
    return await f();
  } finally {
    rt.clock.advance({
      seconds: -(duration.seconds ?? 0),
      minutes: -(duration.minutes ?? 0),
    });
  }
}

const passwordStep = (email: string) =>
  call(null, "POST", "/api/auth/login", { email, password: PASSWORD });

const secondStep = (challenge: string, proof: { code?: string; recoveryCode?: string }) =>
  call(null, "POST", "/api/auth/login/two-factor", { challenge, ...proof });

async function challengeFor(email: string): Promise<string> {
  const res = await passwordStep(email);
  expect(res.statusCode).toBe(200);
  const body = res.json<{ twoFactorRequired: boolean; challenge: string; expiresAt: string }>();
  expect(body.twoFactorRequired).toBe(true);
  return body.challenge;
}

const asSession = (res: LightMyRequestResponse): Session => {
  const body = res.json<Session["body"] & { csrfToken: string }>();
  return { cookie: sessionCookie(res), csrfToken: body.csrfToken, body };
};

const auditActions = async (userId: string) =>
  (
    await rt.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", userId)
      .orderBy("at")
      .orderBy("id")
      .execute()
  ).map((r) => r.action);

const mailsTo = (address: string) =>
  rt.db
    .selectFrom("mail_outbox")
    .select(["type", "subject", "text_body as text", "language"])
    .where("to_address", "=", address)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

/** A customer with two-factor turned on through the API; returns its secret and codes. */
async function customerWithTwoFactor() {
  const c = await makeCustomer(rt);
  const s = await loginAs(app, c.email, PASSWORD);
  const setup = await call(s, "POST", "/api/auth/two-factor/setup", {});
  const { secret } = setup.json<{ secret: string }>();
  const confirm = await call(s, "POST", "/api/auth/two-factor/confirm", { code: codeOf(secret) });
  expect(confirm.statusCode).toBe(200);
  const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
  return { ...c, session: s, secret, recoveryCodes };
}

describe("enrolment", () => {
  it("sets up with a secret, URI and QR code, confirms with a code, and gives 10 recovery codes", async () => {
    const c = await makeCustomer(rt, { language: "en" });
    const s = await loginAs(app, c.email, PASSWORD);
    const before = await call(s, "GET", "/api/auth/two-factor");
    expect(before.json()).toEqual({
      enabled: false,
      enabledAt: null,
      required: false,
      recoveryCodesLeft: 0,
    });

    const setup = await call(s, "POST", "/api/auth/two-factor/setup", {});
    expect(setup.statusCode).toBe(200);
    const body = setup.json<{ secret: string; otpauthUri: string; qrCode: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUri).toBe(
      `otpauth://totp/Kapu:${encodeURIComponent(c.email)}?secret=${body.secret}&issuer=Kapu&algorithm=SHA1&digits=6&period=30`,
    );
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(body.qrCode.split(",")[1]!, "base64").toString("utf8");
    expect(svg).toContain("<svg");
    // Still off until confirmed.
    expect((await call(s, "GET", "/api/auth/two-factor")).json()).toMatchObject({ enabled: false });

    const wrong = await call(s, "POST", "/api/auth/two-factor/confirm", {
      code: codeOf(body.secret, 3),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("auth.two_factor_code_invalid");

    const confirm = await call(s, "POST", "/api/auth/two-factor/confirm", {
      code: codeOf(body.secret),
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);

    expect((await call(s, "GET", "/api/auth/two-factor")).json()).toMatchObject({
      enabled: true,
      enabledAt: rt.clock.now().toISOString(),
      recoveryCodesLeft: 10,
    });
    // Only hashes are stored, and the secret is never shown again.
    const stored = await rt.db
      .selectFrom("recovery_codes")
      .select("code_hash")
      .where("user_id", "=", s.body.user.id)
      .execute();
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(recoveryCodes).not.toContain(row.code_hash);
    expect(JSON.stringify((await call(s, "GET", "/api/auth/two-factor")).json())).not.toContain(
      body.secret,
    );

    expect(await auditActions(s.body.user.id)).toEqual(
      expect.arrayContaining(["auth.two_factor_setup_started", "auth.two_factor_enabled"]),
    );
    expect(await mailsTo(c.email)).toEqual([
      expect.objectContaining({
        type: "auth.two_factor_enabled",
        language: "en",
        subject: "Two-factor login is on for your Kapu account",
      }),
    ]);
  });

  it("refuses a confirmation without a setup, and malformed codes", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const none = await call(s, "POST", "/api/auth/two-factor/confirm", { code: "123456" });
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe("auth.two_factor_no_pending_setup");
    for (const code of ["", "12345", "1234567890123"]) {
      const bad = await call(s, "POST", "/api/auth/two-factor/confirm", { code });
      expect(bad.statusCode, code).toBe(400);
      expect(bad.json().code).toBe("validation_failed");
    }
    const anonymous = await call(null, "POST", "/api/auth/two-factor/setup", {});
    expect(anonymous.statusCode).toBe(401);
  });

  it("moving to a new phone needs the password or a current code; the old secret works until the new one is confirmed", async () => {
    const c = await customerWithTwoFactor();
    const bare = await call(c.session, "POST", "/api/auth/two-factor/setup", {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().code).toBe("auth.reauthentication_failed");
    const wrongPassword = await call(c.session, "POST", "/api/auth/two-factor/setup", {
      password: "not the password",
    });
    expect(wrongPassword.json().code).toBe("auth.reauthentication_failed");

    const setup = await call(c.session, "POST", "/api/auth/two-factor/setup", {
      password: PASSWORD,
    });
    expect(setup.statusCode).toBe(200);
    const next = setup.json<{ secret: string }>().secret;
    expect(next).not.toBe(c.secret);
    // The old secret still logs in (one step on: the confirmation used this step's code).
    const old = await secondStep(await challengeFor(c.email), { code: codeOf(c.secret, 1) });
    expect(old.statusCode).toBe(200);

    await later({ seconds: 60 }, async () => {
      const confirm = await call(c.session, "POST", "/api/auth/two-factor/confirm", {
        code: codeOf(next),
      });
      expect(confirm.statusCode).toBe(200);
      expect(await auditActions(c.session.body.user.id)).toContain("auth.two_factor_replaced");
      const withOld = await secondStep(await challengeFor(c.email), {
        code: codeOf(c.secret, 1),
      });
      expect(withOld.statusCode).toBe(401);
      const withNew = await secondStep(await challengeFor(c.email), { code: codeOf(next, 1) });
      expect(withNew.statusCode).toBe(200);
    });
  });
});

describe("login with two-factor", () => {
  it("the password opens no session but a challenge; the code opens it", async () => {
    const c = await customerWithTwoFactor();
    const first = await passwordStep(c.email);
    expect(first.statusCode).toBe(200);
    expect(first.cookies.find((k) => k.name === "kapu_session")).toBeUndefined();
    const body = first.json<{ challenge: string; expiresAt: string }>();
    expect(body).toEqual({
      twoFactorRequired: true,
      challenge: expect.any(String),
      expiresAt: new Date(rt.clock.now().getTime() + 5 * 60_000).toISOString(),
    });
    // The confirmation used the current step: the next one is accepted (clock drift window).
    const res = await secondStep(body.challenge, { code: codeOf(c.secret, 1) });
    expect(res.statusCode).toBe(200);
    const s = asSession(res);
    expect(s.body.user.id).toBe(c.session.body.user.id);
    const session = await call(s, "GET", "/api/auth/session");
    expect(session.statusCode).toBe(200);
    const logins = await rt.db
      .selectFrom("audit_log")
      .select("data")
      .where("subject_id", "=", s.body.user.id)
      .where("action", "=", "auth.login")
      .execute();
    // The first, without two-factor (customerWithTwoFactor), and this one.
    expect(logins.map((r) => r.data)).toEqual(expect.arrayContaining([{}, { twoFactor: "totp" }]));
    expect(logins).toHaveLength(2);
  });

  it("refuses a wrong code, a replayed code and codes outside the window", async () => {
    const c = await customerWithTwoFactor();
    const challenge = await challengeFor(c.email);
    // The confirmation used this step's code: it cannot log in.
    const replay = await secondStep(challenge, { code: codeOf(c.secret) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe("auth.two_factor_code_invalid");
    const early = await secondStep(challenge, { code: codeOf(c.secret, 2) });
    expect(early.json().code).toBe("auth.two_factor_code_invalid");
    const ok = await secondStep(challenge, { code: codeOf(c.secret, 1) });
    expect(ok.statusCode).toBe(200);
    // The same code for a new challenge: used already.
    const again = await secondStep(await challengeFor(c.email), { code: codeOf(c.secret, 1) });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe("auth.two_factor_code_invalid");
    // 30 seconds on, the next step's code works.
    await later({ seconds: 60 }, async () => {
      const next = await secondStep(await challengeFor(c.email), { code: codeOf(c.secret) });
      expect(next.statusCode).toBe(200);
    });
    expect(await auditActions(c.session.body.user.id)).toContain("auth.two_factor_failed");
  });

  it("a challenge works once", async () => {
    const c = await customerWithTwoFactor();
    const challenge = await challengeFor(c.email);
    expect((await secondStep(challenge, { code: codeOf(c.secret, 1) })).statusCode).toBe(200);
    const twice = await secondStep(challenge, { recoveryCode: c.recoveryCodes[0]! });
    expect(twice.statusCode).toBe(401);
    expect(twice.json().code).toBe("auth.two_factor_challenge_invalid");
  });

  it("a challenge expires after 5 minutes", async () => {
    const c = await customerWithTwoFactor();
    const challenge = await challengeFor(c.email);
    await later({ minutes: 5, seconds: 1 }, async () => {
      const res = await secondStep(challenge, { code: codeOf(c.secret) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("auth.two_factor_challenge_invalid");
    });
  });

  it("a challenge dies after 5 wrong codes", async () => {
    const c = await customerWithTwoFactor();
    const challenge = await challengeFor(c.email);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await secondStep(challenge, { code: codeOf(c.secret, 5 + i) });
      codes.push(res.json<{ code: string }>().code);
    }
    expect(codes).toEqual([
      ...Array<string>(4).fill("auth.two_factor_code_invalid"),
      "auth.two_factor_challenge_invalid",
    ]);
    const right = await secondStep(challenge, { code: codeOf(c.secret, 1) });
    expect(right.json().code).toBe("auth.two_factor_challenge_invalid");
    // A new login with the password gets a new challenge.
    expect(
      (await secondStep(await challengeFor(c.email), { code: codeOf(c.secret, 1) })).statusCode,
    ).toBe(200);
  });

  it("after 10 wrong codes in 15 minutes, the user's second step pauses and the user is told", async () => {
    const c = await customerWithTwoFactor();
    for (let round = 0; round < 2; round++) {
      const challenge = await challengeFor(c.email);
      for (let i = 0; i < 5; i++) await secondStep(challenge, { code: codeOf(c.secret, 5 + i) });
    }
    const paused = await secondStep(await challengeFor(c.email), { code: codeOf(c.secret, 1) });
    expect(paused.statusCode).toBe(429);
    expect(paused.json().code).toBe("auth.two_factor_throttled");
    expect(paused.headers["retry-after"]).toBe("900");
    const mails = (await mailsTo(c.email)).filter((m) => m.type === "auth.two_factor_failures");
    expect(mails).toHaveLength(1);
    // Other users are not affected.
    const other = await customerWithTwoFactor();
    expect(
      (await secondStep(await challengeFor(other.email), { code: codeOf(other.secret, 1) }))
        .statusCode,
    ).toBe(200);
    await later({ minutes: 16 }, async () => {
      const res = await secondStep(await challengeFor(c.email), { code: codeOf(c.secret) });
      expect(res.statusCode).toBe(200);
    });
  });

  it("refuses made-up challenges and bodies with both or neither code", async () => {
    const c = await customerWithTwoFactor();
    const unknown = await secondStep("x".repeat(43), { code: codeOf(c.secret, 1) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe("auth.two_factor_challenge_invalid");
    const challenge = await challengeFor(c.email);
    const both = await secondStep(challenge, {
      code: codeOf(c.secret, 1),
      recoveryCode: c.recoveryCodes[0]!,
    });
    expect(both.statusCode).toBe(400);
    const neither = await secondStep(challenge, {});
    expect(neither.statusCode).toBe(400);
  });

  it("a recovery code logs in once", async () => {
    const c = await customerWithTwoFactor();
    const code = c.recoveryCodes[3]!;
    // Typed in capitals with spaces: still the code.
    const typed = code.toUpperCase().replace(/-/g, " ");
    const res = await secondStep(await challengeFor(c.email), { recoveryCode: typed });
    expect(res.statusCode).toBe(200);
    const again = await secondStep(await challengeFor(c.email), { recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe("auth.two_factor_code_invalid");
    const status = await call(asSession(res), "GET", "/api/auth/two-factor");
    expect(status.json()).toMatchObject({ recoveryCodesLeft: 9 });
    const other = await makeCustomer(rt);
    expect(other.email).not.toBe(c.email);
  });

  it("a recovery code of another user does not work", async () => {
    const a = await customerWithTwoFactor();
    const b = await customerWithTwoFactor();
    const res = await secondStep(await challengeFor(a.email), {
      recoveryCode: b.recoveryCodes[0]!,
    });
    expect(res.statusCode).toBe(401);
  });

  it("new recovery codes need a current code and replace the old ones", async () => {
    const c = await customerWithTwoFactor();
    const wrong = await call(c.session, "POST", "/api/auth/two-factor/recovery-codes", {
      code: codeOf(c.secret, 4),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("auth.two_factor_code_invalid");
    const res = await call(c.session, "POST", "/api/auth/two-factor/recovery-codes", {
      code: codeOf(c.secret, 1),
    });
    expect(res.statusCode).toBe(200);
    const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const old = await secondStep(await challengeFor(c.email), {
      recoveryCode: c.recoveryCodes[0]!,
    });
    expect(old.statusCode).toBe(401);
    const now = await secondStep(await challengeFor(c.email), { recoveryCode: fresh[0]! });
    expect(now.statusCode).toBe(200);
    expect(await auditActions(c.session.body.user.id)).toContain("auth.recovery_codes_regenerated");
  });

  it("new recovery codes without two-factor on: 409", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const res = await call(s, "POST", "/api/auth/two-factor/recovery-codes", { code: "123456" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("auth.two_factor_not_enabled");
  });
});

describe("turning two-factor off", () => {
  it("needs the password or a current code; afterwards the password alone logs in", async () => {
    const c = await customerWithTwoFactor();
    for (const body of [{}, { password: PASSWORD, code: "123456" }]) {
      const res = await call(c.session, "DELETE", "/api/auth/two-factor", body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const wrong = await call(c.session, "DELETE", "/api/auth/two-factor", {
      password: "not the password",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("auth.reauthentication_failed");
    const used = await call(c.session, "DELETE", "/api/auth/two-factor", {
      code: codeOf(c.secret),
    });
    expect(used.json().code).toBe("auth.reauthentication_failed");

    const off = await call(c.session, "DELETE", "/api/auth/two-factor", { password: PASSWORD });
    expect(off.statusCode).toBe(204);
    const login = await passwordStep(c.email);
    expect(login.json()).toMatchObject({ user: { id: c.session.body.user.id } });
    expect(
      await rt.db
        .selectFrom("recovery_codes")
        .select("code_hash")
        .where("user_id", "=", c.session.body.user.id)
        .execute(),
    ).toEqual([]);
    expect((await mailsTo(c.email)).map((m) => m.type).sort()).toEqual([
      "auth.two_factor_disabled",
      "auth.two_factor_enabled",
    ]);
    expect(await auditActions(c.session.body.user.id)).toContain("auth.two_factor_disabled");
    const again = await call(c.session, "DELETE", "/api/auth/two-factor", { password: PASSWORD });
    expect(again.statusCode).toBe(409);
  });

  it("with a current code", async () => {
    const c = await customerWithTwoFactor();
    const off = await call(c.session, "DELETE", "/api/auth/two-factor", {
      code: codeOf(c.secret, 1),
    });
    expect(off.statusCode).toBe(204);
  });

  it("is refused for staff: two-factor is required", async () => {
    const staff = await makeStaff(rt);
    const s = await loginAs(app, staff.email, PASSWORD);
    expect((await call(s, "GET", "/api/auth/two-factor")).json()).toMatchObject({
      enabled: true,
      required: true,
    });
    const res = await call(s, "DELETE", "/api/auth/two-factor", { password: PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("auth.two_factor_required");
  });
});

describe("staff must enrol", () => {
  it("a staff login without two-factor reaches only the enrolment routes until it enrols", async () => {
    const staff = await makeStaff(rt, { twoFactor: false });
    const res = await passwordStep(staff.email);
    expect(res.statusCode).toBe(200);
    const s = asSession(res);
    expect(res.json()).toMatchObject({ user: { isStaff: true, twoFactorSetupRequired: true } });

    const blocked = await call(s, "GET", "/api/staff/customers");
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("auth.two_factor_setup_required");
    for (const [method, url] of [
      ["GET", "/api/auth/sessions"],
      ["POST", "/api/auth/sessions/log-out-others"],
      ["GET", "/api/staff/jobs"],
    ] as const) {
      const r = await call(s, method, url, method === "GET" ? undefined : {});
      expect(r.statusCode, url).toBe(403);
      expect(r.json().code, url).toBe("auth.two_factor_setup_required");
    }
    expect((await call(s, "GET", "/api/auth/session")).statusCode).toBe(200);
    expect((await call(s, "PUT", "/api/auth/language", { language: "hu" })).statusCode).toBe(204);
    expect((await call(s, "GET", "/api/auth/two-factor")).json()).toMatchObject({
      enabled: false,
      required: true,
    });

    const setup = await call(s, "POST", "/api/auth/two-factor/setup", {});
    const { secret } = setup.json<{ secret: string }>();
    const confirm = await call(s, "POST", "/api/auth/two-factor/confirm", {
      code: codeOf(secret),
    });
    expect(confirm.statusCode).toBe(200);
    expect((await call(s, "GET", "/api/staff/customers")).statusCode).toBe(200);
    expect((await call(s, "GET", "/api/auth/session")).json()).toMatchObject({
      user: { twoFactorSetupRequired: false },
    });
    // From now on the login asks for the code.
    expect((await passwordStep(staff.email)).json()).toMatchObject({ twoFactorRequired: true });
  });

  it("the CLI reset turns two-factor off, ends the sessions and mails a notice", async () => {
    const staff = await makeStaff(rt);
    const s = await loginAs(app, staff.email, PASSWORD);
    const r = await resetTwoFactor(rt, staff.email.toUpperCase(), {
      type: "cli",
      name: "users reset-two-factor",
    });
    expect(r).toEqual({ userId: staff.userId, wasEnabled: true, sessionsClosed: 1 });
    expect((await call(s, "GET", "/api/auth/session")).statusCode).toBe(401);
    const again = asSession(await passwordStep(staff.email));
    expect(again.body).toMatchObject({ user: { twoFactorSetupRequired: true } });
    expect((await mailsTo(staff.email)).map((m) => m.type)).toEqual(["auth.two_factor_disabled"]);
    await expect(
      resetTwoFactor(rt, "nobody@example.test", { type: "cli", name: "test" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("a customer's login is never restricted, two-factor or not", async () => {
    const c = await makeCustomer(rt);
    const res = await passwordStep(c.email);
    expect(res.json()).toMatchObject({ user: { twoFactorSetupRequired: false } });
    expect((await call(asSession(res), "GET", "/api/me/services")).statusCode).toBe(200);
  });
});

describe("staff sessions", () => {
  it("end after 30 idle minutes; requests keep them alive", async () => {
    const staff = await makeStaff(rt);
    const s = await loginAs(app, staff.email, PASSWORD);
    const alive = async () => (await call(s, "GET", "/api/auth/session")).statusCode;
    await later({ minutes: 20 }, async () => {
      expect(await alive()).toBe(200);
      await later({ minutes: 20 }, async () => {
        expect(await alive()).toBe(200);
        await later({ minutes: 31 }, async () => {
          expect(await alive()).toBe(401);
        });
      });
    });
  });

  it("customer sessions have no idle limit", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    await later({ minutes: 600 }, async () => {
      expect((await call(s, "GET", "/api/auth/session")).statusCode).toBe(200);
    });
  });
});

describe("with STAFF_TWO_FACTOR=optional", () => {
  let rt2: TestRuntime;
  let app2: FastifyInstance;
  beforeAll(async () => {
    rt2 = await createTestRuntime({ config: { STAFF_TWO_FACTOR: "optional" } });
    app2 = await createTestApp(rt2);
  });
  afterAll(async () => {
    await app2.close();
    await rt2.close();
  });

  it("staff without two-factor are not restricted, and may turn it off", async () => {
    const plain = await makeStaff(rt2, { twoFactor: false });
    const s = await loginAs(app2, plain.email, PASSWORD);
    expect(s.body).toMatchObject({ user: { twoFactorSetupRequired: false } });
    const res = await app2.inject({
      method: "GET",
      url: "/api/staff/customers",
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(200);

    const enrolled = await makeStaff(rt2);
    const e = await loginAs(app2, enrolled.email, PASSWORD);
    const off = await app2.inject({
      method: "DELETE",
      url: "/api/auth/two-factor",
      payload: { password: PASSWORD },
      headers: { cookie: e.cookie, "x-csrf-token": e.csrfToken },
    });
    expect(off.statusCode).toBe(204);
  });
});
