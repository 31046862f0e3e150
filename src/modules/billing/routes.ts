import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { localDate } from "../../platform/clock.ts";
import { errors } from "../../platform/errors.ts";
import { idParam, problems, requireCustomer, zodApp } from "../../platform/http/routing.ts";
import {
  invoiceDetailSchema,
  invoiceSummarySchema,
  presentInvoiceDetail,
  presentInvoiceSummary,
} from "./presenters.ts";
import { findDocumentOfCustomer, listDocumentLines, listDocumentsOfCustomer } from "./repo.ts";

export function registerBillingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  const today = () => localDate(deps.clock.now(), deps.config.timeZone);
  r.get(
    "/api/me/invoices",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: "Finances → My invoices: proformas, invoices and credit notes",
        response: {
          200: z.object({ items: z.array(invoiceSummarySchema) }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listDocumentsOfCustomer(deps.db, customerId);
      const t = today();
      return { items: rows.map((row) => presentInvoiceSummary(row, t)) };
    },
  );
  r.get(
    "/api/me/invoices/:id",
    {
      config: { access: "customer" },
      schema: {
        tags: ["customer"],
        summary: "One of my documents with its lines",
        params: idParam("inv"),
        response: { 200: invoiceDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const row = await findDocumentOfCustomer(deps.db, customerId, request.params.id);
      if (!row) throw errors.notFound("invoice");
      return presentInvoiceDetail(row, await listDocumentLines(deps.db, row.id), today());
    },
  );
}
