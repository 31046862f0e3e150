import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../test/http.ts";
import type { Access, RouteEntry } from "./platform/http/routing.ts";

/**
 * The authorization matrix, generated from the route table: every API route × every kind of
 * caller → the status its declared access allows. A new route is covered the moment it exists.
 */
let rt: TestRuntime;
let app: FastifyInstance;
const callers: Record<"anonymous" | "customer" | "staff", Session | null> = {
  anonymous: null,
  customer: null,
  staff: null,
};

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  const c = await makeCustomer(rt);
  const s = await makeStaff(rt);
  callers.customer = await loginAs(app, c.email, PASSWORD);
  callers.staff = await loginAs(app, s.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

/** What each caller must get from a route before any validation: null = let through. */
const EXPECTED: Record<Access, Record<keyof typeof callers, number | null>> = {
  public: { anonymous: null, customer: null, staff: null },
  user: { anonymous: 401, customer: null, staff: null },
  customer: { anonymous: 401, customer: null, staff: 403 },
  staff: { anonymous: 401, customer: 403, staff: null },
};

function concreteUrl(route: RouteEntry): string {
  return route.url.replace(/:(\w+)/g, "$1_does_not_exist");
}

describe("authorization matrix", () => {
  it("covers every API route", () => {
    expect(app.routeTable.length).toBeGreaterThan(10);
    for (const r of app.routeTable)
      expect(["public", "user", "customer", "staff"]).toContain(r.access);
  });

  it("answers each caller as the route's declared access says (0 leaks)", async () => {
    const leaks: string[] = [];
    // Logging out ends the callers' sessions: that route goes last.
    const isLogout = (r: RouteEntry) => r.url === "/api/auth/logout";
    const routes = [
      ...app.routeTable.filter((r) => !isLogout(r)),
      ...app.routeTable.filter(isLogout),
    ];
    for (const route of routes) {
      for (const [who, session] of Object.entries(callers) as [
        keyof typeof callers,
        Session | null,
      ][]) {
        const expected = EXPECTED[route.access][who];
        const res = await app.inject({
          method: route.method as "GET",
          url: concreteUrl(route),
          headers: session ? { cookie: session.cookie, "x-csrf-token": session.csrfToken } : {},
          ...(route.method === "GET" ? {} : { payload: {} }),
          remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
        });
        const denied = res.statusCode === 401 || res.statusCode === 403;
        if (expected !== null && res.statusCode !== expected) {
          leaks.push(
            `${route.method} ${route.url} as ${who}: ${res.statusCode}, expected ${expected}`,
          );
        }
        if (
          expected === null &&
          denied &&
          !(route.url === "/api/auth/login" || route.url.startsWith("/api/auth/password"))
        ) {
          leaks.push(
            `${route.method} ${route.url} as ${who}: ${res.statusCode}, expected to be let through`,
          );
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
