import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in for the parts of Stripe's HTTP API that Kapu's Stripe adapter uses (a real HTTP
 * server on 127.0.0.1, port chosen by the OS), for tests of the adapter and of whatever pays by
 * card through it. Point the official SDK at it with host/port/protocol (StripeGateway does that
 * from its apiUrl).
 *
 * It behaves like the real API where Kapu can notice the difference:
 *
 * - requests are `application/x-www-form-urlencoded` with bracket notation
 *   (`line_items[0][price_data][currency]=huf`), GET parameters in the query string;
 * - `Authorization: Bearer <secret key>` (or HTTP Basic with the key as user name) is required:
 *   401 otherwise;
 * - errors are `{error: {type, message, code?, param?, doc_url?}}` with Stripe's status codes
 *   (400 invalid parameters, 401, 404 unknown object or URL, 500/503 when told to fail);
 * - parameters it does not model are refused like unknown parameters ("Received unknown
 *   parameter"), so nothing a test sends is silently ignored;
 * - `Idempotency-Key` on POST: the same key with the same parameters replays the first response
 *   (with `Idempotent-Replayed: true`), with other parameters it is a 400 `idempotency_error`;
 *   requests refused by parameter validation are not saved (as documented by Stripe);
 * - Checkout Sessions: POST /v1/checkout/sessions (mode "payment" with price_data line items),
 *   GET /v1/checkout/sessions/:id (expand[]=payment_intent), POST …/:id/expire; an open session
 *   expires at its expires_at (on the fake's clock);
 * - PaymentIntents: GET /v1/payment_intents/:id (created when the customer pays, as on Stripe);
 * - Refunds: POST /v1/refunds (by payment_intent or charge, at most the unrefunded amount:
 *   `amount_too_large`, `charge_already_refunded`), GET /v1/refunds/:id;
 * - webhook events shaped like Stripe's (`evt_…`, object "event", api_version, created,
 *   data.object, livemode, pending_webhooks, request, type), pretty-printed JSON signed with the
 *   webhook secret in `Stripe-Signature: t=…,v1=…` (HMAC-SHA256 of `${t}.${body}`).
 *
 * The customer's side: complete() does what the customer does on Stripe's page, and the page
 * itself is served at the session's url (`/c/pay/:id`) with buttons that do the same and then
 * redirect to success_url (with {CHECKOUT_SESSION_ID} filled in) or cancel_url.
 *
 * Only what Kapu needs is modelled: one-off card-style payments in any currency, no customers,
 * prices, subscriptions, disputes or Connect. Amounts are minor units as on Stripe.
 */

/** What the customer does on the hosted page. */
export type FakeStripeOutcome =
  /** Card approved: the session completes paid. */
  | "paid"
  /** Card declined: the session stays open (the customer may try again). */
  | "declined"
  /** A delayed payment method (e.g. SEPA debit) was submitted: complete, unpaid, processing. */
  | "processing"
  /** The delayed payment failed (submitting it first when the session is still open). */
  | "failed"
  /** The session expired (the customer never paid). */
  | "expired";

export type FakeStripeFailure = 500 | 502 | 503 | "reset" | "hang";

export type FakeStripeRefundStatus =
  "succeeded" | "pending" | "requires_action" | "failed" | "canceled";

export interface FakeStripeRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/checkout/sessions". */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  idempotencyKey: string | null;
  /** The form body (POST) or query (GET), decoded into objects and arrays. */
  params: FormObject;
  rawBody: string;
  /** The status the fake answered with (0 when it never answered). */
  status: number;
  replayed: boolean;
}

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export interface FakeStripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface FakeStripeOptions {
  /** The one valid secret key; default "sk_test_fake". */
  secretKey?: string;
  /** The webhook endpoint's signing secret; default "whsec_fake". */
  webhookSecret?: string;
  /** The fake's clock (session creation, expiry, event times); default real time. */
  now?: () => Date;
}

