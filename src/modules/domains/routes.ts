import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { problems, requireCustomer, zodApp } from "../../platform/http/routing.ts";
import type { Registrar } from "./registrar/port.ts";
import { checkDomains } from "./use-cases/check.ts";

const domainResultSchema = z
  .object({
    name: z.string().describe('ASCII form (punycode for IDN), e.g. "xn--rvztr-wqa0gx3bwi.hu"'),
    unicode: z.string().describe('For display, e.g. "árvíztűrő.hu"'),
    status: z.enum(["available", "registered", "reserved", "unknown"]),
    premium: z.boolean().describe("The registry prices this name above its standard price"),
    expiresAt: z.iso
      .datetime()
      .nullable()
      .describe("A registered name's expiry, when the registry says it"),
  })
  .meta({ id: "DomainAvailabilityResult" });

export const domainAvailabilitySchema = z
  .object({
    query: z.string().describe("What was asked, trimmed"),
    results: z.array(domainResultSchema),
    refused: z
      .array(
        z.object({
          name: z.string(),
          code: z.string().describe("A domains.* name rule code, e.g. domains.sld_too_short"),
          message: z.string(),
        }),
      )
      .describe("For a single label: the endings whose rules refuse it"),
  })
  .meta({ id: "DomainAvailability" });

/** The domains module's routes; `registrar` answers the availability checks. */
export function registerDomainRoutes(app: FastifyInstance, deps: Deps, registrar: Registrar): void {
  const r = zodApp(app);
  r.get(
    "/api/domains/availability",
    {
      config: {
        access: "customer",
        // Each check fans out to the registry, which rate-limits Kapu's address for everyone.
        rateLimit: { max: 60, timeWindow: "1 minute" },
      },
      schema: {
        tags: ["customer"],
        summary:
          "Is a domain name free? A whole name (kapu.hu) is checked as typed; a single label (kapu) under every ending sold",
        querystring: z.object({
          name: z.string().min(1).max(300).describe("kapu.hu, árvíztűrő.hu or just kapu"),
        }),
        response: { 200: domainAvailabilitySchema, ...problems(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      requireCustomer(request);
      const check = await checkDomains(
        deps,
        registrar,
        request.query.name,
        deps.config.registrar.tlds,
      );
      return { query: request.query.name.trim(), ...check };
    },
  );
}
