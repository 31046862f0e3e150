import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../test/db.ts";
import {
  makeCustomer,
  makeInvoice,
  makeProduct,
  makeService,
  makeStaff,
  PASSWORD,
} from "../test/factories.ts";
import {
  callAs,
  createTestApp,
  loginAs,
  sessionCookie,
  tokenMailedTo,
  type Session,
} from "../test/http.ts";
import {
  customerMayCall,
  STAFF_ROLES,
  staffMayCall,
  type CustomerPermission,
} from "./platform/http/permissions.ts";
import type { RouteEntry } from "./platform/http/routing.ts";

/**
 * The authorization matrix, generated from the route table: every API route × every kind of
 * caller → what the route's declared access and permission allow. A new route is covered the
 * moment it exists; a new `/api/me/…/:id` route needs a fixture of another customer's id.
 */
let rt: TestRuntime;
let app: FastifyInstance;

interface Caller {
  name: string;
  session: Session | null;
  kind: "anonymous" | "account" | "revoked" | "other" | "staff";
  permissions?: string[];
  via?: "contact" | "manager";
  role?: string;
}
const callers: Caller[] = [];
/** Ids of the first account's things, by the path segment before `:id`. */
const fixtures: Record<string, string> = {};

type Method = Parameters<typeof callAs>[2];
function inject(s: Session | null, method: Method, url: string, payload?: unknown) {
  return callAs(app, s, method, url, payload);
}