export interface FakeStripe {
  /** Base URL, e.g. http://127.0.0.1:41234 (the SDK adds /v1/…). */
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Every API request received (/v1/…), oldest first, failed ones included. */
  readonly requests: readonly FakeStripeRequest[];
  /** The current Checkout Session object as the API returns it (undefined when unknown). */
  session(id: string): Record<string, unknown> | undefined;
  /** The PaymentIntent object, as the API returns it. */
  paymentIntent(id: string): Record<string, unknown> | undefined;
  /** The customer acts on the hosted page; returns the session afterwards. */
  complete(sessionId: string, outcome: FakeStripeOutcome): Record<string, unknown>;
  /**
   * The latest webhook event of this type for the session (delivering it again repeats its id
   * and content with a fresh signature, as Stripe's retries do), signed at `at` (default now) with
   * `secret` (default the fake's webhook secret). Throws when the session never produced that
   * event: checkout.session.completed, checkout.session.async_payment_succeeded,
   * checkout.session.async_payment_failed, checkout.session.expired, payment_intent.succeeded,
   * payment_intent.processing, payment_intent.payment_failed.
   */
  event(
    sessionId: string,
    type: string,
    options?: { at?: Date; secret?: string },
  ): { id: string; body: string; headers: Record<string, string> };
  /** The next `times` API requests fail like this (before authentication and idempotency). */
  failNext(failure: FakeStripeFailure, times?: number): void;
  /** Status of refunds created from now on (default "succeeded"). */
  refundStatus: FakeStripeRefundStatus;
  /** Stops the server and ends every open connection (hanging ones included). */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

const API_VERSION_DEFAULT = "2026-10-28.endive";
const MAX_BODY = 256 * 1024;
const DOCS = "https://stripe.com/docs/error-codes";

/** Minimum charge amounts (minor units) Stripe enforces, for the currencies tests use. */
const MINIMUM_AMOUNT: Record<string, number> = { eur: 50, huf: 17500, usd: 50, gbp: 30 };
const MAXIMUM_AMOUNT = 99_999_999;
const ZERO_DECIMAL = new Set(["jpy", "krw", "vnd", "clp", "pyg", "xaf", "xof", "bif", "djf"]);
const CURRENCIES = new Set([
  ..."eur huf usd gbp chf czk pln ron sek nok dkk".split(" "),
  ...ZERO_DECIMAL,
]);
const LOCALES = new Set(
  "auto bg cs da de el en en-GB es et fi fr hr hu it lt lv nb nl pl pt ro sk sl sv".split(" "),
);

class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly extra: { code?: string; param?: string; decline_code?: string };
  /** Saved for idempotent replay (false for parameter validation failures). */
  readonly saved: boolean;

  constructor(
    status: number,
    type: string,
    message: string,
    extra: { code?: string; param?: string; decline_code?: string } = {},
    saved = true,
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.extra = extra;
    this.saved = saved;
  }

  body(): { error: Record<string, unknown> } {
    return {
      error: {
        ...(this.extra.code
          ? { code: this.extra.code, doc_url: `${DOCS}#${this.extra.code}` }
          : {}),
        ...(this.extra.decline_code ? { decline_code: this.extra.decline_code } : {}),
        message: this.message,
        ...(this.extra.param ? { param: this.extra.param } : {}),
        type: this.type,
      },
    };
  }
}

/** A parameter validation error (400, not saved for idempotency). */
function invalid(message: string, param?: string, code = "parameter_invalid"): ApiError {
  return new ApiError(
    400,
    "invalid_request_error",
    message,
    { code, ...(param ? { param } : {}) },
    false,
  );
}

function missing(param: string): ApiError {
  return invalid(`Missing required param: ${param}.`, param, "parameter_missing");
}

function unknownParam(param: string): ApiError {
  return invalid(`Received unknown parameter: ${param}`, param, "parameter_unknown");
}

function noSuch(kind: string, id: string, param?: string): ApiError {
  return new ApiError(param ? 400 : 404, "invalid_request_error", `No such ${kind}: '${id}'`, {
    code: "resource_missing",
    ...(param ? { param } : {}),
  });
}

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let s = prefix;
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

// --- form decoding -----------------------------------------------------------------------------

function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) throw invalid(`Invalid parameter name: ${key}`);
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      let segment = path[i]!;
      if (segment === "") segment = String(Object.keys(node).length);
      const last = i === path.length - 1;
      const existing = node[segment];
      if (last) {
        if (existing !== undefined && typeof existing !== "string")
          throw invalid(`Invalid hash: ${key}`, path[0]);
        node[segment] = value;
      } else {
        if (existing === undefined) node[segment] = {};
        const next = node[segment];
        if (typeof next === "string" || Array.isArray(next))
          throw invalid(`Invalid hash: ${key}`, path[0]);
        node = next!;
      }
    }
  }
  return toArrays(root) as FormObject;
}

/** Objects whose keys are exactly 0..n-1 become arrays (Stripe's indexed array encoding). */
function toArrays(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const k of keys) converted[k] = toArrays(value[k]!);
  if (keys.length > 0 && keys.every((k, i) => k === String(i)))
    return keys.map((k) => converted[k]!);
  return converted;
}

// --- parameter readers -------------------------------------------------------------------------

function only(obj: FormObject, allowed: readonly string[], prefix = ""): void {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k)) throw unknownParam(prefix ? `${prefix}[${k}]` : k);
}

function str(obj: FormObject, key: string, param: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalid(`Invalid string: ${param}`, param);
  return v;
}

function hash(obj: FormObject, key: string, param: string): FormObject | undefined {
  const v = obj[key];
  if (v === undefined || v === "") return undefined;
  if (typeof v === "string" || Array.isArray(v))
    throw invalid(`Invalid object`, param, "parameter_invalid_empty");
  return v;
}

function list(obj: FormObject, key: string, param: string): FormValue[] | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalid(`Invalid array`, param);
  return v;
}

