import type { Actor } from "../../../platform/audit.ts";
import { writeAudit } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { CheckoutRow, CheckoutStatus, Db } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { localDate } from "../../../platform/clock.ts";
import { billingDataGapsOf } from "../../billing/index.ts";
import {
  gatewaysFor,
  GatewaySignatureError,
  type GatewayEvent,
  type GatewayName,
  type PaymentGateway,
} from "../gateways/index.ts";
import {
  checkoutsAwaiting,
  expireCheckoutIfWaiting,
  findCheckout,
  findCheckoutOfCustomer,
  insertCheckout,
  insertNotification,
  lockCheckoutByRef,
  payableDocuments,
  updateCheckout,
} from "../repo.ts";
import { receivePayment } from "./receive.ts";

const SYSTEM: Actor = { type: "system", name: "card-payments" };

export function gatewayNamed(deps: Pick<Deps, "config">, name: string): PaymentGateway {
  const g = gatewaysFor(deps.config).get(name as GatewayName);
  if (!g)
    throw new AppError(
      "payments.gateway_unknown",
      404,
      `No payment gateway "${name}" is configured.`,
    );
  return g;
}

export interface StartCheckout {
  customerId: string;
  documentIds: readonly string[];
  gateway?: string | undefined;
  email: string | null;
  language: "hu" | "en";
}

/**
 * Starts a card payment for one or several open documents of the customer (E1): checks the
 * billing data (A7), sums the open amounts (one currency), records the checkout, then creates
 * the payment on the gateway and returns its hosted page. The checkout row exists before the
 * gateway is asked, so a notification can never arrive for a payment Kapu does not know.
 */
export async function startCheckout(
  deps: Deps,
  s: StartCheckout,
  actor: Actor,
): Promise<{ checkoutId: string; redirectUrl: string }> {
  const gateways = gatewaysFor(deps.config);
  const gateway = s.gateway ? gatewayNamed(deps, s.gateway) : [...gateways.values()][0];
  if (!gateway)
    throw new AppError(
      "payments.no_gateway",
      409,
      "Card payment is not available. Pay by bank transfer.",
    );
  const ids = [...new Set(s.documentIds)];
  const docs = await payableDocuments(deps.db, s.customerId, ids);
  if (docs.length !== ids.length)
    throw new AppError("not_found", 404, "The document does not exist.");
  const notPayable = docs.filter(
    (d) => d.kind === "credit_note" || d.status !== "open" || d.gross_total - d.paid_amount <= 0n,
  );
  if (notPayable.length > 0)
    throw new AppError(
      "payments.document_not_payable",
      409,
      `Already paid or cancelled: ${notPayable.map((d) => d.number).join(", ")}.`,
    );
  const currencies = new Set(docs.map((d) => d.currency));
  if (currencies.size !== 1)
    throw new AppError(
      "payments.mixed_currencies",
      409,
      "Documents in different currencies are paid separately.",
    );
  const gaps = await billingDataGapsOf(deps.db, s.customerId);
  if (gaps.length > 0)
    throw new AppError(
      "payments.billing_data_incomplete",
      409,
      "Complete your billing data before paying: the invoice is issued with it.",
      { errors: gaps.map((g) => ({ path: g, message: "required" })) },
    );
  // Pay in the order the customer sees them: oldest first.
  const ordered = ids.map((id) => docs.find((d) => d.id === id)!);
  const amount = ordered.reduce((a, d) => a + (d.gross_total - d.paid_amount), 0n);
  const currency = ordered[0]!.currency as "HUF" | "EUR";
  const now = deps.clock.now();
  const checkoutId = newId("chk", now.getTime());
  await deps.db.transaction().execute(async (tx) => {
    await insertCheckout(tx, {
      id: checkoutId,
      customerId: s.customerId,
      gateway: gateway.name,
      currency,
      amount,
      documentIds: ordered.map((d) => d.id),
      createdBy: actor.type === "user" ? actor.userId : null,
      now,
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "payment.checkout_started",
      subjectType: "checkout",
      subjectId: checkoutId,
      customerId: s.customerId,
      data: {
        gateway: gateway.name,
        amount: amount.toString(),
        currency,
        documents: ordered.map((d) => d.number),
      },
    });
  });
  try {
    const created = await gateway.createCheckout({
      checkoutId,
      amount,
      currency,
      description: ordered.map((d) => d.number).join(", "),
      customerEmail: s.email,
      language: s.language,
      returnUrl: `${deps.config.baseUrl}/finances/payments/return/${checkoutId}`,
      notifyUrl: `${deps.config.baseUrl}/api/payments/notify/${gateway.name}`,
    });
    await updateCheckout(deps.db, checkoutId, {
      status: "pending",
      gatewayRef: created.gatewayRef,
      redirectUrl: created.redirectUrl,
      now: deps.clock.now(),
    });
    return { checkoutId, redirectUrl: created.redirectUrl };
  } catch (error) {
    await updateCheckout(deps.db, checkoutId, {
      status: "failed",
      failure: error instanceof Error ? error.message : String(error),
      now: deps.clock.now(),
    });
    throw error;
  }
}

