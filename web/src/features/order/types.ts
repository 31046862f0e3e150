import type { paths } from "../../api/schema";
import type { Service } from "../../api/types";

// The catalog, order and lifecycle types, taken from `paths` (never `components`) so that they
// survive regenerating schema.d.ts, like api/types.ts.

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;
type Ok<P extends keyof paths, M extends "get" | "post" | "put"> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : never
  : never;
type Body<P extends keyof paths, M extends "post" | "put"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type CatalogProduct = Ok<"/api/catalog", "get">["items"][number];
export type CatalogPrice = CatalogProduct["prices"][number];
export type ProductKind = CatalogProduct["kind"];
export type StaffProduct = Ok<"/api/staff/products", "get">["items"][number];
export type ProductInput = Body<"/api/staff/products", "post">;
export type ProductCurrency = ProductInput["prices"][number]["currency"];

export type OrderInput = Body<"/api/me/orders", "post">;
export type OrderResult = Ok<"/api/me/orders", "post">;
export type OrderSummary = Ok<"/api/me/orders", "get">["items"][number];
export type DomainAction = NonNullable<OrderInput["items"][number]["domain"]>["action"];

/** The cycles a service can move to (all but one-time). */
export type BillingCycle = Body<"/api/me/services/{id}/cycle", "put">["cycle"];

export type MyService = Service;
export type ServiceStatus = Service["status"];
export type StaffService = Ok<"/api/staff/services", "get">["items"][number];
