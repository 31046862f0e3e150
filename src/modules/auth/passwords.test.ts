import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs, randomAddress, type Session } from "../../../test/http.ts";
import { requestPasswordReset } from "./index.ts";
import { LOGIN_THROTTLE } from "./domain/login-throttle.ts";
import { purgeLoginThrottle } from "./use-cases/login-throttle.ts";

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

const login = (email: string, password: string, address = randomAddress()) =>
  app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: address,
  });

const storedHash = async (userId: string) =>
  (
    await rt.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", userId)
      .executeTakeFirstOrThrow()
  ).password_hash;

const setHash = (userId: string, hash: string) =>
  rt.db.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute();

const auditOf = (userId: string, action: string) =>
  rt.db
    .selectFrom("audit_log")
    .select(["action", "data", "actor_type", "actor_id"])
    .where("subject_id", "=", userId)
    .where("action", "=", action)
    .execute();

const userIdOf = async (email: string) =>
  (
    await rt.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow()
  ).id;

/** Runs `body` with the clock moved forward, and moves it back afterwards. */
async function later(minutes: number, body: () => Promise<void>): Promise<void> {
  rt.clock.advance({ minutes });
  try {
    await body();
  } finally {
    rt.clock.advance({ minutes: -minutes });
  }
}

interface Vector {
  scheme: string;
  password: string;
  hash: string;
}
const VECTORS = (
  JSON.parse(
    fs.readFileSync(
      new URL("../../../test/fixtures/legacy-hashes/vectors.json", import.meta.url),
      "utf8",
    ),
  ) as Vector[]
).filter((v) => v.password !== ""); // the login form requires a password

describe("imported legacy password hashes", () => {
  it.each(VECTORS.map((v) => [v.scheme, v.hash, v] as const))(
    "%s %s logs in through the API and is replaced by argon2id",
    async (scheme, hash, v) => {
      const c = await makeCustomer(rt);
      const userId = await userIdOf(c.email);
      await setHash(userId, hash);

      expect((await login(c.email, `${v.password}-wrong`)).statusCode).toBe(401);
      expect(await storedHash(userId)).toBe(hash);

      const first = await login(c.email, v.password);
      expect(first.statusCode, first.body).toBe(200);
      const upgraded = await storedHash(userId);
      expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      const audit = await auditOf(userId, "auth.password_upgraded");
      if (hash === upgraded) {
        // Already argon2id with today's parameters: nothing to replace.
        expect(audit).toHaveLength(0);
      } else {
        expect(audit).toHaveLength(1);
        expect(audit[0]!.data).toEqual({ from: scheme, to: "argon2id" });
        expect(audit[0]).toMatchObject({ actor_type: "user", actor_id: userId });
        expect(JSON.stringify(audit[0])).not.toContain(hash.slice(-10));
      }

      expect((await login(c.email, v.password)).statusCode).toBe(200);
      const wrong = await login(c.email, `${v.password}x`);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().code).toBe("auth.invalid_credentials");
      expect(await storedHash(userId)).toBe(upgraded);
    },
  );

  it("answers a malformed stored hash like a wrong password, and keeps it", async () => {
    const c = await makeCustomer(rt);
    const userId = await userIdOf(c.email);
    await setHash(userId, "$6$rounds=abc$salt$garbage");
    const res = await login(c.email, PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("auth.invalid_credentials");
    expect(await storedHash(userId)).toBe("$6$rounds=abc$salt$garbage");
  });
});

const post = (url: string, payload: object, session?: Session, address = randomAddress()) =>
  app.inject({
    method: "POST",
    url,
    payload,
    remoteAddress: address,
    headers: session ? { cookie: session.cookie, "x-csrf-token": session.csrfToken } : {},
  });

const sessionWorks = async (s: Session) =>
  (await app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: s.cookie } }))
    .statusCode === 200;

function expectPasswordProblem(res: LightMyRequestResponse, code: string, field: string): void {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json()).toMatchObject({ code, errors: [{ path: field }] });
}

