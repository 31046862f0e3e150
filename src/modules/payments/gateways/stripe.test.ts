import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeStripe,
  type FakeStripe,
  type FakeStripeRequest,
} from "../../../../test/fake-stripe.ts";
import {
  GatewaySignatureError,
  GatewayUnavailableError,
  type CreateCheckoutRequest,
} from "./gateway.ts";
import { StripeGateway, successUrlOf } from "./stripe.ts";

let fake: FakeStripe;
let gateway: StripeGateway;
let sequence = 0;

beforeAll(async () => {
  fake = await startFakeStripe({ secretKey: "sk_test_kapu123456", webhookSecret: "whsec_kapu" });
  gateway = new StripeGateway({
    secretKey: fake.secretKey,
    webhookSecret: fake.webhookSecret,
    apiUrl: fake.url,
  });
});
afterAll(async () => fake.close());

function checkout(overrides: Partial<CreateCheckoutRequest> = {}): CreateCheckoutRequest {
  const checkoutId = `chk_test_${++sequence}_${Date.now()}`;
  return {
    checkoutId,
    amount: 1_234_500n, // 12 345 Ft
    currency: "HUF",
    description: "DBK-2026-000123, SZ-2026-000045",
    customerEmail: "ugyfel@example.hu",
    language: "hu",
    returnUrl: `https://kapu.example/finances/payments/return/${checkoutId}`,
    notifyUrl: "https://kapu.example/api/payments/notify/stripe",
    ...overrides,
  };
}

function requestsSince(mark: number, path?: string): FakeStripeRequest[] {
  return fake.requests.slice(mark).filter((r) => path === undefined || r.path === path);
}

async function paidSession(amount = 1_234_500n): Promise<{ ref: string; transactionId: string }> {
  const { gatewayRef } = await gateway.createCheckout(checkout({ amount }));
  const s = fake.complete(gatewayRef, "paid");
  return { ref: gatewayRef, transactionId: s.payment_intent as string };
}

function notification(ref: string, type: string, options?: { at?: Date; secret?: string }) {
  const e = fake.event(ref, type, options);
  return { ...e, raw: Buffer.from(e.body, "utf8") };
}

describe("successUrlOf", () => {
  it("adds Stripe's session id template with ? or & and keeps a fragment last", () => {
    expect(successUrlOf("https://k.example/return/chk_1")).toBe(
      "https://k.example/return/chk_1?session_id={CHECKOUT_SESSION_ID}",
    );
    expect(successUrlOf("https://k.example/return?c=chk_1")).toBe(
      "https://k.example/return?c=chk_1&session_id={CHECKOUT_SESSION_ID}",
    );
    expect(successUrlOf("https://k.example/return?")).toBe(
      "https://k.example/return?session_id={CHECKOUT_SESSION_ID}",
    );
    expect(successUrlOf("https://k.example/return/chk_1#done")).toBe(
      "https://k.example/return/chk_1?session_id={CHECKOUT_SESSION_ID}#done",
    );
  });
});

