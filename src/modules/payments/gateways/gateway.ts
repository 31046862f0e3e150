/**
 * The port to card payment gateways with a hosted payment page (E1). Kapu creates a payment on
 * the gateway, redirects the customer there, and learns the outcome from the gateway's signed
 * server-to-server notification, from the customer's return, or by asking (queryStatus) when the
 * notification is late. Every adapter maps its gateway's states to GatewayStatus.
 *
 * Amounts are minor units of the currency (fillér, cent), as everywhere in Kapu.
 */
import { AppError } from "../../../platform/errors.ts";

export type GatewayName = "simulator" | "stripe";

export interface CreateCheckoutRequest {
  /** Kapu's checkout id: the gateway's order reference and idempotency key. */
  checkoutId: string;
  amount: bigint;
  currency: "HUF" | "EUR";
  /** What the customer sees on the payment page, e.g. "DBK-2026-000123, SZ-2026-000045". */
  description: string;
  customerEmail: string | null;
  language: "hu" | "en";
  /** Where the gateway sends the customer back (success, failure or cancel alike). */
  returnUrl: string;
  /** Where the gateway posts its server-to-server notification. */
  notifyUrl: string;
}

export interface CreatedCheckout {
  /** The gateway's id of the payment (session); notifications name it. */
  gatewayRef: string;
  /** The hosted payment page. */
  redirectUrl: string;
}

export type GatewayStatus = "pending" | "succeeded" | "failed" | "cancelled" | "expired";

/** What a notification or a status query says about one payment on the gateway. */
export interface GatewayEvent {
  /** Unique per notification on the gateway (duplicates repeat it); null for a status query. */
  eventId: string | null;
  gatewayRef: string;
  status: GatewayStatus;
  /** The captured amount when succeeded (minor units) and its currency. */
  amount: bigint | null;
  currency: string | null;
  /** The gateway's id of the money movement (charge / transaction): refunds name it. */
  transactionId: string | null;
  /** When the gateway says it happened (ISO); orders out-of-order notifications. */
  occurredAt: string | null;
  /** The gateway's reason for a decline or failure, as it said it. */
  failure: string | null;
}

export interface RefundRequest {
  /** Kapu's refund id: the idempotency key on the gateway. */
  refundId: string;
  transactionId: string;
  gatewayRef: string;
  amount: bigint;
  currency: string;
}

export interface RefundResult {
  refundRef: string;
  status: "succeeded" | "pending" | "failed";
  failure: string | null;
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /** Shown to the customer: "Card (Stripe)". */
  readonly label: string;
  createCheckout(request: CreateCheckoutRequest): Promise<CreatedCheckout>;
  /**
   * Verifies the notification's signature over the raw body and parses it. Throws
   * GatewaySignatureError when the signature is missing or wrong; returns null for an event
   * type Kapu does not act on (it is still logged).
   */
  parseNotification(
    rawBody: Buffer,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): GatewayEvent | null;
  /** Asks the gateway for the payment's current state. */
  queryStatus(gatewayRef: string): Promise<GatewayEvent>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

export class GatewaySignatureError extends AppError {
  constructor(message = "The notification's signature is missing or does not verify.") {
    super("payments.bad_signature", 400, message);
  }
}

/** The gateway did not answer or answered with an error: nothing was changed in Kapu. */
export class GatewayUnavailableError extends AppError {
  constructor(gateway: string, detail: string, options?: { cause?: unknown }) {
    super(
      "payments.gateway_unavailable",
      503,
      `The payment gateway (${gateway}) is not available: ${detail}. Try again later.`,
      options,
    );
  }
}

/** The gateways configured for this installation, by name. */
export type Gateways = ReadonlyMap<GatewayName, PaymentGateway>;