describe("password policy wherever a password is set", () => {
  async function resetToken(email: string): Promise<string> {
    await requestPasswordReset(rt, email);
    const mail = await rt.db
      .selectFrom("mail_outbox")
      .select("text_body")
      .where("to_address", "=", email)
      .where("type", "=", "auth.password_reset")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    return /reset-password\?token=([\w-]+)/.exec(mail.text_body)![1]!;
  }

  it("reset: refuses common passwords and the e-mail; the link still works afterwards", async () => {
    const c = await makeCustomer(rt);
    const token = await resetToken(c.email);
    for (const [password, code] of [
      ["password123", "auth.password_too_common"],
      ["Qwertyuiop!", "auth.password_too_common"],
      ["1234567890", "auth.password_too_common"],
      [c.email, "auth.password_matches_account"],
      [c.email.toUpperCase(), "auth.password_matches_account"],
    ] as const) {
      expectPasswordProblem(
        await post("/api/auth/password/reset", { token, password }),
        code,
        "body.password",
      );
    }
    expect(
      (await post("/api/auth/password/reset", { token, password: "a fine new passphrase" }))
        .statusCode,
    ).toBe(204);
    expect((await login(c.email, "a fine new passphrase")).statusCode).toBe(200);
  });

  it("first-admin setup: refuses common passwords and the admin's own name", async () => {
    const body = {
      token: "x".repeat(43),
      email: "first.admin@example.test",
      name: "Nagy Péter Pál",
    };
    expectPasswordProblem(
      await post("/api/setup/admin", { ...body, password: "letmein2025!" }),
      "auth.password_too_common",
      "body.password",
    );
    expectPasswordProblem(
      await post("/api/setup/admin", { ...body, password: "Nagy Péter Pál" }),
      "auth.password_matches_account",
      "body.password",
    );
    expectPasswordProblem(
      await post("/api/setup/admin", { ...body, password: "first.admin@example.test" }),
      "auth.password_matches_account",
      "body.password",
    );
  });
});

