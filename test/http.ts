import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../src/app.ts";
import type { TestRuntime } from "./db.ts";
import type { Clock } from "../src/platform/clock.ts";
import { base32Decode, hotp, timeStep } from "../src/modules/auth/domain/totp.ts";

export async function createTestApp(rt: TestRuntime): Promise<FastifyInstance> {
  const app = await buildApp(rt, { logger: false });
  await app.ready();
  return app;
}

export interface Session {
  cookie: string;
  csrfToken: string;
  body: { user: { id: string; isStaff: boolean; customerId: string | null; language: string } };
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const c = response.cookies.find((x) => x.name === "kapu_session");
  if (!c) throw new Error(`No session cookie (status ${response.statusCode}: ${response.body})`);
  return `kapu_session=${c.value}`;
}

/** A client address of its own per call: keeps per-address rate limits out of unrelated tests. */
export function randomAddress(): string {
  const b = () => Math.floor(Math.random() * 254) + 1;
  return `10.${b()}.${b()}.${b()}`;
}

/** What the test kit knows of the two-factor logins it made (makeStaff), by e-mail. */
const twoFactorLogins = new Map<
  string,
  { secret: string; recoveryCodes: string[]; clock: Clock; lastStep: number | null }
>();

/** Lets `loginAs` answer the second step of this user's logins (called by makeStaff). */
export function rememberTwoFactor(
  email: string,
  t: { secret: string; recoveryCodes: string[]; clock: Clock },
): void {
  twoFactorLogins.set(email.toLowerCase(), {
    secret: t.secret,
    recoveryCodes: [...t.recoveryCodes],
    clock: t.clock,
    lastStep: null,
  });
}

/**
 * The answer to a two-factor challenge: a code of the first step around the test clock's time
 * that no earlier login used (a used code is refused), else one of the recovery codes; so a
 * user logs in up to 13 times at one fixed time.
 */
function secondFactor(email: string): { code: string } | { recoveryCode: string } {
  const known = twoFactorLogins.get(email.toLowerCase());
  if (!known)
    throw new Error(`${email} has two-factor login on, but the test kit does not know its secret`);
  const now = timeStep(known.clock.now());
  for (let step = now - 1; step <= now + 1; step++) {
    if (known.lastStep === null || step > known.lastStep) {
      known.lastStep = step;
      return { code: hotp(base32Decode(known.secret)!, step) };
    }
  }
  const recoveryCode = known.recoveryCodes.shift();
  if (!recoveryCode) throw new Error(`${email}: too many logins at one time; advance the clock`);
  return { recoveryCode };
}

/** Logs in; for a login with two-factor on (staff from makeStaff), answers the second step too. */
export async function loginAs(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<Session> {
  const remoteAddress = randomAddress();
  let response = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress,
  });
  if (
    response.statusCode === 200 &&
    response.json<{ twoFactorRequired?: boolean }>().twoFactorRequired
  ) {
    const { challenge } = response.json<{ challenge: string }>();
    response = await app.inject({
      method: "POST",
      url: "/api/auth/login/two-factor",
      payload: { challenge, ...secondFactor(email) },
      remoteAddress,
    });
  }
  if (response.statusCode !== 200)
    throw new Error(`Login failed: ${response.statusCode} ${response.body}`);
  const body = response.json<Session["body"] & { csrfToken: string }>();
  return { cookie: sessionCookie(response), csrfToken: body.csrfToken, body };
}

/**
 * One API call as a session (or anonymously): its cookie and CSRF token, a client address of
 * its own (per-address rate limits stay out of the way), a JSON body when given.
 */
export function callAs(
  app: FastifyInstance,
  session: Session | null,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: {
      ...(session ? { cookie: session.cookie, "x-csrf-token": session.csrfToken } : {}),
      ...headers,
    },
    remoteAddress: randomAddress(),
  });
}

/** The one-time link token (`token=…`) of the newest mail to an address in the outbox. */
export async function tokenMailedTo(rt: TestRuntime, email: string): Promise<string> {
  const row = await rt.db
    .selectFrom("mail_outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const token = /token=([\w-]+)/.exec(row.text_body)?.[1];
  if (!token) throw new Error(`no link in the newest mail to ${email}`);
  return token;
}
