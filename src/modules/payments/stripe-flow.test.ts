import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { startFakeStripe, type FakeStripe } from "../../../test/fake-stripe.ts";
import {
  ensureBilling,
  makeCustomer,
  makeInvoice,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { verifyLedger } from "../billing/index.ts";
import { StripeGateway } from "./gateways/stripe.ts";
import { useGateway } from "./index.ts";

/**
 * Card payment through the Stripe adapter, end to end against the local fake of Stripe's API:
 * checkout → hosted page → signed webhook (twice) → one payment; refund to the card.
 */
let rt: TestRuntime;
let app: FastifyInstance;
let stripe: FakeStripe;
let customer: Awaited<ReturnType<typeof makeCustomer>>;
let s: Session;
let staff: Session;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  stripe = await startFakeStripe({ now: () => rt.clock.now() });
  useGateway(
    rt.config,
    new StripeGateway({
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
      apiUrl: stripe.url,
      now: () => rt.clock.now(),
    }),
  );
  await ensureBilling(rt);
  customer = await makeCustomer(rt, { kind: "person", name: "Stripe Vevő" });
  await makeStaff(rt, { email: "stripe-staff@example.test" });
  s = await loginAs(app, customer.email, PASSWORD);
  staff = await loginAs(app, "stripe-staff@example.test", PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
  await stripe.close();
});

const post = (url: string, session: Session, payload: unknown) =>
  app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken },
  });

describe("Stripe Checkout through Kapu", () => {
  it("a paid session's webhook, delivered twice, records one payment; the refund goes to the card", async () => {
    const inv = await makeInvoice(rt, customer.customerId, { status: "open", amount: "5000" });
    const res = await post("/api/me/checkouts", s, { documentIds: [inv.id], gateway: "stripe" });
    expect(res.statusCode, res.body).toBe(201);
    const { checkoutId, redirectUrl } = res.json<{ checkoutId: string; redirectUrl: string }>();
    expect(redirectUrl.startsWith(stripe.url)).toBe(true);
    const row = await rt.db
      .selectFrom("checkouts")
      .selectAll()
      .where("id", "=", checkoutId)
      .executeTakeFirstOrThrow();
    const created = stripe.requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.method === "POST",
    );
    expect(created?.idempotencyKey).toBe(checkoutId);

    stripe.complete(row.gateway_ref!, "paid");
    const event = stripe.event(row.gateway_ref!, "checkout.session.completed");
    for (let i = 0; i < 2; i++) {
      const n = await app.inject({
        method: "POST",
        url: "/api/payments/notify/stripe",
        payload: event.body,
        headers: event.headers,
      });
      expect(n.statusCode).toBe(200);
      expect(n.json()).toEqual({ received: true, outcome: i === 0 ? "applied" : "duplicate" });
    }
    const payments = await rt.db
      .selectFrom("payments")
      .selectAll()
      .where("customer_id", "=", customer.customerId)
      .execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]!).toMatchObject({ amount: 635000n, method: "card", gateway: "stripe" });
    const doc = await rt.db
      .selectFrom("documents")
      .select("status")
      .where("id", "=", inv.id)
      .executeTakeFirstOrThrow();
    expect(doc.status).toBe("paid");

    const refund = await post(`/api/staff/payments/${payments[0]!.id}/refunds`, staff, {
      amount: "6350.00",
      method: "card",
      reason: "cancelled within 14 days",
      stornoDocumentIds: [inv.id],
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({ refund: { status: "succeeded" } });
    const refundCall = stripe.requests.find((r) => r.path === "/v1/refunds" && r.method === "POST");
    expect(refundCall?.params).toMatchObject({ amount: "635000" });
    expect((await verifyLedger(rt.db)).problems).toEqual([]);
  });

  it("a webhook signed with another secret is refused and nothing is recorded", async () => {
    const inv = await makeInvoice(rt, customer.customerId, { status: "open", amount: "3000" });
    const res = await post("/api/me/checkouts", s, { documentIds: [inv.id], gateway: "stripe" });
    const { checkoutId } = res.json<{ checkoutId: string }>();
    const row = await rt.db
      .selectFrom("checkouts")
      .selectAll()
      .where("id", "=", checkoutId)
      .executeTakeFirstOrThrow();
    stripe.complete(row.gateway_ref!, "paid");
    const forged = stripe.event(row.gateway_ref!, "checkout.session.completed", {
      secret: "whsec_attacker",
    });
    const n = await app.inject({
      method: "POST",
      url: "/api/payments/notify/stripe",
      payload: forged.body,
      headers: forged.headers,
    });
    expect(n.statusCode).toBe(400);
    expect(
      await rt.db.selectFrom("payments").select("id").where("reference", "=", checkoutId).execute(),
    ).toEqual([]);
  });
});