function int(obj: FormObject, key: string, param: string, min = 0): number | undefined {
  const v = str(obj, key, param);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v))
    throw invalid(`Invalid integer: ${v}`, param, "parameter_invalid_integer");
  const n = Number(v);
  if (!Number.isSafeInteger(n))
    throw invalid(`Invalid integer: ${v}`, param, "parameter_invalid_integer");
  if (n < min)
    throw invalid(
      min > 0 ? `Invalid positive integer` : `This value must be greater than or equal to ${min}.`,
      param,
      "parameter_invalid_integer",
    );
  return n;
}

function metadata(obj: FormObject, key: string): Record<string, string> {
  const m = hash(obj, key, key);
  if (!m) return {};
  const out: Record<string, string> = {};
  const keys = Object.keys(m);
  if (keys.length > 50) throw invalid("Metadata can have up to 50 keys.", key);
  for (const k of keys) {
    const v = m[k];
    if (typeof v !== "string") throw invalid(`Invalid value for metadata key ${k}`, `${key}[${k}]`);
    if (k.length > 40)
      throw invalid("Metadata keys can be up to 40 characters long.", `${key}[${k}]`);
    if (v.length > 500)
      throw invalid("Metadata values can be up to 500 characters long.", `${key}[${k}]`);
    if (v !== "") out[k] = v;
  }
  return out;
}

function url(obj: FormObject, key: string): string | undefined {
  const v = str(obj, key, key);
  if (v === undefined) return undefined;
  let ok = false;
  try {
    const u = new URL(v.replaceAll("{CHECKOUT_SESSION_ID}", "x"));
    ok = u.protocol === "https:" || u.protocol === "http:";
  } catch {
    ok = false;
  }
  if (!ok || v.length > 5000) throw invalid("Not a valid URL", key, "url_invalid");
  return v;
}

function expandList(params: FormObject, allowed: readonly string[]): Set<string> {
  const e = params.expand;
  if (e === undefined) return new Set();
  const items = Array.isArray(e) ? e : typeof e === "string" ? [e] : null;
  if (!items) throw invalid("Invalid array", "expand");
  const out = new Set<string>();
  for (const item of items) {
    if (typeof item !== "string") throw invalid("Invalid array", "expand");
    if (!allowed.includes(item))
      throw invalid(`This property cannot be expanded (${item}).`, "expand");
    out.add(item);
  }
  return out;
}

