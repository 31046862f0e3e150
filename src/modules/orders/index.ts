/**
 * Orders (B2): what a customer orders in the portal becomes pending services and one proforma;
 * paying it releases them (subscriptions' renewal job), which starts their provisioning.
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { registrarFor, type Registrar } from "../domains/index.ts";
import { registerOrderRoutes as register } from "./routes.ts";

export { placeOrder, type OrderRequest, type PlacedOrder } from "./use-cases/place-order.ts";
export { priceOrder, type OrderItem, type PricedItem } from "./domain/pricing.ts";

export function registerOrderRoutes(
  app: FastifyInstance,
  deps: Deps,
  registrar: Registrar = registrarFor(deps.config),
): void {
  register(app, deps, registrar);
}
