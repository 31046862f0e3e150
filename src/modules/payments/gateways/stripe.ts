/**
 * The Stripe adapter (E1): card payments on Stripe Checkout's hosted page, written against
 * Stripe's public API with the official SDK. A checkout is one Checkout Session (mode "payment",
 * one line with the documents' numbers as its name); Kapu learns the outcome from Stripe's signed
 * webhook events (checkout.session.completed / async_payment_succeeded / async_payment_failed /
 * expired), from the customer's return, or by retrieving the session. Refunds go to the session's
 * PaymentIntent.
 *
 * Amounts: Kapu's minor units are Stripe's, for HUF too (Stripe's API treats HUF as a two-decimal
 * currency; only payouts are whole forints).
 *
 * The SDK retries network errors, 409 and 5xx answers itself (maxNetworkRetries), with the
 * idempotency key Kapu gives (the checkout id, the refund id), so a retry never pays or refunds
 * twice. Whatever still fails leaves this adapter as GatewayUnavailableError; nothing else escapes.
 */
import Stripe from "stripe";
import type {
  CreateCheckoutRequest,
  CreatedCheckout,
  GatewayEvent,
  GatewayStatus,
  PaymentGateway,
  RefundRequest,
  RefundResult,
} from "./gateway.ts";
import { GatewaySignatureError, GatewayUnavailableError } from "./gateway.ts";

export interface StripeGatewayOptions {
  /** sk_live_… / sk_test_… (or a restricted key rk_…). */
  secretKey: string;
  /** The webhook endpoint's signing secret, whsec_…. */
  webhookSecret: string;
  /** https://api.stripe.com, or a stand-in (tests: the fake's url). Only scheme, host and port count. */
  apiUrl: string;
  /** The clock for the webhook signature's age and the session's expiry; default real time. */
  now?: () => Date;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Automatic retries of network errors, 409 and 5xx; default 2. */
  maxNetworkRetries?: number;
}

