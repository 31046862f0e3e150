import { z } from "zod";
import type { FastifyInstance } from "fastify";
import { localDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import {
  actorOf,
  decimalAmount,
  decodeCursor,
  encodeCursor,
  idParam,
  legalDate,
  moneySchema,
  problems,
  requireCustomer,
  requirePrincipal,
  zodApp,
} from "../../platform/http/routing.ts";
import { Money } from "../../platform/money/index.ts";
import { billingDataGapsOf, getSeller, writeOffInvoice } from "../billing/index.ts";
import { gatewaysFor } from "./gateways/index.ts";
import {
  allocationSchema,
  checkoutSchema,
  paymentDetailSchema,
  paymentMethodSchema,
  paymentSummarySchema,
  presentCheckout,
  presentPayment,
  presentRefund,
  refundSchema,
} from "./presenters.ts";
import {
  allocationsOfPayments,
  creditOfPayment,
  findPayment,
  findPaymentOfCustomer,
  listNotifications,
  listPayments,
  refundsOfPayment,
} from "./repo.ts";
import { checkoutOnReturn, handleNotification, startCheckout } from "./use-cases/card.ts";
import { recordManualPayment } from "./use-cases/manual.ts";
import { refundPayment } from "./use-cases/refund.ts";
import { registerSimulatorRoutes } from "./simulator-page.ts";

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional().describe("nextAfter of the previous page"),
};

function cursorOf(after: string | undefined) {
  if (!after) return undefined;
  const [createdAt = "", id = ""] = decodeCursor(after, 2);
  if (Number.isNaN(Date.parse(createdAt)))
    throw errors.validation([
      { path: "querystring.after", message: "not a cursor from a previous page" },
    ]);
  return { createdAt, id };
}

