import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import { idParam, problems, requireCustomer, zodApp } from "../../platform/http/routing.ts";
import { presentService, serviceSchema } from "./presenters.ts";
import { findServiceOfCustomer, listServicesOfCustomer } from "./repo.ts";

export function registerSubscriptionRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.get(
    "/api/me/services",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: "My services: product, state, billing cycle, price, next due date",
        response: { 200: z.object({ items: z.array(serviceSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listServicesOfCustomer(deps.db, customerId);
      return { items: rows.map(presentService) };
    },
  );
  r.get(
    "/api/me/services/:id",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: "One of my services",
        params: idParam("svc"),
        response: { 200: serviceSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const row = await findServiceOfCustomer(deps.db, customerId, request.params.id);
      if (!row) throw errors.notFound("service");
      return presentService(row);
    },
  );
}