describe("POST /api/auth/password", () => {
  const NEW = "a much better passphrase";

  it("changes the password, ends the other sessions, keeps this one, mails and audits", async () => {
    const c = await makeCustomer(rt, { language: "en" });
    const userId = await userIdOf(c.email);
    const mine = await loginAs(app, c.email, PASSWORD);
    const other1 = await loginAs(app, c.email, PASSWORD);
    const other2 = await loginAs(app, c.email, PASSWORD);
    const res = await post(
      "/api/auth/password",
      { currentPassword: PASSWORD, newPassword: NEW },
      mine,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsClosed: 2 });

    expect(await sessionWorks(mine)).toBe(true);
    expect(await sessionWorks(other1)).toBe(false);
    expect(await sessionWorks(other2)).toBe(false);
    expect(await storedHash(userId)).toMatch(/^\$argon2id\$/);
    expect((await login(c.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(c.email, NEW)).statusCode).toBe(200);

    const mail = await rt.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body", "language", "user_id"])
      .where("to_address", "=", c.email)
      .where("type", "=", "auth.password_changed")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      subject: "Your Kapu password was changed",
      language: "en",
      user_id: userId,
    });
    expect(mail[0]!.text_body).toContain("other sessions (2) were logged out");
    expect(mail[0]!.text_body).not.toContain(NEW);

    const audit = await auditOf(userId, "auth.password_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_type: "user",
      actor_id: userId,
      data: { sessionsClosed: 2, previousScheme: "argon2id" },
    });
  });

  it("mails the notice in Hungarian to a Hungarian user", async () => {
    const c = await makeCustomer(rt, { language: "hu" });
    const s = await loginAs(app, c.email, PASSWORD);
    expect(
      (await post("/api/auth/password", { currentPassword: PASSWORD, newPassword: NEW }, s))
        .statusCode,
    ).toBe(200);
    const mail = await rt.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body"])
      .where("to_address", "=", c.email)
      .where("type", "=", "auth.password_changed")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Megváltozott a Kapu jelszava");
    expect(mail.text_body).toContain("Kedves");
  });

  it("works for a user whose current password is an imported legacy hash", async () => {
    const c = await makeCustomer(rt);
    const userId = await userIdOf(c.email);
    const s = await loginAs(app, c.email, PASSWORD);
    const v = VECTORS.find((x) => x.scheme === "phpass" && x.hash.startsWith("$P$B"))!;
    await setHash(userId, v.hash);
    const res = await post(
      "/api/auth/password",
      { currentPassword: v.password, newPassword: NEW },
      s,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await auditOf(userId, "auth.password_changed"))[0]!.data).toMatchObject({
      previousScheme: "phpass",
    });
    expect((await login(c.email, NEW)).statusCode).toBe(200);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const c = await makeCustomer(rt);
    const userId = await userIdOf(c.email);
    const before = await storedHash(userId);
    const mine = await loginAs(app, c.email, PASSWORD);
    const other = await loginAs(app, c.email, PASSWORD);
    const res = await post(
      "/api/auth/password",
      { currentPassword: "not it at all", newPassword: NEW },
      mine,
    );
    expectPasswordProblem(res, "auth.current_password_wrong", "body.currentPassword");
    expect(await storedHash(userId)).toBe(before);
    expect(await sessionWorks(other)).toBe(true);
    expect(await auditOf(userId, "auth.password_changed")).toHaveLength(0);
  });

  it.each([
    ["short", "auth.password_too_short"],
    ["password1234", "auth.password_too_common"],
    ["P@ssw0rd2024!", "auth.password_too_common"],
    ["zzzzzzzzzzzz", "auth.password_too_common"],
    ["EMAIL", "auth.password_matches_account"],
    ["Contact NAME", "auth.password_matches_account"],
  ])("refuses the new password %j with %s on newPassword", async (password, code) => {
    const c = await makeCustomer(rt);
    const user = await rt.db
      .selectFrom("users")
      .select(["id", "name", "password_hash"])
      .where("email", "=", c.email)
      .executeTakeFirstOrThrow();
    const s = await loginAs(app, c.email, PASSWORD);
    const newPassword =
      password === "EMAIL" ? c.email : password === "Contact NAME" ? `${user.name} 2025` : password;
    const res = await post("/api/auth/password", { currentPassword: PASSWORD, newPassword }, s);
    expectPasswordProblem(res, code, "body.newPassword");
    expect(await storedHash(user.id)).toBe(user.password_hash);
  });

  it("needs a session and the CSRF token, and validates the body", async () => {
    const anonymous = await post("/api/auth/password", {
      currentPassword: PASSWORD,
      newPassword: NEW,
    });
    expect(anonymous.statusCode).toBe(401);
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      payload: { currentPassword: PASSWORD, newPassword: NEW },
      headers: { cookie: s.cookie },
      remoteAddress: randomAddress(),
    });
    expect(noCsrf.statusCode).toBe(403);
    for (const payload of [
      {},
      { currentPassword: PASSWORD },
      { currentPassword: "", newPassword: NEW },
      { currentPassword: PASSWORD, newPassword: "x".repeat(257) },
    ]) {
      const res = await post("/api/auth/password", payload, s);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
  });

  it("is rate-limited per client address", async () => {
    const c = await makeCustomer(rt);
    const s = await loginAs(app, c.email, PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(
        "/api/auth/password",
        { currentPassword: "wrong guess", newPassword: NEW },
        s,
        "10.66.0.1",
      );
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});

describe("per-account throttling of failed logins", () => {
  const HOME = "198.51.100.10";
  const retryAfter = (res: LightMyRequestResponse) => Number(res.headers["retry-after"]);

  /** Five wrong passwords for `email`, each from another address (as a botnet would). */
  async function fiveFailures(email: string): Promise<void> {
    for (let i = 0; i < LOGIN_THROTTLE.freeFailures; i++) {
      expect((await login(email, `guess number ${i}`)).statusCode).toBe(401);
    }
  }

  it("attacker: after five failures more attempts get 429 with Retry-After, even with the right password", async () => {
    const c = await makeCustomer(rt);
    await fiveFailures(c.email);
    const wrong = await login(c.email, "guess number 6");
    expect(wrong.statusCode).toBe(429);
    expect(wrong.json()).toMatchObject({ code: "auth.login_throttled", status: 429 });
    expect(retryAfter(wrong)).toBe(60);
    const right = await login(c.email, PASSWORD);
    expect(right.statusCode).toBe(429);
  });

  it("victim: the right password from an address that logged in before still gets in", async () => {
    const c = await makeCustomer(rt);
    expect((await login(c.email, PASSWORD, HOME)).statusCode).toBe(200);
    await fiveFailures(c.email);
    expect((await login(c.email, PASSWORD, randomAddress())).statusCode).toBe(429);
    // A wrong password from home is still checked (and answered 401), the right one gets in.
    expect((await login(c.email, "typo in it", HOME)).statusCode).toBe(401);
    expect((await login(c.email, PASSWORD, HOME)).statusCode).toBe(200);
  });

  it("victim: an IPv6 address in the /64 of an earlier login counts as known", async () => {
    const c = await makeCustomer(rt);
    expect((await login(c.email, PASSWORD, "2001:db8:1:2::abcd")).statusCode).toBe(200);
    await fiveFailures(c.email);
    expect((await login(c.email, PASSWORD, "2001:db8:1:3::abcd")).statusCode).toBe(429);
    expect((await login(c.email, PASSWORD, "2001:db8:1:2:aaaa:bbbb:cccc:dddd")).statusCode).toBe(
      200,
    );
  });

  it("grows the lock 1, 2, 4, 8, 15, 15 minutes and never longer", async () => {
    const c = await makeCustomer(rt);
    await fiveFailures(c.email);
    const waits: number[] = [];
    let moved = 0;
    try {
      for (let i = 0; i < 6; i++) {
        const locked = await login(c.email, "still guessing");
        expect(locked.statusCode).toBe(429);
        waits.push(retryAfter(locked));
        rt.clock.advance({ seconds: retryAfter(locked) });
        moved += retryAfter(locked);
        // The lock is over: the next password is checked again (and is wrong).
        expect((await login(c.email, "still guessing")).statusCode).toBe(401);
      }
    } finally {
      rt.clock.advance({ seconds: -moved });
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it("refused attempts do not extend the lock: it ends on time however hard it is hammered", async () => {
    const c = await makeCustomer(rt);
    await fiveFailures(c.email);
    let moved = 0;
    try {
      const waits: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await login(c.email, `hammer ${i}`);
        expect(res.statusCode).toBe(429);
        waits.push(retryAfter(res));
        rt.clock.advance({ seconds: 2 });
        moved += 2;
      }
      expect(waits[0]).toBe(60);
      expect(waits.at(-1)).toBe(22);
      rt.clock.advance({ seconds: 20 });
      moved += 20;
      expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
    } finally {
      rt.clock.advance({ seconds: -moved });
    }
  });

  it("the owner on a new address waits at most 15 minutes after the attack stops", async () => {
    const c = await makeCustomer(rt);
    await fiveFailures(c.email);
    let moved = 0;
    try {
      // A long attack: every lock used up, each time as soon as it ends.
      for (let i = 0; i < 8; i++) {
        const locked = await login(c.email, "x-guess");
        const wait = retryAfter(locked);
        expect(wait).toBeLessThanOrEqual(LOGIN_THROTTLE.maxLockMinutes * 60);
        rt.clock.advance({ seconds: wait });
        moved += wait;
        expect((await login(c.email, "x-guess")).statusCode).toBe(401);
      }
      const blocked = await login(c.email, PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(retryAfter(blocked)).toBe(900);
      rt.clock.advance({ minutes: 15 });
      moved += 900;
      expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
    } finally {
      rt.clock.advance({ seconds: -moved });
    }
  });

  it("counts concurrent failures for one e-mail exactly", async () => {
    const c = await makeCustomer(rt);
    const results = await Promise.all(
      Array.from({ length: LOGIN_THROTTLE.freeFailures }, (_, i) => login(c.email, `race ${i}`)),
    );
    expect(results.map((r) => r.statusCode)).toEqual(
      Array<number>(LOGIN_THROTTLE.freeFailures).fill(401),
    );
    expect((await login(c.email, PASSWORD)).statusCode).toBe(429);
  });

  it("forgets failures a window after the last one", async () => {
    const c = await makeCustomer(rt);
    for (let i = 0; i < 4; i++) expect((await login(c.email, "nope nope")).statusCode).toBe(401);
    await later(LOGIN_THROTTLE.windowMinutes, async () => {
      for (let i = 0; i < 4; i++) expect((await login(c.email, "nope nope")).statusCode).toBe(401);
      expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
    });
  });

  it("a successful login clears the count", async () => {
    const c = await makeCustomer(rt);
    for (let i = 0; i < 4; i++) expect((await login(c.email, "nope nope")).statusCode).toBe(401);
    expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(c.email, "nope nope")).statusCode).toBe(401);
    expect((await login(c.email, PASSWORD)).statusCode).toBe(200);
  });

  it("a password reset lifts the lock", async () => {
    const c = await makeCustomer(rt);
    await fiveFailures(c.email);
    expect((await login(c.email, PASSWORD)).statusCode).toBe(429);
    await requestPasswordReset(rt, c.email);
    const mail = await rt.db
      .selectFrom("mail_outbox")
      .select("text_body")
      .where("to_address", "=", c.email)
      .where("type", "=", "auth.password_reset")
      .executeTakeFirstOrThrow();
    const token = /reset-password\?token=([\w-]+)/.exec(mail.text_body)![1]!;
    expect(
      (await post("/api/auth/password/reset", { token, password: "after the storm 2026" }))
        .statusCode,
    ).toBe(204);
    expect((await login(c.email, "after the storm 2026")).statusCode).toBe(200);
  });

  it("does not tell whether the e-mail exists: an unknown one is throttled the same way", async () => {
    const c = await makeCustomer(rt);
    const ghost = `ghost-${Date.now()}@example.test`;
    await fiveFailures(c.email);
    await fiveFailures(ghost);
    const known = await login(c.email, "again");
    const unknown = await login(ghost, "again");
    expect(unknown.statusCode).toBe(429);
    expect(unknown.json()).toEqual(known.json());
    expect(unknown.headers["retry-after"]).toBe(known.headers["retry-after"]);
    // The address is stored only as a hash.
    const rows = await rt.db.selectFrom("login_throttles").select("email_hash").execute();
    expect(rows.some((r) => r.email_hash.includes("ghost"))).toBe(false);
  });

  it("audits when a lock starts on an existing account", async () => {
    const c = await makeCustomer(rt);
    const userId = await userIdOf(c.email);
    await fiveFailures(c.email);
    const audit = await auditOf(userId, "auth.login_throttled");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: "system", data: { failures: 5 } });
  });

  it("the daily purge removes forgotten failures and long-unused addresses", async () => {
    const c = await makeCustomer(rt);
    const userId = await userIdOf(c.email);
    expect((await login(c.email, PASSWORD, "203.0.113.9")).statusCode).toBe(200);
    await fiveFailures(c.email);
    const counts = async () => ({
      throttles: (await rt.db.selectFrom("login_throttles").selectAll().execute()).length,
      addresses: (
        await rt.db
          .selectFrom("login_addresses")
          .selectAll()
          .where("user_id", "=", userId)
          .execute()
      ).length,
    });
    const before = await counts();
    expect(before.addresses).toBe(1);
    await later(0, async () => {
      await purgeLoginThrottle(rt);
      expect((await counts()).addresses).toBe(1);
    });
    await later(60 * 24 * (LOGIN_THROTTLE.trustedForDays + 1), async () => {
      await purgeLoginThrottle(rt);
      expect(await counts()).toEqual({ throttles: 0, addresses: 0 });
    });
  });
});