function paged<T extends { created_at: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextAfter:
      rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

const paymentListItem = paymentSummarySchema.extend({
  allocations: z.array(allocationSchema),
  customer: z.object({ id: z.string(), name: z.string(), code: z.string() }),
});

export function registerPaymentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  async function withAllocations<
    T extends Parameters<typeof presentPayment>[0] & {
      customer_name: string;
      customer_code: string;
    },
  >(rows: T[]) {
    const allocs = await allocationsOfPayments(
      deps.db,
      rows.map((p) => p.id),
    );
    return rows.map((p) => ({
      ...presentPayment(p),
      customer: { id: p.customer_id, name: p.customer_name, code: p.customer_code },
      allocations: allocs
        .filter((a) => a.source_id === p.id)
        .map((a) => ({
          documentId: a.document_id,
          number: a.number,
          kind: a.kind,
          amount: Money.of(a.amount, a.currency === "EUR" ? "EUR" : "HUF").toJSON(),
        })),
    }));
  }

  async function paymentDetail(p: NonNullable<Awaited<ReturnType<typeof findPayment>>>) {
    const [allocs, credit, refunds] = await Promise.all([
      allocationsOfPayments(deps.db, [p.id]),
      creditOfPayment(deps.db, p.id),
      refundsOfPayment(deps.db, p.id),
    ]);
    const currency = p.currency === "EUR" ? "EUR" : "HUF";
    return {
      ...presentPayment(p),
      customerId: p.customer_id,
      note: p.note,
      allocations: allocs.map((a) => ({
        documentId: a.document_id,
        number: a.number,
        kind: a.kind,
        amount: Money.of(a.amount, currency).toJSON(),
      })),
      credit: Money.of(credit, currency).toJSON(),
      refunds: refunds.map(presentRefund),
    };
  }

  // ------------------------------------------------------------ customer

  r.get(
    "/api/me/payment-options",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary:
          "How I can pay: card gateways, the bank account for transfers, my billing data check",
        response: {
          200: z.object({
            gateways: z.array(z.object({ name: z.string(), label: z.string() })),
            bankAccount: z.object({ iban: z.string(), bankName: z.string().nullable() }).nullable(),
            billingData: z.object({
              complete: z.boolean(),
              missing: z.array(z.string()).describe("Fields to fill in before paying"),
            }),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const [seller, gaps] = await Promise.all([
        getSeller(deps.db),
        billingDataGapsOf(deps.db, customerId),
      ]);
      return {
        gateways: [...gatewaysFor(deps.config).values()].map((g) => ({
          name: g.name,
          label: g.label,
        })),
        bankAccount: seller?.bankAccount
          ? { iban: seller.bankAccount.iban, bankName: seller.bankAccount.bankName }
          : null,
        billingData: { complete: gaps.length === 0, missing: gaps },
      };
    },
  );

  r.post(
    "/api/me/checkouts",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "Pay open documents by card: returns the gateway's payment page to redirect to",
        body: z.object({
          documentIds: z.array(z.string().min(1).max(64)).min(1).max(50),
          gateway: z.string().min(1).max(32).optional(),
        }),
        response: {
          201: z.object({ checkoutId: z.string(), redirectUrl: z.string() }),
          ...problems(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      const p = requirePrincipal(request);
      const result = await startCheckout(
        deps,
        {
          customerId,
          documentIds: request.body.documentIds,
          gateway: request.body.gateway,
          email: p.email,
          language: p.language === "en" ? "en" : "hu",
        },
        actorOf(request),
      );
      return reply.status(201).send(result);
    },
  );

  r.get(
    "/api/me/checkouts/:id",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "The result of a card payment (asks the gateway when its notification is late)",
        params: idParam("chk"),
        response: {
          200: checkoutSchema.extend({ invoices: z.array(allocationSchema) }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const c = await checkoutOnReturn(deps, customerId, request.params.id);
      const allocs = c.payment_id ? await allocationsOfPayments(deps.db, [c.payment_id]) : [];
      return {
        ...presentCheckout(c),
        invoices: allocs.map((a) => ({
          documentId: a.document_id,
          number: a.number,
          kind: a.kind,
          amount: Money.of(a.amount, c.currency === "EUR" ? "EUR" : "HUF").toJSON(),
        })),
      };
    },
  );

  r.get(
    "/api/me/payments",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "Finances → My payments, newest first",
        querystring: z.object(pageQuery),
        response: {
          200: z.object({
            items: z.array(paymentSummarySchema.extend({ allocations: z.array(allocationSchema) })),
            nextAfter: z.string().nullable(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listPayments(deps.db, {
        customerId,
        after: cursorOf(request.query.after),
        limit: request.query.limit + 1,
      });
      const p = paged(rows, request.query.limit);
      const items = (await withAllocations(p.items)).map(({ customer: _c, flag: _f, ...rest }) => ({
        ...rest,
        flag: null,
      }));
      return { items, nextAfter: p.nextAfter };
    },
  );

  r.get(
    "/api/me/payments/:id",
    {
      config: { access: "customer", permission: "billing" },
      schema: {
        tags: ["customer"],
        summary: "One of my payments: what it paid, credit kept, refunds",
        params: idParam("pay"),
        response: { 200: paymentDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const p = await findPaymentOfCustomer(deps.db, customerId, request.params.id);
      if (!p) throw errors.notFound("payment");
      return { ...(await paymentDetail(p)), flag: null };
    },
  );

  // ------------------------------------------------------------ staff

  r.get(
    "/api/staff/payments",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Payments received, newest first; filter by customer, method, flagged",
        querystring: z.object({
          customerId: z.string().min(1).max(64).optional(),
          method: paymentMethodSchema.optional(),
          flagged: z.enum(["true", "false"]).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ items: z.array(paymentListItem), nextAfter: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listPayments(deps.db, {
        customerId: q.customerId,
        method: q.method,
        flagged: q.flagged === "true",
        after: cursorOf(q.after),
        limit: q.limit + 1,
      });
      const p = paged(rows, q.limit);
      return { items: await withAllocations(p.items), nextAfter: p.nextAfter };
    },
  );

  r.get(
    "/api/staff/payments/:id",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "One payment: allocations, credit kept, refunds",
        params: idParam("pay"),
        response: { 200: paymentDetailSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const p = await findPayment(deps.db, request.params.id);
      if (!p) throw errors.notFound("payment");
      return paymentDetail(p);
    },
  );

  r.post(
    "/api/staff/payments",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Record a payment received outside the gateways and statements (cash, other)",
        body: z
          .object({
            customerId: z.string().min(1).max(64),
            amount: decimalAmount,
            currency: z.enum(["HUF", "EUR"]),
            method: z.enum(["cash", "transfer", "other"]),
            receivedOn: legalDate,
            documents: z
              .array(z.object({ id: z.string().min(1).max(64), amount: decimalAmount.optional() }))
              .max(50)
              .default([]),
            note: z.string().trim().max(1000).optional(),
            idempotencyKey: z
              .string()
              .min(8)
              .max(100)
              .describe("Chosen once per form by the client: a double submit records one payment"),
          })
          .meta({ id: "ManualPaymentRequest" }),
        response: {
          201: z.object({ paymentId: z.string(), duplicate: z.boolean() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const amount = Money.parse(b.amount, b.currency);
      if (!amount.isPositive())
        throw errors.validation([{ path: "body.amount", message: "must be positive" }]);
      if (b.receivedOn > localDate(deps.clock.now(), deps.config.timeZone))
        throw errors.validation([{ path: "body.receivedOn", message: "cannot be in the future" }]);
      const result = await recordManualPayment(
        deps,
        {
          customerId: b.customerId,
          currency: b.currency,
          amount: amount.minor,
          method: b.method,
          receivedOn: b.receivedOn,
          documents: b.documents.map((d) => ({
            id: d.id,
            amount: d.amount ? Money.parse(d.amount, b.currency).minor : undefined,
          })),
          note: b.note ?? null,
          idempotencyKey: b.idempotencyKey,
        },
        actorOf(request),
      );
      return reply.status(201).send({ paymentId: result.paymentId, duplicate: result.duplicate });
    },
  );

  r.post(
    "/api/staff/payments/:id/refunds",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary:
          "Refund (part of) a payment to the card or by transfer, crediting its invoices first if asked",
        params: idParam("pay"),
        body: z
          .object({
            amount: decimalAmount,
            method: z.enum(["card", "transfer", "cash"]),
            reason: z.string().trim().min(3).max(500),
            stornoDocumentIds: z.array(z.string().min(1).max(64)).max(50).default([]),
          })
          .meta({ id: "RefundRequest" }),
        response: {
          201: z.object({
            refund: refundSchema,
            creditNotes: z.array(z.object({ id: z.string(), number: z.string() })),
          }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const p = await findPayment(deps.db, request.params.id);
      if (!p) throw errors.notFound("payment");
      const amount = Money.parse(request.body.amount, p.currency === "EUR" ? "EUR" : "HUF");
      const outcome = await refundPayment(
        deps,
        {
          paymentId: p.id,
          amount: amount.minor,
          method: request.body.method,
          reason: request.body.reason,
          stornoDocumentIds: request.body.stornoDocumentIds,
        },
        actorOf(request),
      );
      const refund = (await refundsOfPayment(deps.db, p.id)).find((x) => x.id === outcome.refundId);
      if (!refund) throw new Error("refund vanished");
      return reply
        .status(201)
        .send({ refund: presentRefund(refund), creditNotes: outcome.creditNotes });
    },
  );

  r.post(
    "/api/staff/documents/:id/write-off",
    {
      config: { access: "staff", permission: "billing" },
      schema: {
        tags: ["staff"],
        summary: "Write off what is still open on an invoice (bad debt)",
        params: idParam("inv"),
        body: z.object({ reason: z.string().trim().min(3).max(500) }),
        response: {
          200: z.object({ writtenOff: moneySchema }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { amount, currency } = await deps.db.transaction().execute(async (tx) => {
        const a = await writeOffInvoice(tx, deps, request.params.id, request.body.reason, actor);
        return a;
      });
      return { writtenOff: Money.of(amount, currency).toJSON() };
    },
  );

  r.get(
    "/api/staff/gateway-notifications",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Card gateway notifications as received, with what Kapu made of them",
        querystring: z.object({
          flagged: z.enum(["true", "false"]).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                gateway: z.string(),
                receivedAt: z.string(),
                signatureOk: z.boolean(),
                eventId: z.string().nullable(),
                gatewayRef: z.string().nullable(),
                checkoutId: z.string().nullable(),
                outcome: z.string(),
                flag: z.string().nullable(),
              }),
            ),
            nextAfter: z.string().nullable(),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const before = cursorOf(q.after);
      const rows = await listNotifications(deps.db, {
        flagged: q.flagged === "true",
        before: before ? { at: before.createdAt, id: before.id } : undefined,
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map((n) => ({
          id: n.id,
          gateway: n.gateway,
          receivedAt: n.received_at.toISOString(),
          signatureOk: n.signature_ok,
          eventId: n.event_id,
          gatewayRef: n.gateway_ref,
          checkoutId: n.checkout_id,
          outcome: n.outcome,
          flag: n.flag,
        })),
        nextAfter:
          rows.length > q.limit && last
            ? encodeCursor([last.received_at.toISOString(), last.id])
            : null,
      };
    },
  );

  // ------------------------------------------------------------ gateways (server to server)

  void app.register(async (scope) => {
    // Signatures are over the exact bytes: keep the body raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, body),
    );
    zodApp(scope).post(
      "/api/payments/notify/:gateway",
      {
        config: { access: "public" },
        schema: {
          tags: ["system"],
          summary: "A card gateway's signed server-to-server notification",
          params: z.object({ gateway: z.string().min(1).max(32) }),
          response: {
            200: z.object({ received: z.literal(true), outcome: z.string() }),
            ...problems(400, 404),
          },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const { outcome } = await handleNotification(
          deps,
          request.params.gateway,
          body,
          request.headers,
        );
        return { received: true as const, outcome };
      },
    );
  });

  registerSimulatorRoutes(app, deps);
}
