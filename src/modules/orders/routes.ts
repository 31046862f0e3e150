import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import {
  actorOf,
  moneySchema,
  problems,
  requireCustomer,
  zodApp,
} from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import type { Registrar } from "../domains/index.ts";
import { ordersOfCustomer } from "./repo.ts";
import { placeOrder } from "./use-cases/place-order.ts";

const orderRequestSchema = z
  .object({
    items: z
      .array(
        z.object({
          productId: z.string().min(1).max(64),
          cycle: z.enum(["monthly", "quarterly", "semiannual", "annual", "biennial", "one_time"]),
          domain: z
            .object({
              name: z.string().trim().min(1).max(300),
              action: z.enum(["register", "transfer", "existing"]),
              authCode: z.string().trim().min(1).max(100).optional(),
            })
            .optional(),
        }),
      )
      .min(1)
      .max(10),
  })
  .meta({ id: "OrderRequest" });

const placedOrderSchema = z
  .object({
    id: z.string(),
    documentId: z.string().describe("the proforma to pay (card: /finances/pay?documents=…)"),
    documentNumber: z.string(),
    total: moneySchema,
    services: z.array(
      z.object({ id: z.string(), product: z.string(), name: z.string().nullable() }),
    ),
  })
  .meta({ id: "PlacedOrder" });

const orderSummarySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    documentId: z.string(),
    documentNumber: z.string(),
    status: z.enum(["awaiting_payment", "paid", "cancelled"]),
    total: moneySchema,
    items: z.array(
      z.object({
        serviceId: z.string(),
        product: z.string(),
        cycle: z.string(),
        name: z.string().nullable(),
        free: z.boolean(),
      }),
    ),
  })
  .meta({ id: "OrderSummary" });

export function registerOrderRoutes(app: FastifyInstance, deps: Deps, registrar: Registrar): void {
  const r = zodApp(app);
  r.post(
    "/api/me/orders",
    {
      config: { access: "customer", permission: ["technical", "domains"] },
      schema: {
        tags: ["customer"],
        summary:
          "Order services: they are created pending with one proforma; paying it releases them",
        headers: z.object({ "idempotency-key": z.string().min(8).max(100).optional() }),
        body: orderRequestSchema,
        response: {
          201: placedOrderSchema,
          200: placedOrderSchema,
          ...problems(400, 401, 403, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const placed = await placeOrder(
        deps,
        registrar,
        {
          customerId,
          request: request.body,
          idempotencyKey: request.headers["idempotency-key"] ?? null,
        },
        actorOf(request),
      );
      return reply.code(placed.created ? 201 : 200).send({
        id: placed.id,
        documentId: placed.documentId,
        documentNumber: placed.documentNumber,
        total: placed.total.toJSON(),
        services: placed.services,
      });
    },
  );
  r.get(
    "/api/me/orders",
    {
      config: { access: "customer", permission: ["technical", "domains", "billing"] },
      schema: {
        tags: ["customer"],
        summary: "My orders, newest first",
        response: { 200: z.object({ items: z.array(orderSummarySchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await ordersOfCustomer(deps.db, customerId, 100);
      return {
        items: rows.map((o) => ({
          id: o.id,
          createdAt: o.created_at.toISOString(),
          documentId: o.document_id,
          documentNumber: o.document_number,
          status:
            o.document_status === "paid"
              ? ("paid" as const)
              : o.document_status === "cancelled"
                ? ("cancelled" as const)
                : ("awaiting_payment" as const),
          total: Money.of(o.gross_total, assertCurrency(o.currency)).toJSON(),
          items: o.items.map((i) => ({
            serviceId: i.serviceId,
            product: i.product,
            cycle: i.cycle,
            name: i.name,
            free: i.free,
          })),
        })),
      };
    },
  );
}
