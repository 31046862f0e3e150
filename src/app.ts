import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "./platform/context.ts";
import { errors } from "./platform/errors.ts";
import { notFoundProblem, sendProblem } from "./platform/http/problem.ts";
import { registerSecurityHeaders } from "./platform/http/security-headers.ts";
import { newId } from "./platform/ids.ts";
import {
  checkRoutePermission,
  customerMayCall,
  describeAccess,
  staffMayCall,
} from "./platform/http/permissions.ts";
import { problems, zodApp, type RouteEntry } from "./platform/http/routing.ts";
import { JOB_STATES } from "./platform/jobs/index.ts";
import { registerAccessRoutes, registerAccountRoutes } from "./modules/accounts/index.ts";
import {
  assertTwoFactorSetupDone,
  registerAuthRoutes,
  registerSecurityRoutes,
  registerStaffUserRoutes,
  resolveSession,
  SESSION_COOKIE,
} from "./modules/auth/index.ts";
import { registerAuditRoutes } from "./modules/audit/index.ts";
import { registerBillingRoutes } from "./modules/billing/index.ts";
import { registerCatalogRoutes } from "./modules/catalog/index.ts";
import { registerDomainRoutes } from "./modules/domains/index.ts";
import { registerNoticeRoutes } from "./modules/notices/index.ts";
import { registerNotificationRoutes } from "./modules/notifications/index.ts";
import { registerOrderRoutes } from "./modules/orders/index.ts";
import { registerBankRoutes, registerPaymentRoutes } from "./modules/payments/index.ts";
import { registerProvisioningRoutes } from "./modules/provisioning/index.ts";
import { registerSubscriptionRoutes } from "./modules/subscriptions/index.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/dist");
const VERSION = "0.1.0";

export interface AppOptions {
  /** Serve the built web UI (web/dist) when present. */
  serveWeb?: boolean;
  /** Log requests (off in tests). */
  logger?: boolean;
}