describe("createCheckout", () => {
  it("creates a Checkout Session with the amount, currency, references and URLs", async () => {
    const mark = fake.requests.length;
    const request = checkout();
    const before = Math.floor(Date.now() / 1000);
    const created = await gateway.createCheckout(request);

    const sent = requestsSince(mark, "/v1/checkout/sessions");
    expect(sent).toHaveLength(1);
    const r = sent[0]!;
    expect(r.method).toBe("POST");
    expect(r.status).toBe(200);
    expect(r.headers.authorization).toBe(`Bearer ${fake.secretKey}`);
    expect(r.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(r.idempotencyKey).toBe(request.checkoutId);
    expect(r.params).toMatchObject({
      mode: "payment",
      line_items: [
        {
          quantity: "1",
          price_data: {
            currency: "huf",
            unit_amount: "1234500",
            product_data: { name: "DBK-2026-000123, SZ-2026-000045" },
          },
        },
      ],
      client_reference_id: request.checkoutId,
      metadata: { kapu_checkout: request.checkoutId },
      customer_email: "ugyfel@example.hu",
      locale: "hu",
      success_url: `${request.returnUrl}?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: request.returnUrl,
    });
    const expiresAt = Number(r.params.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60);
    expect(expiresAt).toBeLessThan(before + 24 * 3600);

    expect(created.gatewayRef).toMatch(/^cs_test_/);
    const session = fake.session(created.gatewayRef)!;
    expect(created.redirectUrl).toBe(session.url);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      amount_total: 1_234_500,
      currency: "huf",
      client_reference_id: request.checkoutId,
    });
  });

  it("sends EUR cents as they are, leaves out a missing e-mail and appends to a query", async () => {
    const mark = fake.requests.length;
    const request = checkout({
      amount: 4_990n,
      currency: "EUR",
      customerEmail: null,
      language: "en",
      returnUrl: "https://kapu.example/return?checkout=chk_x",
    });
    const created = await gateway.createCheckout(request);
    const r = requestsSince(mark, "/v1/checkout/sessions")[0]!;
    expect(r.params.customer_email).toBeUndefined();
    expect(r.params).toMatchObject({
      locale: "en",
      line_items: [{ price_data: { currency: "eur", unit_amount: "4990" } }],
      success_url: "https://kapu.example/return?checkout=chk_x&session_id={CHECKOUT_SESSION_ID}",
    });
    expect(fake.session(created.gatewayRef)).toMatchObject({ amount_total: 4990, currency: "eur" });
  });

  it("gets the same session back when the same checkout is sent again (idempotency key)", async () => {
    const request = checkout();
    const first = await gateway.createCheckout(request);
    const mark = fake.requests.length;
    const again = await gateway.createCheckout(request);
    expect(again).toEqual(first);
    expect(requestsSince(mark)[0]).toMatchObject({
      replayed: true,
      idempotencyKey: request.checkoutId,
    });
  });

  it("turns Stripe's refusal into GatewayUnavailableError with Stripe's reason", async () => {
    // Below Stripe's minimum charge for HUF (175 Ft).
    const error = await gateway
      .createCheckout(checkout({ amount: 10_000n }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect((error as Error).message).toMatch(/at least/);
  });

  it("fails with GatewayUnavailableError for a wrong secret key, without retrying", async () => {
    const wrong = new StripeGateway({
      secretKey: "sk_test_wrongkey000000",
      webhookSecret: fake.webhookSecret,
      apiUrl: fake.url,
    });
    const mark = fake.requests.length;
    const error = await wrong.createCheckout(checkout()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect((error as Error).message).toMatch(/Invalid API Key/);
    expect((error as Error).message).not.toContain("wrongkey");
    const sent = requestsSince(mark);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe(401);
    await expect(wrong.queryStatus("cs_test_whatever")).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
  });

  it("retries a transient 500 itself with the same idempotency key and succeeds", async () => {
    const request = checkout();
    const mark = fake.requests.length;
    fake.failNext(500, 1);
    const created = await gateway.createCheckout(request);
    const sent = requestsSince(mark, "/v1/checkout/sessions");
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([request.checkoutId, request.checkoutId]);
    expect(fake.session(created.gatewayRef)).toMatchObject({ status: "open" });
  });

  it("retries a dropped connection and succeeds", async () => {
    const mark = fake.requests.length;
    fake.failNext("reset", 1);
    const created = await gateway.createCheckout(checkout());
    expect(requestsSince(mark).map((r) => r.status)).toEqual([0, 200]);
    expect(created.gatewayRef).toMatch(/^cs_test_/);
  });

  it("gives up with GatewayUnavailableError when Stripe keeps failing", async () => {
    const mark = fake.requests.length;
    fake.failNext(503, 3);
    const error = await gateway.createCheckout(checkout()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect(requestsSince(mark).map((r) => r.status)).toEqual([503, 503, 503]);
  });

  it("gives up with GatewayUnavailableError when Stripe does not answer in time", async () => {
    const impatient = new StripeGateway({
      secretKey: fake.secretKey,
      webhookSecret: fake.webhookSecret,
      apiUrl: fake.url,
      timeoutMs: 300,
      maxNetworkRetries: 0,
    });
    fake.failNext("hang", 1);
    await expect(impatient.createCheckout(checkout())).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
  });
});

describe("parseNotification", () => {
  it("maps checkout.session.completed (paid) to succeeded with amount and PaymentIntent", async () => {
    const { ref, transactionId } = await paidSession();
    const n = notification(ref, "checkout.session.completed");
    const event = JSON.parse(n.body) as { id: string; created: number; object: string };
    expect(event.object).toBe("event");
    expect(gateway.parseNotification(n.raw, n.headers)).toEqual({
      eventId: n.id,
      gatewayRef: ref,
      status: "succeeded",
      amount: 1_234_500n,
      currency: "HUF",
      transactionId,
      occurredAt: new Date(event.created * 1000).toISOString(),
      failure: null,
    });
    expect(transactionId).toMatch(/^pi_/);
  });

  it("maps a delayed payment: completed unpaid → pending, then async succeeded → succeeded", async () => {
    const { gatewayRef } = await gateway.createCheckout(
      checkout({ amount: 5_000n, currency: "EUR" }),
    );
    fake.complete(gatewayRef, "processing");
    const completed = notification(gatewayRef, "checkout.session.completed");
    expect(gateway.parseNotification(completed.raw, completed.headers)).toMatchObject({
      eventId: completed.id,
      gatewayRef,
      status: "pending",
      amount: null,
      currency: "EUR",
    });
    const s = fake.complete(gatewayRef, "paid");
    const succeeded = notification(gatewayRef, "checkout.session.async_payment_succeeded");
    expect(gateway.parseNotification(succeeded.raw, succeeded.headers)).toMatchObject({
      eventId: succeeded.id,
      status: "succeeded",
      amount: 5_000n,
      currency: "EUR",
      transactionId: s.payment_intent,
    });
  });

  it("maps checkout.session.async_payment_failed to failed", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    fake.complete(gatewayRef, "failed");
    const n = notification(gatewayRef, "checkout.session.async_payment_failed");
    const parsed = gateway.parseNotification(n.raw, n.headers);
    expect(parsed).toMatchObject({ eventId: n.id, gatewayRef, status: "failed", amount: null });
    expect(parsed?.failure).toBeTruthy();
  });

  it("maps checkout.session.expired to expired", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    fake.complete(gatewayRef, "expired");
    const n = notification(gatewayRef, "checkout.session.expired");
    expect(gateway.parseNotification(n.raw, n.headers)).toMatchObject({
      eventId: n.id,
      gatewayRef,
      status: "expired",
      amount: null,
      transactionId: null,
    });
  });

  it("returns null for an event type Kapu does not act on", async () => {
    const { ref } = await paidSession();
    const n = notification(ref, "payment_intent.succeeded");
    expect(gateway.parseNotification(n.raw, n.headers)).toBeNull();
  });

  it("gives a redelivered event the same event id", async () => {
    const { ref } = await paidSession();
    const first = notification(ref, "checkout.session.completed");
    const again = notification(ref, "checkout.session.completed");
    expect(gateway.parseNotification(again.raw, again.headers)?.eventId).toBe(
      gateway.parseNotification(first.raw, first.headers)?.eventId,
    );
  });

  it("refuses a missing signature, a wrong secret and a tampered body", async () => {
    const { ref } = await paidSession();
    const n = notification(ref, "checkout.session.completed");
    const { "stripe-signature": _signature, ...unsigned } = n.headers;
    expect(() => gateway.parseNotification(n.raw, unsigned)).toThrow(GatewaySignatureError);

    const forged = notification(ref, "checkout.session.completed", { secret: "whsec_attacker" });
    expect(() => gateway.parseNotification(forged.raw, forged.headers)).toThrow(
      GatewaySignatureError,
    );

    const tampered = Buffer.from(n.body.replace('"amount_total": 1234500', '"amount_total": 100'));
    expect(tampered.equals(n.raw)).toBe(false);
    expect(() => gateway.parseNotification(tampered, n.headers)).toThrow(GatewaySignatureError);

    expect(() => gateway.parseNotification(n.raw, { "stripe-signature": "garbage" })).toThrow(
      GatewaySignatureError,
    );
  });

  it("refuses a notification signed too long ago (replay)", async () => {
    const { ref } = await paidSession();
    const old = notification(ref, "checkout.session.completed", {
      at: new Date(Date.now() - 10 * 60_000),
    });
    expect(() => gateway.parseNotification(old.raw, old.headers)).toThrow(/expired/);
    expect(() => gateway.parseNotification(old.raw, old.headers)).toThrow(GatewaySignatureError);
  });

  it("judges the signature's age by the gateway's clock", async () => {
    const { ref } = await paidSession();
    const signedAt = new Date("2026-03-01T10:00:00Z");
    const n = notification(ref, "checkout.session.completed", { at: signedAt });
    const at = (ms: number) =>
      new StripeGateway({
        secretKey: fake.secretKey,
        webhookSecret: fake.webhookSecret,
        apiUrl: fake.url,
        now: () => new Date(signedAt.getTime() + ms),
      });
    expect(at(4 * 60_000).parseNotification(n.raw, n.headers)?.status).toBe("succeeded");
    expect(() => at(6 * 60_000).parseNotification(n.raw, n.headers)).toThrow(GatewaySignatureError);
  });
});

describe("queryStatus", () => {
  it("reports an open session as pending", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    expect(await gateway.queryStatus(gatewayRef)).toEqual({
      eventId: null,
      gatewayRef,
      status: "pending",
      amount: null,
      currency: "HUF",
      transactionId: null,
      occurredAt: null,
      failure: null,
    });
  });

  it("keeps a session pending after a declined card (the customer may try again)", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    fake.complete(gatewayRef, "declined");
    expect(await gateway.queryStatus(gatewayRef)).toMatchObject({
      status: "pending",
      amount: null,
    });
  });

  it("reports a paid session as succeeded with amount and PaymentIntent", async () => {
    const { ref, transactionId } = await paidSession();
    expect(await gateway.queryStatus(ref)).toMatchObject({
      gatewayRef: ref,
      status: "succeeded",
      amount: 1_234_500n,
      currency: "HUF",
      transactionId,
    });
  });

  it("reports an expired session as expired", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    fake.complete(gatewayRef, "expired");
    expect(await gateway.queryStatus(gatewayRef)).toMatchObject({ status: "expired" });
  });

  it("reports a delayed payment as pending while processing and failed when it fails", async () => {
    const { gatewayRef } = await gateway.createCheckout(checkout());
    fake.complete(gatewayRef, "processing");
    expect(await gateway.queryStatus(gatewayRef)).toMatchObject({ status: "pending" });
    fake.complete(gatewayRef, "failed");
    const failed = await gateway.queryStatus(gatewayRef);
    expect(failed).toMatchObject({ status: "failed", amount: null });
    expect(failed.failure).toMatch(/insufficient funds/);
  });

  it("throws GatewayUnavailableError for a session Stripe does not know", async () => {
    await expect(gateway.queryStatus("cs_test_unknown")).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
  });
});

describe("refund", () => {
  it("refunds part of a payment on its PaymentIntent with the refund id as idempotency key", async () => {
    const { ref, transactionId } = await paidSession();
    const mark = fake.requests.length;
    const request = {
      refundId: `rfd_${++sequence}`,
      transactionId,
      gatewayRef: ref,
      amount: 500_000n,
      currency: "HUF",
    };
    const result = await gateway.refund(request);
    expect(result).toMatchObject({ status: "succeeded", failure: null });
    expect(result.refundRef).toMatch(/^re_/);
    const r = requestsSince(mark, "/v1/refunds")[0]!;
    expect(r.idempotencyKey).toBe(request.refundId);
    expect(r.params).toEqual({ payment_intent: transactionId, amount: "500000" });

    // Sent again (e.g. after a lost answer): the same refund, not a second one.
    expect(await gateway.refund(request)).toEqual(result);
    // The rest can still be refunded, but no more.
    const rest = await gateway.refund({
      ...request,
      refundId: `rfd_${++sequence}`,
      amount: 734_500n,
    });
    expect(rest.status).toBe("succeeded");
    const more = await gateway.refund({ ...request, refundId: `rfd_${++sequence}`, amount: 1n });
    expect(more).toMatchObject({ status: "failed", refundRef: "" });
    expect(more.failure).toMatch(/already been refunded/);
  });

  it("fails a refund larger than the captured amount with Stripe's reason", async () => {
    const { ref, transactionId } = await paidSession();
    const result = await gateway.refund({
      refundId: `rfd_${++sequence}`,
      transactionId,
      gatewayRef: ref,
      amount: 1_234_501n,
      currency: "HUF",
    });
    expect(result).toMatchObject({ status: "failed", refundRef: "" });
    expect(result.failure).toMatch(/greater than unrefunded amount/);
  });

  it("fails a refund of a payment Stripe does not know", async () => {
    const result = await gateway.refund({
      refundId: `rfd_${++sequence}`,
      transactionId: "pi_unknown",
      gatewayRef: "cs_test_unknown",
      amount: 100n,
      currency: "HUF",
    });
    expect(result).toMatchObject({ status: "failed" });
    expect(result.failure).toMatch(/No such payment_intent/);
  });

  it("maps Stripe's pending and failed refund states", async () => {
    const { ref, transactionId } = await paidSession();
    const base = { transactionId, gatewayRef: ref, currency: "HUF" };
    try {
      fake.refundStatus = "pending";
      expect(
        await gateway.refund({ ...base, refundId: `rfd_${++sequence}`, amount: 100n }),
      ).toMatchObject({ status: "pending", failure: null });
      fake.refundStatus = "requires_action";
      expect(
        (await gateway.refund({ ...base, refundId: `rfd_${++sequence}`, amount: 100n })).status,
      ).toBe("pending");
      fake.refundStatus = "failed";
      const failed = await gateway.refund({ ...base, refundId: `rfd_${++sequence}`, amount: 100n });
      expect(failed.status).toBe("failed");
      expect(failed.refundRef).toMatch(/^re_/);
      expect(failed.failure).toBe("expired_or_canceled_card");
      fake.refundStatus = "canceled";
      expect(
        (await gateway.refund({ ...base, refundId: `rfd_${++sequence}`, amount: 100n })).status,
      ).toBe("failed");
    } finally {
      fake.refundStatus = "succeeded";
    }
  });

  it("throws GatewayUnavailableError when Stripe keeps answering 500", async () => {
    const { ref, transactionId } = await paidSession();
    const request = {
      refundId: `rfd_${++sequence}`,
      transactionId,
      gatewayRef: ref,
      amount: 100n,
      currency: "HUF",
    };
    const mark = fake.requests.length;
    fake.failNext(500, 3);
    await expect(gateway.refund(request)).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(requestsSince(mark, "/v1/refunds").map((r) => r.status)).toEqual([500, 500, 500]);
    // Nothing was refunded: the same refund goes through once Stripe is back.
    expect((await gateway.refund(request)).status).toBe("succeeded");
  });

  it("succeeds after a transient 500 (the SDK retries with the same key)", async () => {
    const { ref, transactionId } = await paidSession();
    const request = {
      refundId: `rfd_${++sequence}`,
      transactionId,
      gatewayRef: ref,
      amount: 1_234_500n,
      currency: "HUF",
    };
    const mark = fake.requests.length;
    fake.failNext(500, 1);
    expect((await gateway.refund(request)).status).toBe("succeeded");
    const sent = requestsSince(mark, "/v1/refunds");
    expect(sent.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(sent.map((r) => r.idempotencyKey))).toEqual(new Set([request.refundId]));
  });
});

describe("the fake Stripe API", () => {
  it("answers like Stripe without a key, with a form body and for unknown objects", async () => {
    const noKey = await fetch(`${fake.url}/v1/checkout/sessions/cs_test_x`);
    expect(noKey.status).toBe(401);
    expect(
      ((await noKey.json()) as { error: { type: string; message: string } }).error,
    ).toMatchObject({
      type: "invalid_request_error",
      message: expect.stringMatching(/did not provide an API key/) as unknown,
    });
    const auth = { authorization: `Bearer ${fake.secretKey}` };
    const missing = await fetch(`${fake.url}/v1/checkout/sessions/cs_test_x`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "resource_missing" },
    });
    const unknownParam = await fetch(`${fake.url}/v1/refunds`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      body: "payment_intent=pi_x&surprise=1",
    });
    expect(unknownParam.status).toBe(400);
    expect(await unknownParam.json()).toMatchObject({
      error: { type: "invalid_request_error", param: "surprise" },
    });
  });

  it("refuses an idempotency key reused with other parameters", async () => {
    const request = checkout();
    await gateway.createCheckout(request);
    const error = await gateway
      .createCheckout({ ...request, amount: request.amount + 100n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect((error as Error).message).toMatch(/same parameters/);
  });

  it("serves the hosted page, which pays and sends the customer to success_url", async () => {
    const request = checkout();
    const { gatewayRef, redirectUrl } = await gateway.createCheckout(request);
    const page = await fetch(redirectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("DBK-2026-000123");
    const pay = await fetch(`${fake.url}/c/pay/${gatewayRef}/paid`, {
      method: "POST",
      redirect: "manual",
    });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`${request.returnUrl}?session_id=${gatewayRef}`);
    expect((await gateway.queryStatus(gatewayRef)).status).toBe("succeeded");
  });
});
