import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import {
  decodeCursor,
  encodeCursor,
  idParam,
  problems,
  zodApp,
} from "../../platform/http/routing.ts";
import { documentsForCustomer, invoiceSummarySchema } from "../billing/index.ts";
import { serviceSchema, servicesForCustomer } from "../subscriptions/index.ts";
import { findCustomer, listContacts, searchCustomers } from "./repo.ts";
import { registerAccountSettingsRoutes } from "./routes-settings.ts";

const customerListItem = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(["company", "person"]),
    name: z.string(),
    country: z.string(),
    email: z.string().nullable(),
    serviceCount: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "CustomerListItem" });

const customerSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(["company", "person"]),
    name: z.string(),
    legalName: z.string(),
    country: z.string(),
    postalCode: z.string(),
    city: z.string(),
    addressLine: z.string(),
    taxNumber: z.string().nullable(),
    euVatNumber: z.string().nullable(),
    language: z.string(),
    currency: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Customer" });

const contactSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    isPrimary: z.boolean(),
    hasLogin: z.boolean(),
    permissions: z.array(z.string()),
  })
  .meta({ id: "Contact" });

function cursorOf(after: string): { name: string; id: string } {
  const [name = "", id = ""] = decodeCursor(after, 2);
  return { name, id };
}

export function registerAccountRoutes(app: FastifyInstance, deps: Deps): void {
  registerAccountSettingsRoutes(app, deps);
  const r = zodApp(app);
  r.get(
    "/api/staff/customers",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Customers, searchable by name, e-mail, customer code or tax number",
        querystring: z.object({
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          after: z.string().max(500).optional().describe("nextAfter of the previous page"),
        }),
        response: {
          200: z.object({ items: z.array(customerListItem), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { q, limit, after } = request.query;
      const rows = await searchCustomers(deps.db, {
        q,
        limit: limit + 1,
        after: after ? cursorOf(after) : undefined,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((c) => ({
          id: c.id,
          code: c.code,
          kind: c.kind,
          name: c.name,
          country: c.country,
          email: c.email,
          serviceCount: Number(c.service_count),
          createdAt: c.created_at.toISOString(),
        })),
        nextAfter: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    },
  );

  r.get(
    "/api/staff/customers/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "A customer's page: billing data, contacts, services, documents",
        params: idParam("cus"),
        response: {
          200: z.object({
            customer: customerSchema,
            contacts: z.array(contactSchema),
            services: z.array(serviceSchema),
            invoices: z.array(invoiceSummarySchema),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      const c = await findCustomer(deps.db, request.params.id);
      if (!c) throw errors.notFound("customer");
      const [contacts, services, invoices] = await Promise.all([
        listContacts(deps.db, c.id),
        servicesForCustomer(deps.db, c.id),
        documentsForCustomer(deps.db, deps, c.id),
      ]);
      return {
        customer: {
          id: c.id,
          code: c.code,
          kind: c.kind,
          name: c.name,
          legalName: c.legal_name,
          country: c.country,
          postalCode: c.postal_code,
          city: c.city,
          addressLine: c.address_line,
          taxNumber: c.tax_number,
          euVatNumber: c.eu_vat_number,
          language: c.language,
          currency: c.currency,
          createdAt: c.created_at.toISOString(),
        },
        contacts: contacts.map((k) => ({
          id: k.id,
          name: k.name,
          email: k.email,
          phone: k.phone,
          isPrimary: k.is_primary,
          hasLogin: k.user_id !== null,
          permissions: k.permissions,
        })),
        services,
        invoices,
      };
    },
  );
}