/** How long the customer has on Stripe's page (Stripe's minimum is 30 minutes). */
const SESSION_TTL_S = 35 * 60;
/** A webhook signed longer ago than this is refused (replay). */
const SIGNATURE_TOLERANCE_S = 300;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Adds Stripe's session-id template to the return URL (before any fragment, braces unencoded). */
export function successUrlOf(returnUrl: string): string {
  const hash = returnUrl.indexOf("#");
  const base = hash === -1 ? returnUrl : returnUrl.slice(0, hash);
  const fragment = hash === -1 ? "" : returnUrl.slice(hash);
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${sep}session_id={CHECKOUT_SESSION_ID}${fragment}`;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : value.id;
}

function describe(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode ? ` (HTTP ${error.statusCode})` : "";
    return `${error.message}${status}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export class StripeGateway implements PaymentGateway {
  readonly name = "stripe" as const;
  readonly label = "Card (Stripe)";
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;
  readonly #now: () => Date;

  constructor(options: StripeGatewayOptions) {
    const api = new URL(options.apiUrl);
    const protocol = api.protocol === "http:" ? "http" : "https";
    this.#stripe = new Stripe(options.secretKey, {
      host: api.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: api.port || (protocol === "http" ? 80 : 443),
      protocol,
      timeout: options.timeoutMs ?? 10_000,
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      appInfo: { name: "Kapu" },
    });
    this.#webhookSecret = options.webhookSecret;
    this.#now = options.now ?? (() => new Date());
  }

  #unavailable(error: unknown): GatewayUnavailableError {
    if (error instanceof GatewayUnavailableError) return error;
    return new GatewayUnavailableError("stripe", describe(error), { cause: error });
  }

  async createCheckout(request: CreateCheckoutRequest): Promise<CreatedCheckout> {
    try {
      const amount = Number(request.amount);
      if (!Number.isSafeInteger(amount) || amount <= 0)
        throw new GatewayUnavailableError(
          "stripe",
          `the amount ${request.amount} cannot be charged`,
        );
      const session = await this.#stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: amount,
                product_data: { name: request.description },
              },
            },
          ],
          client_reference_id: request.checkoutId,
          metadata: { kapu_checkout: request.checkoutId },
          payment_intent_data: {
            description: request.description,
            metadata: { kapu_checkout: request.checkoutId },
          },
          ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
          locale: request.language,
          success_url: successUrlOf(request.returnUrl),
          cancel_url: request.returnUrl,
          expires_at: Math.floor(this.#now().getTime() / 1000) + SESSION_TTL_S,
        },
        { idempotencyKey: request.checkoutId },
      );
      if (!session.url)
        throw new GatewayUnavailableError("stripe", "the Checkout Session has no payment page URL");
      return { gatewayRef: session.id, redirectUrl: session.url };
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  parseNotification(rawBody: Buffer, headers: Headers): GatewayEvent | null {
    const signature = header(headers, "stripe-signature");
    if (!signature) throw new GatewaySignatureError();
    let event: Stripe.Event;
    try {
      event = this.#stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.#webhookSecret,
        SIGNATURE_TOLERANCE_S,
        undefined,
        this.#now().getTime(),
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError)
        throw new GatewaySignatureError(
          /tolerance/i.test(error.message)
            ? "The notification's signature has expired."
            : "The notification's signature is missing or does not verify.",
        );
      throw new GatewaySignatureError("The notification is not a Stripe event.");
    }
    const occurredAt = new Date(event.created * 1000).toISOString();
    if (event.type === "checkout.session.completed") {
      const s = event.data.object;
      const paid = s.payment_status === "paid" || s.payment_status === "no_payment_required";
      return this.#fromSession(s, paid ? "succeeded" : "pending", event.id, occurredAt, null);
    }
    if (event.type === "checkout.session.async_payment_succeeded")
      return this.#fromSession(event.data.object, "succeeded", event.id, occurredAt, null);
    if (event.type === "checkout.session.async_payment_failed")
      return this.#fromSession(
        event.data.object,
        "failed",
        event.id,
        occurredAt,
        "the delayed payment failed (checkout.session.async_payment_failed)",
      );
    if (event.type === "checkout.session.expired")
      return this.#fromSession(event.data.object, "expired", event.id, occurredAt, null);
    return null; // other events are logged by the caller, not acted on
  }

  #fromSession(
    s: Stripe.Checkout.Session,
    status: GatewayStatus,
    eventId: string | null,
    occurredAt: string | null,
    failure: string | null,
  ): GatewayEvent {
    const succeeded = status === "succeeded";
    return {
      eventId,
      gatewayRef: s.id,
      status,
      amount: succeeded && s.amount_total !== null ? BigInt(s.amount_total) : null,
      currency: s.currency ? s.currency.toUpperCase() : null,
      transactionId: idOf(s.payment_intent),
      occurredAt,
      failure,
    };
  }

  async queryStatus(gatewayRef: string): Promise<GatewayEvent> {
    let s: Stripe.Checkout.Session;
    try {
      s = await this.#stripe.checkout.sessions.retrieve(gatewayRef, { expand: ["payment_intent"] });
    } catch (error) {
      throw this.#unavailable(error);
    }
    if (s.status === "expired") return this.#fromSession(s, "expired", null, null, null);
    if (s.status === "complete") {
      if (s.payment_status === "paid" || s.payment_status === "no_payment_required")
        return this.#fromSession(s, "succeeded", null, null, null);
      // Complete but unpaid: a delayed payment method. Its PaymentIntent says whether the money
      // is still on its way (processing) or did not come (back to requires_payment_method).
      const pi = typeof s.payment_intent === "object" ? s.payment_intent : null;
      if (pi && (pi.status === "requires_payment_method" || pi.status === "canceled"))
        return this.#fromSession(
          s,
          "failed",
          null,
          null,
          pi.last_payment_error?.message ?? `the payment is ${pi.status}`,
        );
      return this.#fromSession(s, "pending", null, null, null);
    }
    // Open: the customer is still on Stripe's page (a declined card may be tried again).
    return this.#fromSession(s, "pending", null, null, null);
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const amount = Number(request.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return {
        refundRef: "",
        status: "failed",
        failure: `invalid refund amount ${request.amount}`,
      };
    try {
      const refund = await this.#stripe.refunds.create(
        { payment_intent: request.transactionId, amount },
        { idempotencyKey: request.refundId },
      );
      switch (refund.status) {
        case "succeeded":
          return { refundRef: refund.id, status: "succeeded", failure: null };
        case "failed":
        case "canceled":
          return {
            refundRef: refund.id,
            status: "failed",
            failure: refund.failure_reason ?? `the refund was ${refund.status}`,
          };
        case null:
        default: // pending, requires_action
          return { refundRef: refund.id, status: "pending", failure: null };
      }
    } catch (error) {
      // Stripe refused the refund itself (more than the unrefunded amount, nothing to refund,
      // the key reused with other parameters): retrying will not change the answer.
      if (
        error instanceof Stripe.errors.StripeCardError ||
        error instanceof Stripe.errors.StripeInvalidRequestError ||
        error instanceof Stripe.errors.StripeIdempotencyError
      )
        return { refundRef: "", status: "failed", failure: error.message };
      throw this.#unavailable(error);
    }
  }
}