export type EventOutcome =
  "applied" | "status_updated" | "duplicate" | "out_of_order" | "unknown_checkout" | "ignored";

/** Terminal states a later, older event must not undo. */
const FINAL: ReadonlySet<CheckoutStatus> = new Set(["succeeded", "failed", "cancelled", "expired"]);

/**
 * Applies what the gateway says about a payment, once: the checkout row is locked, so any
 * number of concurrent duplicate notifications (and the customer's return, and the status poll)
 * serialize on it and only the first success records the payment — backed by the payment's
 * unique origin. A success after a failure or expiry (money taken late) is still recorded: money
 * is never dropped. Returns what happened and the flag staff should see, if any.
 */
export async function applyGatewayEvent(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  gateway: string,
  event: GatewayEvent,
): Promise<{ outcome: EventOutcome; flag: string | null; checkout: CheckoutRow | null }> {
  const c = await lockCheckoutByRef(tx, gateway, event.gatewayRef);
  if (!c) return { outcome: "unknown_checkout", flag: "unknown_checkout", checkout: null };
  const now = deps.clock.now();
  if (event.status === "succeeded") {
    if (c.status === "succeeded") return { outcome: "duplicate", flag: null, checkout: c };
    let flag: string | null = null;
    const amount = event.amount ?? c.amount;
    const currency = (event.currency ?? c.currency).toUpperCase();
    if (amount !== c.amount || currency !== c.currency) flag = "amount_mismatch";
    if (currency !== "HUF" && currency !== "EUR") flag = "currency_unsupported";
    if (flag === "currency_unsupported") {
      await updateCheckout(tx, c.id, { status: "succeeded", failure: flag, now });
      return { outcome: "status_updated", flag, checkout: c };
    }
    const result = await receivePayment(
      tx,
      deps,
      {
        customerId: c.customer_id,
        currency: currency as "HUF" | "EUR",
        amount,
        method: "card",
        source: "gateway",
        gateway,
        externalId: `${gateway}:${event.transactionId ?? event.gatewayRef}`,
        receivedOn: localDate(now, deps.config.timeZone),
        reference: c.id,
        documents: flag ? [] : c.document_ids.map((id) => ({ id })),
        flag: flag ?? (FINAL.has(c.status) ? `late_success_after_${c.status}` : null),
      },
      SYSTEM,
    );
    await updateCheckout(tx, c.id, { status: "succeeded", paymentId: result.paymentId, now });
    const paymentFlag = result.duplicate ? null : result.flag;
    return { outcome: result.duplicate ? "duplicate" : "applied", flag: paymentFlag, checkout: c };
  }
  if (event.status === "pending") {
    return FINAL.has(c.status)
      ? { outcome: "out_of_order", flag: null, checkout: c }
      : { outcome: "ignored", flag: null, checkout: c };
  }
  if (FINAL.has(c.status)) return { outcome: "out_of_order", flag: null, checkout: c };
  await updateCheckout(tx, c.id, { status: event.status, failure: event.failure, now });
  return { outcome: "status_updated", flag: null, checkout: c };
}