async function accept(email: string): Promise<Session> {
  const res = await inject(null, "POST", "/api/invitations/accept", {
    token: await tokenMailedTo(rt, email),
    password: "matrix password 1",
  });
  if (res.statusCode !== 200) throw new Error(`accept ${email}: ${res.body}`);
  return {
    cookie: sessionCookie(res),
    csrfToken: res.json<{ csrfToken: string }>().csrfToken,
    body: res.json(),
  };
}

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  const a = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
  const owner = await loginAs(app, a.email, PASSWORD);
  callers.push({ name: "anonymous", session: null, kind: "anonymous" });
  callers.push({
    name: "owner",
    session: owner,
    kind: "account",
    permissions: ["owner"],
    via: "contact",
  });
  const contactPermissions: CustomerPermission[] = [
    "billing",
    "technical",
    "domains",
    "support",
    "readonly",
  ];
  for (const p of contactPermissions) {
    const email = `matrix-${p}@example.test`;
    const res = await inject(owner, "POST", "/api/me/contacts", {
      name: p,
      email,
      permissions: [p],
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    fixtures.contacts ??= res.json<{ id: string }>().id;
    callers.push({
      name: `contact ${p}`,
      session: await accept(email),
      kind: "account",
      permissions: [p],
      via: "contact",
    });
  }
  const scoped = ["billing", "technical"];
  await inject(owner, "POST", "/api/me/managers", {
    email: "matrix-agency@example.test",
    permissions: scoped,
  });
  callers.push({
    name: "manager billing+technical",
    session: await accept("matrix-agency@example.test"),
    kind: "account",
    permissions: scoped,
    via: "manager",
  });
  await inject(owner, "POST", "/api/me/managers", {
    email: "matrix-full@example.test",
    permissions: ["owner"],
  });
  callers.push({
    name: "manager owner",
    session: await accept("matrix-full@example.test"),
    kind: "account",
    permissions: ["owner"],
    via: "manager",
  });
  const gone = await inject(owner, "POST", "/api/me/managers", {
    email: "matrix-gone@example.test",
    permissions: ["owner"],
  });
  const goneSession = await accept("matrix-gone@example.test");
  await inject(owner, "DELETE", `/api/me/managers/${gone.json<{ id: string }>().id}`);
  callers.push({ name: "manager revoked", session: goneSession, kind: "revoked" });
  fixtures.managers = gone.json<{ id: string }>().id;

  const b = await makeCustomer(rt);
  callers.push({
    name: "other customer",
    session: await loginAs(app, b.email, PASSWORD),
    kind: "other",
  });
  for (const role of STAFF_ROLES) {
    const s = await makeStaff(rt, { role });
    callers.push({
      name: `staff ${role}`,
      session: await loginAs(app, s.email, PASSWORD),
      kind: "staff",
      role,
    });
  }

  // The first account's things, which the other customer must not reach.
  const product = await makeProduct(rt);
  fixtures.services = await makeService(rt, a.customerId, { productId: product.productId });
  fixtures.invoices = (await makeInvoice(rt, a.customerId, {})).id;
  fixtures.accounts = a.customerId;
  const open = await makeInvoice(rt, a.customerId, { status: "open", amount: "100" });
  const admin = callers.find((c) => c.role === "admin")?.session ?? null;
  const payment = await inject(admin, "POST", "/api/staff/payments", {
    customerId: a.customerId,
    amount: "100",
    currency: "HUF",
    method: "cash",
    receivedOn: "2026-11-23",
    documents: [{ id: open.id }],
    idempotencyKey: "matrix-payment",
  });
  if (payment.statusCode !== 201) throw new Error(payment.body);
  fixtures.payments = payment.json<{ paymentId: string }>().paymentId;
  const due = await makeInvoice(rt, a.customerId, {
    kind: "proforma",
    status: "open",
    amount: "50",
  });
  const checkout = await inject(owner, "POST", "/api/me/checkouts", { documentIds: [due.id] });
  if (checkout.statusCode !== 201) throw new Error(checkout.body);
  fixtures.checkouts = checkout.json<{ checkoutId: string }>().checkoutId;
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const LET_THROUGH = null;

/** What a caller must get from a route before any validation: null = let through. */
function expected(route: RouteEntry, c: Caller): number | null {
  if (route.access === "public") return LET_THROUGH;
  if (c.kind === "anonymous") return 401;
  if (route.access === "user") return LET_THROUGH;
  if (c.kind === "staff") {
    if (route.access === "customer") return 403;
    return staffMayCall(c.role ?? "", route.permission, route.method) ? LET_THROUGH : 403;
  }
  if (route.access === "staff") return 403;
  if (c.kind === "revoked") return 403;
  if (c.kind === "other") return LET_THROUGH;
  const may =
    customerMayCall(c.permissions ?? [], route.permission, route.method) &&
    !(route.notForManagers && c.via === "manager");
  return may ? LET_THROUGH : 403;
}

const nowhere = (route: RouteEntry) => route.url.replace(/:(\w+)/g, "$1_does_not_exist");

/** The other customer calls the first account's things by their real ids. */
function foreignUrl(route: RouteEntry): string | undefined {
  if (!route.url.includes(":id") || !route.url.startsWith("/api/me/")) return undefined;
  const segment = /\/api\/me\/([\w-]+)\/:id/.exec(route.url)?.[1] ?? "";
  const id = fixtures[segment];
  if (!id) throw new Error(`no fixture of another customer's id for ${route.url}: add one`);
  return route.url.replace(":id", id);
}

describe("authorization matrix", () => {
  it("covers every API route", () => {
    expect(app.routeTable.length).toBeGreaterThan(100);
    for (const r of app.routeTable)
      expect(["public", "user", "customer", "staff"]).toContain(r.access);
  });

  it("answers each caller as the route's declared access and permission say (0 leaks)", async () => {
    const leaks: string[] = [];
    // Logging out ends the callers' sessions: those routes go last, logout itself at the end.
    const rank = (r: RouteEntry) =>
      r.url === "/api/auth/logout" ? 2 : r.url.includes("log-out") ? 1 : 0;
    const routes = [...app.routeTable].sort((x, y) => rank(x) - rank(y));
    let checked = 0;
    for (const route of routes) {
      for (const c of callers) {
        const want = expected(route, c);
        const foreign = c.kind === "other" ? foreignUrl(route) : undefined;
        const res = await inject(
          c.session,
          route.method as Method,
          foreign ?? nowhere(route),
          route.method === "GET" ? undefined : {},
        );
        checked++;
        const got = res.statusCode;
        const denied = got === 401 || got === 403;
        const at = `${route.method} ${route.url} as ${c.name}: ${got}`;
        if (foreign) {
          // Someone else's id: not found (or refused as invalid before looking), never served.
          const ok = got === 404 || (route.method !== "GET" && got === 400);
          if (!ok) leaks.push(`${at}, expected 404 for another customer's id`);
        } else if (want !== null && got !== want) leaks.push(`${at}, expected ${want}`);
        else if (
          want === null &&
          denied &&
          !(route.url === "/api/auth/login" || route.url.startsWith("/api/auth/password"))
        )
          leaks.push(`${at}, expected to be let through`);
        if (got >= 500) leaks.push(`${at}: a server error`);
      }
    }
    expect(leaks).toEqual([]);
    expect(checked).toBe(routes.length * callers.length);
  });
});
