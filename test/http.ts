import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../src/app.ts";
import type { TestRuntime } from "./db.ts";

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

export async function loginAs(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: randomAddress(),
  });
  if (response.statusCode !== 200)
    throw new Error(`Login failed: ${response.statusCode} ${response.body}`);
  const body = response.json<Session["body"] & { csrfToken: string }>();
  return { cookie: sessionCookie(response), csrfToken: body.csrfToken, body };
}