/**
 * A gateway's server-to-server notification: verified, logged as received whatever it says,
 * applied once. A bad signature is logged, flagged and refused (400); anything else is
 * acknowledged (200) so the gateway stops retrying — also a duplicate or an unknown payment,
 * which staff see flagged.
 */
export async function handleNotification(
  deps: Deps,
  gatewayName: string,
  rawBody: Buffer,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Promise<{ outcome: EventOutcome }> {
  const gateway = gatewayNamed(deps, gatewayName);
  const payload = rawBody.toString("utf8").slice(0, 64 * 1024);
  const base = {
    id: newId("gwn", deps.clock.now().getTime()),
    gateway: gateway.name,
    receivedAt: deps.clock.now(),
    payload,
  };
  let event: GatewayEvent | null;
  try {
    event = gateway.parseNotification(rawBody, headers);
  } catch (error) {
    if (!(error instanceof GatewaySignatureError)) throw error;
    await insertNotification(deps.db, {
      ...base,
      signatureOk: false,
      eventId: null,
      gatewayRef: null,
      checkoutId: null,
      outcome: "bad_signature",
      flag: "bad_signature",
    });
    throw error;
  }
  if (!event) {
    await insertNotification(deps.db, {
      ...base,
      signatureOk: true,
      eventId: null,
      gatewayRef: null,
      checkoutId: null,
      outcome: "ignored",
      flag: null,
    });
    return { outcome: "ignored" };
  }
  const e = event;
  return deps.db.transaction().execute(async (tx) => {
    const r = await applyGatewayEvent(tx, deps, gateway.name, e);
    await insertNotification(tx, {
      ...base,
      signatureOk: true,
      eventId: e.eventId,
      gatewayRef: e.gatewayRef,
      checkoutId: r.checkout?.id ?? null,
      outcome: r.outcome,
      flag: r.flag,
    });
    return { outcome: r.outcome };
  });
}

/** Asks the gateway about a checkout still waiting and applies the answer. */
export async function refreshCheckout(deps: Deps, checkout: CheckoutRow): Promise<void> {
  if (FINAL.has(checkout.status) || !checkout.gateway_ref) return;
  const gateway = gatewayNamed(deps, checkout.gateway);
  const event = await gateway.queryStatus(checkout.gateway_ref);
  await deps.db.transaction().execute((tx) => applyGatewayEvent(tx, deps, gateway.name, event));
}

/**
 * The customer is back from the gateway's page: when the notification has not arrived yet, the
 * gateway is asked, so the result page shows the truth. A gateway that does not answer leaves the
 * checkout pending (the poll job asks again).
 */
export async function checkoutOnReturn(deps: Deps, customerId: string, checkoutId: string) {
  const c = await findCheckoutOfCustomer(deps.db, customerId, checkoutId);
  if (!c) throw new AppError("not_found", 404, "The payment does not exist.");
  if (!FINAL.has(c.status)) {
    try {
      await refreshCheckout(deps, c);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      deps.logger.warn({ err: error, checkoutId }, "gateway status query failed on return");
    }
  }
  return (await findCheckout(deps.db, checkoutId))!;
}

/** Checkouts are abandoned after this long without an answer from the gateway. */
export const CHECKOUT_EXPIRY_MS = 2 * 60 * 60_000;

/**
 * The safety net for late or lost notifications (job, every minute): asks the gateway about
 * checkouts waiting longer than a minute; those still unanswered after two hours expire.
 */
export async function pollCheckouts(deps: Deps): Promise<{ asked: number; expired: number }> {
  const now = deps.clock.now();
  const waiting = await checkoutsAwaiting(deps.db, new Date(now.getTime() - 60_000), 200);
  let expired = 0;
  for (const c of waiting) {
    try {
      await refreshCheckout(deps, c);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      deps.logger.warn({ err: error, checkoutId: c.id }, "gateway status query failed");
    }
    if (now.getTime() - c.created_at.getTime() <= CHECKOUT_EXPIRY_MS) continue;
    // Expire only what is still waiting after the question (the update re-checks the status).
    if (await expireCheckoutIfWaiting(deps.db, c.id, now)) expired += 1;
  }
  return { asked: waiting.length, expired };
}
