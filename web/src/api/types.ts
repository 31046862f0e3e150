import type { paths } from "./schema";

// Types are taken from `paths` only (never `components`), so they survive regenerating schema.d.ts
// from the server's OpenAPI document whatever names it gives its schemas.
type JsonOk<P extends keyof paths, M extends "get" | "post" | "put"> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { "application/json": infer B } } }
    ? B
    : R extends { 201: { content: { "application/json": infer B } } }
      ? B
      : never
  : never;

export type SessionBody = JsonOk<"/api/auth/session", "get">;
export type SessionUser = SessionBody["user"];
export type Language = SessionUser["language"];

export type Service = JsonOk<"/api/me/services/{id}", "get">;
export type Money = Service["price"];

export type InvoiceSummary = JsonOk<"/api/me/invoices", "get">["items"][number];
export type InvoiceDetail = JsonOk<"/api/me/invoices/{id}", "get">;
export type InvoiceLine = InvoiceDetail["lines"][number];

export type CustomerListItem = JsonOk<"/api/staff/customers", "get">["items"][number];
export type CustomerDetail = JsonOk<"/api/staff/customers/{id}", "get">;

export type Job = JsonOk<"/api/staff/jobs", "get">["items"][number];
/** From the filter parameter: the list itself may type `state` as a plain string. */
export type JobState = NonNullable<
  NonNullable<paths["/api/staff/jobs"]["get"]["parameters"]["query"]>["state"]
>;

export type MailSummary = JsonOk<"/api/staff/mail", "get">["items"][number];