/** Minor units as a decimal string, in integers (no floats for money, even in a fake). */
function formatMoney(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  const minor = BigInt(amount);
  if (digits === 0) return minor.toString();
  const sign = minor < 0n ? "-" : "";
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

// --- state -------------------------------------------------------------------------------------

interface SessionRecord {
  id: string;
  object: Record<string, unknown> & {
    status: "open" | "complete" | "expired";
    payment_status: "paid" | "unpaid" | "no_payment_required";
    expires_at: number;
    amount_total: number;
    currency: string;
    payment_intent: string | null;
    success_url: string | null;
    cancel_url: string | null;
    url: string | null;
  };
  description: string;
  paymentIntentData: { description: string | null; metadata: Record<string, string> };
  apiVersion: string;
  events: Map<string, FakeStripeEvent>;
}

interface PaymentIntentRecord {
  object: Record<string, unknown> & {
    id: string;
    amount: number;
    amount_received: number;
    currency: string;
    status: string;
    latest_charge: string | null;
  };
  sessionId: string;
}

interface ChargeRecord {
  id: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  /** Refunded or being refunded (pending refunds count). */
  amountRefunded: number;
}

interface SavedResponse {
  fingerprint: string;
  status: number;
  body: string;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "request-id": randomId("req_", 14),
    "stripe-version": API_VERSION_DEFAULT,
    ...headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? "sk_test_fake";
  const webhookSecret = options.webhookSecret ?? "whsec_fake";
  const now = (): Date => options.now?.() ?? new Date();
  const nowS = (): number => Math.floor(now().getTime() / 1000);

  const sessions = new Map<string, SessionRecord>();
  const intents = new Map<string, PaymentIntentRecord>();
  const charges = new Map<string, ChargeRecord>();
  const refunds = new Map<string, Record<string, unknown>>();
  const idempotency = new Map<string, SavedResponse>();
  const requests: FakeStripeRequest[] = [];
  const failures: FakeStripeFailure[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = "";

  const fake = {
    refundStatus: "succeeded" as FakeStripeRefundStatus,
  };

  // --- domain ----------------------------------------------------------------------------------

  function snapshot(o: Record<string, unknown>): Record<string, unknown> {
    return structuredClone(o);
  }

  function emit(s: SessionRecord, type: string, object: Record<string, unknown>): void {
    s.events.set(type, {
      id: randomId("evt_1", 23),
      object: "event",
      api_version: s.apiVersion,
      created: nowS(),
      data: { object: snapshot(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
  }

  function expireIfDue(s: SessionRecord): void {
    if (s.object.status === "open" && nowS() >= s.object.expires_at) expire(s);
  }

  function expire(s: SessionRecord): void {
    s.object.status = "expired";
    s.object.url = null;
    const pi = s.object.payment_intent ? intents.get(s.object.payment_intent) : undefined;
    if (pi && pi.object.status !== "succeeded") {
      pi.object.status = "canceled";
      pi.object.canceled_at = nowS();
      pi.object.cancellation_reason = "automatic";
    }
    emit(s, "checkout.session.expired", s.object);
  }

  function sessionOrThrow(id: string): SessionRecord {
    const s = sessions.get(id);
    if (!s) throw new Error(`fake Stripe: unknown Checkout Session ${id}`);
    expireIfDue(s);
    return s;
  }

  function ensureIntent(s: SessionRecord): PaymentIntentRecord {
    const existing = s.object.payment_intent ? intents.get(s.object.payment_intent) : undefined;
    if (existing) return existing;
    const id = randomId("pi_3", 23);
    const pi: PaymentIntentRecord = {
      sessionId: s.id,
      object: {
        id,
        object: "payment_intent",
        amount: s.object.amount_total,
        amount_capturable: 0,
        amount_received: 0,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: "automatic_async",
        client_secret: `${id}_secret_${randomId("", 25)}`,
        confirmation_method: "automatic",
        created: nowS(),
        currency: s.object.currency,
        customer: null,
        description: s.paymentIntentData.description,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: s.paymentIntentData.metadata,
        payment_method: randomId("pm_1", 23),
        payment_method_types: ["card"],
        status: "requires_payment_method",
      },
    };
    intents.set(id, pi);
    s.object.payment_intent = id;
    return pi;
  }

  function capture(pi: PaymentIntentRecord): void {
    const ch: ChargeRecord = {
      id: randomId("ch_3", 23),
      paymentIntent: pi.object.id,
      amount: pi.object.amount,
      currency: pi.object.currency,
      amountRefunded: 0,
    };
    charges.set(ch.id, ch);
    pi.object.status = "succeeded";
    pi.object.amount_received = pi.object.amount;
    pi.object.latest_charge = ch.id;
    pi.object.last_payment_error = null;
  }

  function customerDetails(s: SessionRecord): Record<string, unknown> {
    return {
      address: {
        city: null,
        country: "HU",
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: s.object.customer_email ?? "customer@example.com",
      name: "Test Customer",
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    };
  }

  function completeSession(s: SessionRecord, outcome: FakeStripeOutcome): void {
    expireIfDue(s);
    const o = s.object;
    const state = `${o.status}/${o.payment_status}`;
    const refuse = (): never => {
      throw new Error(`fake Stripe: cannot "${outcome}" a session that is ${state}`);
    };
    switch (outcome) {
      case "expired":
        if (o.status !== "open") refuse();
        expire(s);
        return;
      case "declined": {
        if (o.status !== "open") refuse();
        const pi = ensureIntent(s);
        pi.object.status = "requires_payment_method";
        pi.object.last_payment_error = {
          code: "card_declined",
          decline_code: "insufficient_funds",
          doc_url: `${DOCS}#card_declined`,
          message: "Your card has insufficient funds.",
          type: "card_error",
        };
        emit(s, "payment_intent.payment_failed", pi.object);
        return;
      }
      case "paid": {
        const pi = ensureIntent(s);
        if (o.status === "open") {
          capture(pi);
          o.status = "complete";
          o.payment_status = "paid";
          o.url = null;
          o.customer_details = customerDetails(s);
          emit(s, "payment_intent.succeeded", pi.object);
          emit(s, "checkout.session.completed", o);
        } else if (o.status === "complete" && pi.object.status === "processing") {
          capture(pi);
          o.payment_status = "paid";
          emit(s, "payment_intent.succeeded", pi.object);
          emit(s, "checkout.session.async_payment_succeeded", o);
        } else refuse();
        return;
      }
      case "processing": {
        if (o.status !== "open") refuse();
        const pi = ensureIntent(s);
        pi.object.status = "processing";
        pi.object.payment_method_types = ["sepa_debit"];
        o.status = "complete";
        o.payment_status = "unpaid";
        o.url = null;
        o.customer_details = customerDetails(s);
        emit(s, "payment_intent.processing", pi.object);
        emit(s, "checkout.session.completed", o);
        return;
      }
      case "failed": {
        if (o.status === "open") completeSession(s, "processing");
        const pi = ensureIntent(s);
        if (o.status !== "complete" || pi.object.status !== "processing") refuse();
        pi.object.status = "requires_payment_method";
        pi.object.last_payment_error = {
          code: "payment_method_provider_decline",
          decline_code: "insufficient_funds",
          doc_url: `${DOCS}#payment_method_provider_decline`,
          message: "The customer's bank account has insufficient funds.",
          type: "invalid_request_error",
        };
        emit(s, "payment_intent.payment_failed", pi.object);
        emit(s, "checkout.session.async_payment_failed", o);
        return;
      }
    }
  }

  function renderSession(s: SessionRecord, expand: Set<string>): Record<string, unknown> {
    const out = snapshot(s.object);
    if (expand.has("payment_intent") && s.object.payment_intent)
      out.payment_intent = snapshot(intents.get(s.object.payment_intent)!.object);
    return out;
  }

  // --- endpoints -------------------------------------------------------------------------------

  function createSession(p: FormObject, apiVersion: string): Record<string, unknown> {
    only(p, [
      "mode",
      "line_items",
      "success_url",
      "cancel_url",
      "client_reference_id",
      "metadata",
      "customer_email",
      "locale",
      "expires_at",
      "payment_intent_data",
      "payment_method_types",
      "expand",
    ]);
    const mode = str(p, "mode", "mode");
    if (mode === undefined) throw missing("mode");
    if (!["payment", "setup", "subscription"].includes(mode))
      throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, "mode");
    if (mode !== "payment")
      throw invalid(`The fake Stripe API only models mode=payment (got ${mode}).`, "mode");
    expandList(p, ["payment_intent"]);

    const items = list(p, "line_items", "line_items");
    if (!items || items.length === 0) throw missing("line_items");
    let currency: string | null = null;
    let total = 0;
    let description = "";
    for (const [i, raw] of items.entries()) {
      const param = `line_items[${i}]`;
      if (typeof raw === "string" || Array.isArray(raw)) throw invalid("Invalid object", param);
      only(raw, ["price_data", "quantity", "price"], param);
      const price = str(raw, "price", `${param}[price]`);
      if (price !== undefined) throw noSuch("price", price, `${param}[price]`);
      const quantity = int(raw, "quantity", `${param}[quantity]`, 1);
      if (quantity === undefined) throw missing(`${param}[quantity]`);
      const pd = hash(raw, "price_data", `${param}[price_data]`);
      if (!pd)
        throw invalid(`You must specify either \`price\` or \`price_data\` in ${param}.`, param);
      only(
        pd,
        ["currency", "unit_amount", "product_data", "unit_amount_decimal"],
        `${param}[price_data]`,
      );
      const cur = str(pd, "currency", `${param}[price_data][currency]`)?.toLowerCase();
      if (cur === undefined) throw missing(`${param}[price_data][currency]`);
      if (!CURRENCIES.has(cur))
        throw invalid(
          `Invalid currency: ${cur}. Stripe currently supports these currencies: ${[...CURRENCIES].join(", ")}`,
          `${param}[price_data][currency]`,
        );
      if (currency !== null && cur !== currency)
        throw invalid(
          "All line items must use the same currency.",
          `${param}[price_data][currency]`,
        );
      currency = cur;
      if (pd.unit_amount_decimal !== undefined)
        throw invalid(
          "The fake Stripe API does not model unit_amount_decimal.",
          `${param}[price_data][unit_amount_decimal]`,
        );
      const unit = int(pd, "unit_amount", `${param}[price_data][unit_amount]`, 0);
      if (unit === undefined) throw missing(`${param}[price_data][unit_amount]`);
      if (unit > MAXIMUM_AMOUNT)
        throw invalid(
          `This value must be less than or equal to ${MAXIMUM_AMOUNT} (it currently is '${unit}').`,
          `${param}[price_data][unit_amount]`,
          "amount_too_large",
        );
      const product = hash(pd, "product_data", `${param}[price_data][product_data]`);
      if (!product)
        throw invalid(
          `You must specify either \`product\` or \`product_data\`.`,
          `${param}[price_data]`,
        );
      only(product, ["name", "description"], `${param}[price_data][product_data]`);
      const name = str(product, "name", `${param}[price_data][product_data][name]`);
      if (!name) throw missing(`${param}[price_data][product_data][name]`);
      if (!description) description = name;
      total += unit * quantity;
    }
    const cur = currency ?? "eur";
    const minimum = MINIMUM_AMOUNT[cur];
    if (minimum !== undefined && total < minimum)
      throw new ApiError(
        400,
        "invalid_request_error",
        `The Checkout Session's total amount due must add up to at least ${formatMoney(minimum, cur)} ${cur}`,
        { code: "amount_too_small" },
        false,
      );
    if (total > MAXIMUM_AMOUNT)
      throw invalid(
        "The Checkout Session's total amount due is too large.",
        "line_items",
        "amount_too_large",
      );

    const successUrl = url(p, "success_url") ?? null;
    const cancelUrl = url(p, "cancel_url") ?? null;
    const clientReferenceId = str(p, "client_reference_id", "client_reference_id") ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200)
      throw invalid("client_reference_id can be up to 200 characters long.", "client_reference_id");
    const email = str(p, "customer_email", "customer_email") ?? null;
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw invalid(`Invalid email address: ${email}`, "customer_email", "email_invalid");
    const locale = str(p, "locale", "locale") ?? null;
    if (locale !== null && !LOCALES.has(locale))
      throw invalid(`Invalid locale: ${locale}`, "locale");
    const created = nowS();
    const expiresAt = int(p, "expires_at", "expires_at") ?? created + 24 * 3600;
    if (expiresAt < created + 30 * 60)
      throw invalid(
        "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
        "expires_at",
      );
    if (expiresAt > created + 24 * 3600)
      throw invalid(
        "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
        "expires_at",
      );
    const pid = hash(p, "payment_intent_data", "payment_intent_data") ?? {};
    only(pid, ["description", "metadata"], "payment_intent_data");
    const pmTypes = list(p, "payment_method_types", "payment_method_types");
    if (pmTypes && pmTypes.some((t) => t !== "card" && t !== "sepa_debit"))
      throw invalid("The fake Stripe API models only card and sepa_debit.", "payment_method_types");

    const id = randomId("cs_test_a1", 56);
    const record: SessionRecord = {
      id,
      description,
      apiVersion,
      paymentIntentData: {
        description: str(pid, "description", "payment_intent_data[description]") ?? null,
        metadata: metadata(pid, "metadata"),
      },
      events: new Map(),
      object: {
        id,
        object: "checkout.session",
        after_expiration: null,
        allow_promotion_codes: null,
        amount_subtotal: total,
        amount_total: total,
        automatic_tax: { enabled: false, liability: null, status: null },
        billing_address_collection: null,
        cancel_url: cancelUrl,
        client_reference_id: clientReferenceId,
        client_secret: null,
        created,
        currency: cur,
        customer: null,
        customer_creation: "if_required",
        customer_details: email === null ? null : { email },
        customer_email: email,
        expires_at: expiresAt,
        invoice: null,
        livemode: false,
        locale,
        metadata: metadata(p, "metadata"),
        mode: "payment",
        payment_intent: null,
        payment_link: null,
        payment_method_collection: "if_required",
        payment_method_types: pmTypes ?? ["card"],
        payment_status: "unpaid",
        status: "open",
        submit_type: null,
        success_url: successUrl,
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
        ui_mode: "hosted",
        url: `${baseUrl}/c/pay/${id}#${randomId("fid", 40)}`,
      },
    };
    sessions.set(id, record);
    return renderSession(record, expandList(p, ["payment_intent"]));
  }

  function getSession(id: string, p: FormObject): Record<string, unknown> {
    only(p, ["expand"]);
    const expand = expandList(p, ["payment_intent"]);
    const s = sessions.get(id);
    if (!s) throw noSuch("checkout.session", id);
    expireIfDue(s);
    return renderSession(s, expand);
  }

  function expireSession(id: string, p: FormObject): Record<string, unknown> {
    only(p, ["expand"]);
    const s = sessions.get(id);
    if (!s) throw noSuch("checkout.session", id);
    expireIfDue(s);
    if (s.object.status !== "open")
      throw new ApiError(
        400,
        "invalid_request_error",
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.object.status}".`,
      );
    expire(s);
    return renderSession(s, expandList(p, ["payment_intent"]));
  }

  function getIntent(id: string, p: FormObject): Record<string, unknown> {
    only(p, ["expand"]);
    expandList(p, []);
    const pi = intents.get(id);
    if (!pi) throw noSuch("payment_intent", id);
    return snapshot(pi.object);
  }

  function createRefund(p: FormObject): Record<string, unknown> {
    only(p, ["payment_intent", "charge", "amount", "reason", "metadata", "expand"]);
    expandList(p, []);
    const piId = str(p, "payment_intent", "payment_intent");
    const chargeId = str(p, "charge", "charge");
    if (piId === undefined && chargeId === undefined)
      throw invalid(
        "One of the following params should be provided for this request: payment_intent or charge.",
        undefined,
        "parameter_missing",
      );
    if (piId !== undefined && chargeId !== undefined)
      throw invalid("You may only specify one of these parameters: charge, payment_intent.");
    const amount = int(p, "amount", "amount", 1);
    const reason = str(p, "reason", "reason");
    if (
      reason !== undefined &&
      !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)
    )
      throw invalid(
        `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
        "reason",
      );
    const meta = metadata(p, "metadata");
    let charge: ChargeRecord | undefined;
    if (piId !== undefined) {
      const pi = intents.get(piId);
      if (!pi) throw noSuch("payment_intent", piId, "payment_intent");
      charge = pi.object.latest_charge ? charges.get(pi.object.latest_charge) : undefined;
      if (!charge || pi.object.status !== "succeeded")
        throw new ApiError(
          400,
          "invalid_request_error",
          `This PaymentIntent (${piId}) does not have a successful charge to refund.`,
          { param: "payment_intent" },
        );
    } else {
      charge = charges.get(chargeId!);
      if (!charge) throw noSuch("charge", chargeId!, "charge");
    }
    const remaining = charge.amount - charge.amountRefunded;
    if (remaining <= 0)
      throw new ApiError(
        400,
        "invalid_request_error",
        `Charge ${charge.id} has already been refunded.`,
        {
          code: "charge_already_refunded",
        },
      );
    const value = amount ?? remaining;
    if (value > remaining)
      throw new ApiError(
        400,
        "invalid_request_error",
        `Refund amount (${formatMoney(value, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
        { code: "amount_too_large", param: "amount" },
      );
    const status = fake.refundStatus;
    if (status !== "failed" && status !== "canceled") charge.amountRefunded += value;
    const refund: Record<string, unknown> = {
      id: randomId("re_3", 23),
      object: "refund",
      amount: value,
      balance_transaction:
        status === "failed" || status === "canceled" ? null : randomId("txn_3", 23),
      charge: charge.id,
      created: nowS(),
      currency: charge.currency,
      destination_details: {
        card: {
          reference_status: "pending",
          reference_type: "acquirer_reference_number",
          type: "refund",
        },
        type: "card",
      },
      ...(status === "failed" ? { failure_reason: "expired_or_canceled_card" } : {}),
      metadata: meta,
      payment_intent: charge.paymentIntent,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status,
      transfer_reversal: null,
    };
    refunds.set(refund.id as string, refund);
    return snapshot(refund);
  }

  function getRefund(id: string, p: FormObject): Record<string, unknown> {
    only(p, ["expand"]);
    expandList(p, []);
    const r = refunds.get(id);
    if (!r) throw noSuch("refund", id);
    return snapshot(r);
  }

  // --- HTTP ------------------------------------------------------------------------------------

  function authenticate(headers: Record<string, string>): void {
    const auth = headers.authorization ?? "";
    let key: string | null = null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    const basic = /^Basic\s+(\S+)$/i.exec(auth);
    if (bearer) key = bearer[1]!;
    else if (basic) key = Buffer.from(basic[1]!, "base64").toString("utf8").split(":")[0] ?? "";
    if (!key)
      throw new ApiError(
        401,
        "invalid_request_error",
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    if (key !== secretKey) {
      const shown =
        key.length > 12
          ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`
          : "****";
      throw new ApiError(401, "invalid_request_error", `Invalid API Key provided: ${shown}`);
    }
  }

  function route(
    method: string,
    path: string,
    p: FormObject,
    apiVersion: string,
  ): Record<string, unknown> {
    let m: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return createSession(p, apiVersion);
    if (method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)))
      return getSession(decodeURIComponent(m[1]!), p);
    if (method === "POST" && (m = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path)))
      return expireSession(decodeURIComponent(m[1]!), p);
    if (method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)))
      return getIntent(decodeURIComponent(m[1]!), p);
    if (method === "POST" && path === "/v1/refunds") return createRefund(p);
    if (method === "GET" && (m = /^\/v1\/refunds\/([^/]+)$/.exec(path)))
      return getRefund(decodeURIComponent(m[1]!), p);
    throw new ApiError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
  ): Promise<void> {
    const method = req.method ?? "GET";
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const raw = (await readBody(req)) ?? "";
    const entry: FakeStripeRequest = {
      method,
      path,
      headers,
      idempotencyKey: headers["idempotency-key"] ?? null,
      params: {},
      rawBody: raw,
      status: 0,
      replayed: false,
    };
    requests.push(entry);
    const answer = (status: number, body: string, extra: Record<string, string> = {}): void => {
      entry.status = status;
      sendJson(res, status, body, extra);
    };

    const failure = failures.shift();
    if (failure === "hang") return; // the client's timeout must end it (or close())
    if (failure === "reset") {
      req.socket.destroy();
      return;
    }
    if (failure !== undefined) {
      const message =
        failure === 500
          ? "An unknown error occurred"
          : "The server is temporarily unavailable. Please try again later.";
      answer(failure, JSON.stringify({ error: { message, type: "api_error" } }, null, 2));
      return;
    }

    try {
      authenticate(headers);
      if (method === "POST") {
        const type = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        if (raw !== "" && type !== "application/x-www-form-urlencoded")
          throw invalid(
            `Invalid request: unsupported Content-Type ${type}. If error persists and you need assistance, please contact support@stripe.com.`,
          );
      }
      entry.params = parseForm(method === "GET" || method === "DELETE" ? query : raw);
      const apiVersion = headers["stripe-version"] ?? API_VERSION_DEFAULT;

      const key = method === "POST" ? entry.idempotencyKey : null;
      const fingerprint = `${method} ${path} ${JSON.stringify(entry.params)}`;
      const slot = key === null ? null : `${secretKey}\n${key}`;
      if (slot !== null) {
        if (key!.length > 255)
          throw invalid("Idempotency-Key must be at most 255 characters long.");
        const saved = idempotency.get(slot);
        if (saved) {
          if (saved.fingerprint !== fingerprint)
            throw new ApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
              {},
              false,
            );
          entry.replayed = true;
          answer(saved.status, saved.body, {
            "idempotent-replayed": "true",
            "idempotency-key": key!,
          });
          return;
        }
      }
      let status = 200;
      let body: string;
      let saved = true;
      try {
        body = JSON.stringify(route(method, path, entry.params, apiVersion), null, 2);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        status = error.status;
        body = JSON.stringify(error.body(), null, 2);
        saved = error.saved;
      }
      if (slot !== null && saved) idempotency.set(slot, { fingerprint, status, body });
      answer(status, body, key !== null ? { "idempotency-key": key } : {});
    } catch (error) {
      if (error instanceof ApiError) answer(error.status, JSON.stringify(error.body(), null, 2));
      else throw error;
    }
  }

  /** The hosted payment page: what the customer sees at session.url. */
  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    const m = /^\/c\/pay\/([^/]+)(?:\/(paid|declined|processing|cancel))?$/.exec(path);
    const s = m ? sessions.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !s) {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Not found</title><p>Something went wrong.</p>");
      return;
    }
    expireIfDue(s);
    const action = m[2];
    if (req.method === "POST" && action) {
      await readBody(req);
      if (action === "cancel") {
        res.writeHead(303, { location: s.object.cancel_url ?? "https://stripe.com" });
        res.end();
        return;
      }
      if (s.object.status === "open") completeSession(s, action as FakeStripeOutcome);
      if (action === "declined" || s.object.status !== "complete") {
        res.writeHead(303, { location: `/c/pay/${s.id}` });
        res.end();
        return;
      }
      const target = (s.object.success_url ?? "https://stripe.com").replaceAll(
        "{CHECKOUT_SESSION_ID}",
        s.id,
      );
      res.writeHead(303, { location: target });
      res.end();
      return;
    }
    const o = s.object;
    const pi = o.payment_intent ? intents.get(o.payment_intent) : undefined;
    const error = (pi?.object.last_payment_error as { message?: string } | null)?.message;
    const button = (a: string, label: string): string =>
      `<form method="post" action="/c/pay/${s.id}/${a}"><button type="submit" name="outcome" value="${a}">${label}</button></form>`;
    const body =
      o.status === "open"
        ? `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}${button("paid", "Pay")}${button("declined", "Pay with a declined card")}${button("processing", "Pay by SEPA Direct Debit")}${button("cancel", "Back")}`
        : `<p>${o.status === "expired" ? "This Checkout Session is no longer active." : "This Checkout Session has been completed."}</p>`;
    const html = `<!doctype html><html lang="${escapeHtml(typeof o.locale === "string" ? o.locale : "en")}"><head><meta charset="utf-8"><title>Fake Stripe Checkout</title></head><body><h1>${escapeHtml(s.description)}</h1><p data-testid="amount">${escapeHtml(formatMoney(o.amount_total, o.currency))}</p>${body}</body></html>`;
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(html),
    });
    res.end(html);
  }

  const server = createServer((req, res) => {
    const [path = "/", query = ""] = (req.url ?? "/").split(/\?(.*)/s);
    const run = path.startsWith("/v1/")
      ? handleApi(req, res, path, query)
      : handlePage(req, res, path);
    run.catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(
          res,
          500,
          JSON.stringify({
            error: { message: `fake Stripe: ${String(error)}`, type: "api_error" },
          }),
        );
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    secretKey,
    webhookSecret,
    requests,
    get refundStatus() {
      return fake.refundStatus;
    },
    set refundStatus(status: FakeStripeRefundStatus) {
      fake.refundStatus = status;
    },
    session(id) {
      const s = sessions.get(id);
      if (!s) return undefined;
      expireIfDue(s);
      return snapshot(s.object);
    },
    paymentIntent(id) {
      const pi = intents.get(id);
      return pi ? snapshot(pi.object) : undefined;
    },
    complete(sessionId, outcome) {
      const s = sessionOrThrow(sessionId);
      completeSession(s, outcome);
      return snapshot(s.object);
    },
    event(sessionId, type, eventOptions = {}) {
      const s = sessionOrThrow(sessionId);
      const e = s.events.get(type);
      if (!e)
        throw new Error(
          `fake Stripe: session ${sessionId} produced no ${type} event (it has: ${[...s.events.keys()].join(", ") || "none"})`,
        );
      e.pending_webhooks = Math.max(1, e.pending_webhooks);
      const body = JSON.stringify(e, null, 2);
      const t = Math.floor((eventOptions.at ?? now()).getTime() / 1000);
      const mac = createHmac("sha256", eventOptions.secret ?? webhookSecret)
        .update(`${t}.${body}`)
        .digest("hex");
      return {
        id: e.id,
        body,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": `t=${t},v1=${mac}`,
        },
      };
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
}
