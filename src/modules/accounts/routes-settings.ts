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
import { MAX_TARGETS_PER_TYPE, NOTIFICATION_TYPES } from "../notifications/index.ts";
import {
  getBillingData,
  saveBillingData,
  type BillingDataUpdate,
  type BillingDataView,
} from "./use-cases/billing-data.ts";
import {
  getNotificationAddresses,
  saveNotificationAddresses,
} from "./use-cases/notification-addresses.ts";

// ---------------------------------------------------------------- schemas

const eInvoiceSchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("ovt"),
      address: z.string().max(40).describe("OVT e-invoice address: 0037 + business ID (+ suffix)"),
      operator: z.string().max(40).describe("The operator's id: 003721291126, DABAFIHH"),
    }),
    z.object({
      type: z.literal("peppol"),
      participantId: z.string().max(100).describe("scheme:identifier, e.g. 0088:5790000435951"),
    }),
  ])
  .meta({ id: "EInvoiceAddress" });

const billingDataSchema = z
  .object({
    kind: z.enum(["company", "person"]),
    legalName: z.string(),
    country: z.string(),
    postalCode: z.string(),
    city: z.string(),
    addressLine: z.string(),
    taxNumber: z.string().nullable().describe("Hungarian tax number, 12345678-1-12"),
    euVatNumber: z.string().nullable().describe("EU VAT number with its prefix, HU12345678"),
    eInvoice: eInvoiceSchema.nullable(),
    language: z.enum(["hu", "en"]).describe("Language of documents and e-mails"),
    currency: z.string().describe("The account's currency (not editable)"),
    missing: z
      .array(z.string())
      .describe("What the billing-data check before paying misses (legalName, taxNumber…)"),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "BillingData" });

const billingDataInput = z
  .object({
    legalName: z.string().max(255),
    country: z.string().max(60).describe("ISO 3166-1 alpha-2 code"),
    postalCode: z.string().max(20),
    city: z.string().max(255),
    addressLine: z.string().max(255),
    taxNumber: z.string().max(40).nullable(),
    euVatNumber: z.string().max(40).nullable(),
    eInvoice: eInvoiceSchema.nullable(),
    language: z.enum(["hu", "en"]),
  })
  .meta({ id: "BillingDataChange" });

const billingDataUpdateSchema = z
  .object({
    billingData: billingDataSchema,
    changed: z.array(z.string()).describe("The fields that changed; empty when nothing did"),
    vatCheck: z
      .object({
        result: z.enum(["valid", "invalid", "unavailable"]),
        source: z.enum(["offline", "vies"]),
      })
      .nullable()
      .describe("The check of a changed EU VAT number"),
  })
  .meta({ id: "BillingDataUpdate" });

const notificationTypeSchema = z.enum(NOTIFICATION_TYPES).meta({ id: "NotificationType" });

const targetInput = z.union([
  z.strictObject({ contactId: z.string().min(1).max(64) }),
  z.strictObject({ email: z.string().max(254) }),
]);

const notificationAddressesInput = z
  .object({
    types: z
      .partialRecord(notificationTypeSchema, z.array(targetInput).max(20))
      .describe(
        `Per type up to ${MAX_TARGETS_PER_TYPE} targets (a contact or an address); a type left out or empty gets the default recipients`,
      ),
  })
  .meta({ id: "NotificationAddressesChange" });

const notificationAddressesSchema = z
  .object({
    types: z.array(
      z.object({
        type: notificationTypeSchema,
        targets: z.array(
          z.discriminatedUnion("kind", [
            z.object({
              kind: z.literal("contact"),
              contactId: z.string(),
              name: z.string(),
              email: z.string(),
            }),
            z.object({ kind: z.literal("email"), email: z.string() }),
          ]),
        ),
        recipients: z
          .array(z.string())
          .describe("Who gets this type of mail now: the targets, or the default recipients"),
      }),
    ),
    contacts: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  })
  .meta({ id: "NotificationAddresses" });

function presentBillingData(v: BillingDataView): z.infer<typeof billingDataSchema> {
  return { ...v, updatedAt: v.updatedAt.toISOString() };
}

function presentUpdate(u: BillingDataUpdate): z.infer<typeof billingDataUpdateSchema> {
  return { ...u, billingData: presentBillingData(u.billingData) };
}

// ---------------------------------------------------------------- routes

/** Profile → Data and Profile → Notifications, and their staff equivalents (A4, A7). */
export function registerAccountSettingsRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  r.get(
    "/api/me/billing-data",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "My account's billing data: what new documents carry as the buyer",
        response: { 200: billingDataSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const data = await getBillingData(deps, customerId);
      if (!data) throw errors.notFound("customer");
      return presentBillingData(data);
    },
  );

  r.put(
    "/api/me/billing-data",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary:
          "Change my account's billing data; applies to documents issued from now on (issued ones keep theirs)",
        body: billingDataInput,
        response: { 200: billingDataUpdateSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      return presentUpdate(await saveBillingData(deps, customerId, request.body, actorOf(request)));
    },
  );

  r.get(
    "/api/staff/customers/:id/billing-data",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "A customer's billing data, as the customer edits it",
        params: idParam("cus"),
        response: { 200: billingDataSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const data = await getBillingData(deps, request.params.id);
      if (!data) throw errors.notFound("customer");
      return presentBillingData(data);
    },
  );

  r.put(
    "/api/staff/customers/:id/billing-data",
    {
      config: { access: "staff", permission: ["billing", "support", "sales"] },
      schema: {
        tags: ["staff"],
        summary: "Change a customer's billing data (applies to documents issued from now on)",
        params: idParam("cus"),
        body: billingDataInput,
        response: { 200: billingDataUpdateSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      return presentUpdate(
        await saveBillingData(deps, request.params.id, request.body, actorOf(request)),
      );
    },
  );

  r.get(
    "/api/me/notification-addresses",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "Where each type of mail to my account goes",
        response: { 200: notificationAddressesSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const view = await getNotificationAddresses(deps, customerId);
      if (!view) throw errors.notFound("customer");
      return view;
    },
  );

  r.put(
    "/api/me/notification-addresses",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "Set where each type of mail to my account goes (all types at once)",
        body: notificationAddressesInput,
        response: { 200: notificationAddressesSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      return saveNotificationAddresses(deps, customerId, request.body.types, actorOf(request));
    },
  );

  r.get(
    "/api/staff/customers/:id/notification-addresses",
    {
      config: { access: "staff", permission: ["support", "billing"] },
      schema: {
        tags: ["staff"],
        summary: "Where each type of mail to a customer goes",
        params: idParam("cus"),
        response: { 200: notificationAddressesSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const view = await getNotificationAddresses(deps, request.params.id);
      if (!view) throw errors.notFound("customer");
      return view;
    },
  );

  r.put(
    "/api/staff/customers/:id/notification-addresses",
    {
      config: { access: "staff", permission: ["support", "billing"] },
      schema: {
        tags: ["staff"],
        summary: "Set where each type of mail to a customer goes (all types at once)",
        params: idParam("cus"),
        body: notificationAddressesInput,
        response: { 200: notificationAddressesSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      return saveNotificationAddresses(
        deps,
        request.params.id,
        request.body.types,
        actorOf(request),
      );
    },
  );
}
