import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import {
  actorOf,
  idParam,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import {
  catalogProductSchema,
  presentProduct,
  presentStaffProduct,
  staffProductSchema,
} from "./presenters.ts";
import { customerCurrency, listProducts, pricesOfProducts } from "./repo.ts";
import { saveProduct } from "./use-cases/save-product.ts";

const amount = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, "an amount such as 1490.00");

const productBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,49}$/, "2–50 lowercase letters, digits or hyphens"),
    kind: z.enum(["hosting", "domain", "software", "ssl", "addon"]),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(4000).default(""),
    active: z.boolean().default(true),
    tld: z.string().trim().max(63).nullable().default(null),
    freeDomainTlds: z.array(z.string().trim().min(1).max(63)).max(20).default([]),
    renewalLeadDays: z.number().int().min(0).max(180).nullable().default(null),
    reminderDays: z.array(z.number().int().min(1).max(365)).max(10).nullable().default(null),
    provisioningModule: z.string().trim().min(1).max(60).nullable().default(null),
    prices: z
      .array(
        z.object({
          cycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
          currency: z.enum(["HUF", "EUR"]).describe("the currencies documents are issued in"),
          amount,
          setupFee: amount.default("0"),
          registerAmount: amount.nullable().default(null),
          transferAmount: amount.nullable().default(null),
        }),
      )
      .max(24),
  })
  .meta({ id: "ProductInput" });

export function registerCatalogRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  r.get(
    "/api/catalog",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: "What can be ordered: active products with their prices in my currency",
        response: {
          200: z.object({ items: z.array(catalogProductSchema) }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const currency = (await customerCurrency(deps.db, customerId)) ?? deps.config.defaultCurrency;
      const products = await listProducts(deps.db, { activeOnly: true });
      const prices = await pricesOfProducts(
        deps.db,
        products.map((p) => p.id),
        currency,
      );
      return {
        items: products.map((p) => presentProduct(p, prices)).filter((p) => p.prices.length > 0),
      };
    },
  );
  r.get(
    "/api/staff/products",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "The catalog: every product with its prices and lifecycle settings",
        response: { 200: z.object({ items: z.array(staffProductSchema) }), ...problems(401, 403) },
      },
    },
    async () => {
      const products = await listProducts(deps.db, { activeOnly: false });
      const prices = await pricesOfProducts(
        deps.db,
        products.map((p) => p.id),
      );
      return { items: products.map((p) => presentStaffProduct(p, prices)) };
    },
  );
  const one = async (id: string) => {
    const [p] = await listProducts(deps.db, { activeOnly: false, ids: [id] });
    if (!p) throw errors.notFound("product");
    return presentStaffProduct(p, await pricesOfProducts(deps.db, [id]));
  };
  r.post(
    "/api/staff/products",
    {
      config: { access: "staff", permission: "sales" },
      schema: {
        tags: ["staff"],
        summary: "Add a product with its prices",
        body: productBody,
        response: { 201: staffProductSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const id = await saveProduct(deps, null, request.body, actorOf(request));
      return reply.code(201).send(await one(id));
    },
  );
  r.put(
    "/api/staff/products/:id",
    {
      config: { access: "staff", permission: "sales" },
      schema: {
        tags: ["staff"],
        summary: "Change a product and replace its prices (services keep their own prices)",
        params: idParam("prd"),
        body: productBody,
        response: { 200: staffProductSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await saveProduct(deps, request.params.id, request.body, actorOf(request));
      return one(request.params.id);
    },
  );
}
