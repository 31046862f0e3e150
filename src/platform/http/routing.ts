import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "../audit.ts";
import { errors } from "../errors.ts";
import type { RoutePermission } from "./permissions.ts";

/**
 * Who may call a route. Every route declares it in `config.access`; the app refuses to start a
 * route without one, and the authorization test (src/authorization.test.ts) is generated from
 * the route table these declarations make (`app.routeTable`).
 */
export type Access = "public" | "user" | "customer" | "staff";

/** How the logged-in user reaches the customer account it acts for. */
export type AccessVia = "contact" | "manager" | "staff";

export interface Principal {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  language: "hu" | "en";
  staffRole: string | null;
  /** The customer account the session acts for (staff: the one it acts as, if any). */
  customerId: string | null;
  customerName: string | null;
  /** What the user may do for that account (src/platform/http/permissions.ts). */
  permissions: string[];
  /** How the user reaches that account; null without one. */
  via: AccessVia | null;
  csrfToken: string;
  /**
   * Staff without two-factor while it is required: every route but the session, logout,
   * language and two-factor setup answers 403 auth.two_factor_setup_required until they enrol.
   */
  twoFactorSetupRequired?: boolean;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  permission?: RoutePermission | undefined;
  notForManagers?: boolean | undefined;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** What a customer or staff route needs beyond its access (permissions.ts). */
    permission?: RoutePermission;
    /**
     * A customer route a manager (agency) may not call whatever its scope: who manages the
     * account is the account's own owners' decision.
     */
    notForManagers?: boolean;
  }
  interface FastifyInstance {
    /** Every API route with its declared access, in registration order. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type App = FastifyInstance;
export function zodApp(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** The customer account a customer-route request acts for; 401/403 otherwise. */
export function requireCustomer(request: FastifyRequest): {
  customerId: string;
  principal: Principal;
} {
  const p = request.principal;
  if (!p) throw errors.unauthenticated();
  if (!p.customerId) throw errors.forbidden();
  return { customerId: p.customerId, principal: p };
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthenticated();
  return request.principal;
}

/** The logged-in user as the audit actor of what this request does. */
export function actorOf(request: FastifyRequest): Actor {
  const p = requirePrincipal(request);
  return {
    type: "user",
    userId: p.userId,
    requestId: request.id,
    ip: request.ip,
    ...(p.via ? { via: p.via } : {}),
  };
}

/** A non-negative amount in major units with at most 2 decimals, as the API takes money. */
export const decimalAmount = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, "a non-negative amount with at most 2 decimals");

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe("Stable machine-readable error code"),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

/** Problem responses for the OpenAPI document. */
export function problems(...statuses: number[]): Record<number, typeof problemSchema> {
  const out: Record<number, typeof problemSchema> = {};
  for (const s of statuses) out[s] = problemSchema;
  return out;
}

export const moneySchema = z
  .object({
    amount: z.string().describe('Decimal string in major units, e.g. "12500.00"'),
    currency: z.string().length(3),
  })
  .meta({ id: "Money" });

export const legalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("YYYY-MM-DD");
export const idParam = (prefix: string) =>
  z.object({ id: z.string().min(1).max(64).describe(`${prefix}_… id`) });

/** Opaque keyset cursor over a page's last sort key (strings), for `?after=`. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Decodes a cursor of `size` strings; a 400 naming querystring.after otherwise. */
export function decodeCursor(cursor: string, size: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === size && v.every((x) => typeof x === "string")) return v;
  } catch {
    // fall through
  }
  throw errors.validation([
    { path: "querystring.after", message: "not a cursor from a previous page" },
  ]);
}