/** The Fastify application: used by main.ts and by the tests (app.inject). */
export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger =
    options.logger === false ? deps.logger.child({}, { level: "silent" }) : deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => newId("req"),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("principal", null);

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    if (
      options.serveWeb &&
      request.method === "GET" &&
      !request.url.startsWith("/api/") &&
      hasWeb()
    ) {
      return reply.type("text/html").sendFile("index.html");
    }
    return reply
      .status(404)
      .type("application/problem+json")
      .send({ ...notFoundProblem(), instance: request.url });
  });

  registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: "1 minute",
    errorResponseBuilder: (_request, context) => ({
      ...errors.rateLimited(),
      statusCode: context.statusCode,
      code: "rate_limited",
      message: "Too many requests. Wait a little and try again.",
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Kapu API",
        version: VERSION,
        description:
          "The REST API of Kapu, used by its own web UI. Errors are RFC 9457 problem+json with a stable `code`. " +
          "Authenticated by the HttpOnly session cookie; every write must carry the session's CSRF token in `x-csrf-token`.",
      },
      tags: [
        { name: "auth", description: "Login, sessions, password reset, first-run setup" },
        { name: "customer", description: "The customer portal" },
        { name: "staff", description: "The provider's back office" },
        { name: "system", description: "Health and readiness" },
      ],
    },
    // Each operation says who may call it (the same declarations the app enforces).
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const method = [args.route.method].flat()[0] ?? "GET";
      const who = describeAccess(args.route.config?.access, args.route.config?.permission, method, {
        notForManagers: args.route.config?.notForManagers,
      });
      const schema = out.schema as { description?: string };
      if (who) schema.description = schema.description ? `${schema.description}\n\n${who}` : who;
      return out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  // Every route must say who may call it; the declarations form the route table.
  const routeTable: RouteEntry[] = [];
  app.decorate("routeTable", routeTable);
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/docs") || route.url === "/api/openapi.json") {
      route.config = { ...(route.config ?? {}), access: "public" };
      return;
    }
    if (!route.url.startsWith("/api/")) return; // static web assets, health probes
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access`);
    const permission = route.config?.permission;
    checkRoutePermission(`${String(route.method)} ${route.url}`, access, permission);
    for (const method of [route.method].flat()) {
      if (method !== "HEAD")
        routeTable.push({
          method,
          url: route.url,
          access,
          permission,
          notForManagers: route.config?.notForManagers,
        });
    }
  });

  // Resolve the session once per request, then enforce the route's access and CSRF.
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.principal = await resolveSession(deps.db, deps.clock.now(), token);
  });
  app.addHook("preValidation", async (request) => {
    const access = request.routeOptions.config.access ?? "public";
    const p = request.principal;
    if (access !== "public") {
      if (!p) throw errors.unauthenticated();
      // Staff who must enrol in two-factor first reach only the enrolment routes.
      assertTwoFactorSetupDone(p, request.method, request.routeOptions.url);
      const { permission } = request.routeOptions.config;
      if (access === "staff") {
        if (!p.staffRole || !staffMayCall(p.staffRole, permission, request.method))
          throw errors.forbidden();
      }
      if (access === "customer") {
        if (!p.customerId || !customerMayCall(p.permissions, permission, request.method))
          throw errors.forbidden();
        if (request.routeOptions.config.notForManagers && p.via === "manager")
          throw errors.forbidden();
      }
    }
    // Public writes (login, password reset) carry no session to forge with; they are JSON-only,
    // which a cross-site form cannot send without a CORS preflight.
    if (p && access !== "public" && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      if (request.headers["x-csrf-token"] !== p.csrfToken) throw errors.csrf();
    }
  });

  registerSystemRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerSecurityRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerAccessRoutes(app, deps);
  registerStaffUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerSubscriptionRoutes(app, deps);
  registerBillingRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerBankRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerDomainRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerProvisioningRoutes(app, deps);
  registerNoticeRoutes(app, deps);

  zodApp(app).get(
    "/api/openapi.json",
    { config: { access: "public" }, schema: { hide: true } },
    async () => app.swagger(),
  );

  if (options.serveWeb && hasWeb()) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
    app.get("/", { config: { access: "public" }, schema: { hide: true } }, (_req, reply) =>
      reply.type("text/html").sendFile("index.html"),
    );
  }
  return app;
}

function hasWeb(): boolean {
  return fs.existsSync(path.join(WEB_DIST, "index.html"));
}

function registerSystemRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.get(
    "/healthz",
    {
      config: { access: "public", rateLimit: false },
      schema: {
        tags: ["system"],
        summary: "The process is up",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  r.get(
    "/readyz",
    {
      config: { access: "public", rateLimit: false },
      schema: {
        tags: ["system"],
        summary: "The database and the job system are ready",
        response: {
          200: z.object({ status: z.literal("ready"), database: z.boolean(), jobs: z.boolean() }),
          503: z.object({
            status: z.literal("not_ready"),
            database: z.boolean(),
            jobs: z.boolean(),
          }),
        },
      },
    },
    async (_request, reply) => {
      const database = await deps.db
        .selectNoFrom((eb) => eb.lit(1).as("one"))
        .execute()
        .then(
          () => true,
          () => false,
        );
      const jobs = database && (await deps.jobs.ready().catch(() => false));
      if (database && jobs) return { status: "ready" as const, database, jobs };
      return reply.status(503).send({ status: "not_ready" as const, database, jobs });
    },
  );
  r.get(
    "/api/staff/jobs",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary:
          "Background jobs: queued, running, failed and recently completed, with their errors",
        querystring: z.object({
          state: z.enum(JOB_STATES as [string, ...string[]]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(
              z
                .object({
                  id: z.string(),
                  name: z.string(),
                  state: z.string(),
                  createdOn: z.iso.datetime(),
                  startedOn: z.iso.datetime().nullable(),
                  completedOn: z.iso.datetime().nullable(),
                  retryCount: z.number().int(),
                  error: z.string().nullable(),
                })
                .meta({ id: "Job" }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const jobs = await deps.jobs.list(deps.db, {
        state: request.query.state as (typeof JOB_STATES)[number] | undefined,
        limit: request.query.limit,
      });
      return {
        items: jobs.map((j) => ({
          id: j.id,
          name: j.name,
          state: j.state,
          createdOn: new Date(j.createdOn).toISOString(),
          startedOn: j.startedOn ? new Date(j.startedOn).toISOString() : null,
          completedOn: j.completedOn ? new Date(j.completedOn).toISOString() : null,
          retryCount: j.retryCount,
          error: j.error,
        })),
      };
    },
  );
}
