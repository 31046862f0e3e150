/**
 * The built-in simulator gateway: a bank's hosted card page without the bank. It is used by the
 * demo and the tests and behaves like the real thing: the customer is sent to its page (served by
 * Kapu under /api/simulator), chooses approve, decline or cancel (or closes the tab: timeout), is
 * sent back, and the simulator posts a signed server-to-server notification — late, twice, out of
 * order or not at all when asked to. The status of a payment can be queried like on a real
 * gateway, and refunds are accepted up to the captured amount.
 *
 * Its state lives in this process's memory: it is a stand-in for a remote service, not part of
 * Kapu's data. After a restart it knows nothing, like a gateway whose sessions have expired.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
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

export const SIMULATOR_SIGNATURE_HEADER = "x-simulator-signature";

export type SimulatorOutcome = "approve" | "decline" | "cancel";

export interface SimulatorDelivery {
  /** Post the notification this many times (duplicates). */
  times?: number;
  /** Wait this long before posting (a late notification). */
  delayMs?: number;
  /** Do not post at all (the notification is lost; Kapu must query). */
  skip?: boolean;
}

interface Session {
  ref: string;
  checkoutId: string;
  amount: bigint;
  currency: string;
  description: string;
  returnUrl: string;
  notifyUrl: string;
  status: GatewayStatus;
  transactionId: string | null;
  failure: string | null;
  refunded: bigint;
  createdAt: number;
  sequence: number;
}

/** The wire format of a simulator notification (JSON body). */
export interface SimulatorNotification {
  id: string;
  type: "payment.updated";
  created: string;
  data: {
    ref: string;
    order: string;
    status: GatewayStatus;
    amount: string;
    currency: string;
    transaction: string | null;
    failure: string | null;
  };
}

export interface SimulatorOptions {
  secret: string;
  /** Base URL of Kapu, where the simulator's page is served. */
  baseUrl: string;
  /** Sessions not completed within this time expire (the customer never came back). */
  sessionTtlMs?: number;
  /** How notifications reach Kapu; defaults to an HTTP POST with fetch. */
  post?: (url: string, body: string, headers: Record<string, string>) => Promise<number>;
  now?: () => Date;
}

export function signSimulatorPayload(secret: string, body: string, timestamp: number): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Signature tolerance: a notification older than this is refused (replay). */
const TOLERANCE_S = 300;

export class SimulatorGateway implements PaymentGateway {
  readonly name = "simulator" as const;
  readonly label = "Card (simulator)";
  readonly #sessions = new Map<string, Session>();
  readonly #options: Required<Omit<SimulatorOptions, "post" | "now">> &
    Pick<SimulatorOptions, "post" | "now">;
  /** Deliveries still in flight (tests wait for them). */
  readonly #inFlight = new Set<Promise<void>>();
  /** When set, createCheckout and queryStatus fail as if the gateway were down. */
  down = false;

  constructor(options: SimulatorOptions) {
    this.#options = { sessionTtlMs: 30 * 60_000, ...options };
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  async createCheckout(request: CreateCheckoutRequest): Promise<CreatedCheckout> {
    if (this.down) throw new GatewayUnavailableError("simulator", "connection refused");
    const ref = `sim_${randomBytes(12).toString("hex")}`;
    this.#sessions.set(ref, {
      ref,
      checkoutId: request.checkoutId,
      amount: request.amount,
      currency: request.currency,
      description: request.description,
      returnUrl: request.returnUrl,
      notifyUrl: request.notifyUrl,
      status: "pending",
      transactionId: null,
      failure: null,
      refunded: 0n,
      createdAt: this.#now().getTime(),
      sequence: 0,
    });
    return { gatewayRef: ref, redirectUrl: `${this.#options.baseUrl}/api/simulator/pay/${ref}` };
  }

  /** The session behind the hosted page (null when unknown or expired). */
  session(ref: string): Readonly<Session> | null {
    const s = this.#sessions.get(ref);
    if (!s) return null;
    this.#expireIfStale(s);
    return s;
  }

  #expireIfStale(s: Session): void {
    if (s.status === "pending" && this.#now().getTime() - s.createdAt > this.#options.sessionTtlMs)
      s.status = "expired";
  }

  /**
   * The customer pressed a button on the hosted page. Returns where to send the customer back.
   * The notification is posted in the background as `delivery` says.
   */
  complete(ref: string, outcome: SimulatorOutcome, delivery: SimulatorDelivery = {}): string {
    const s = this.#sessions.get(ref);
    if (!s) throw new GatewayUnavailableError("simulator", "unknown payment session");
    this.#expireIfStale(s);
    if (s.status === "pending") {
      if (outcome === "approve") {
        s.status = "succeeded";
        s.transactionId = `simtx_${randomBytes(10).toString("hex")}`;
      } else if (outcome === "decline") {
        s.status = "failed";
        s.failure = "card declined (insufficient funds)";
      } else {
        s.status = "cancelled";
      }
    }
    if (!delivery.skip) this.#deliver(s, delivery.times ?? 1, delivery.delayMs ?? 0);
    return s.returnUrl;
  }

  /** The signed notification the simulator sends for a session's current state. */
  notification(
    ref: string,
    at: Date = this.#now(),
  ): { body: string; headers: Record<string, string> } {
    const s = this.#sessions.get(ref);
    if (!s) throw new Error(`unknown simulator session ${ref}`);
    s.sequence += 1;
    const payload: SimulatorNotification = {
      id: `evt_${s.ref.slice(4)}_${s.status}`,
      type: "payment.updated",
      created: new Date(at.getTime() + s.sequence).toISOString(),
      data: {
        ref: s.ref,
        order: s.checkoutId,
        status: s.status,
        amount: s.amount.toString(),
        currency: s.currency,
        transaction: s.transactionId,
        failure: s.failure,
      },
    };
    const body = JSON.stringify(payload);
    const t = Math.floor(at.getTime() / 1000);
    return {
      body,
      headers: {
        "content-type": "application/json",
        [SIMULATOR_SIGNATURE_HEADER]: signSimulatorPayload(this.#options.secret, body, t),
      },
    };
  }

  #deliver(s: Session, times: number, delayMs: number): void {
    const post =
      this.#options.post ??
      (async (url: string, body: string, headers: Record<string, string>) => {
        const res = await fetch(url, {
          method: "POST",
          body,
          headers,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        return res.status;
      });
    const run = (async () => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const n = this.notification(s.ref);
      // Like a real gateway: retry a few times while Kapu does not acknowledge with 2xx.
      for (let copy = 0; copy < times; copy++) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const status = await post(s.notifyUrl, n.body, n.headers).catch(() => 0);
          if (status >= 200 && status < 300) break;
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
        }
      }
    })();
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  /** Resolves when every notification in flight has been posted (tests). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  parseNotification(
    rawBody: Buffer,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): GatewayEvent | null {
    const sig = header(headers, SIMULATOR_SIGNATURE_HEADER);
    const parts = new Map(
      (sig ?? "").split(",").map((p) => {
        const i = p.indexOf("=");
        return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
      }),
    );
    const t = Number(parts.get("t"));
    const v1 = parts.get("v1") ?? "";
    if (!sig || !Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1))
      throw new GatewaySignatureError();
    const expected = Buffer.from(
      createHmac("sha256", this.#options.secret)
        .update(`${t}.${rawBody.toString("utf8")}`)
        .digest("hex"),
    );
    if (!timingSafeEqual(expected, Buffer.from(v1))) throw new GatewaySignatureError();
    if (Math.abs(this.#now().getTime() / 1000 - t) > TOLERANCE_S)
      throw new GatewaySignatureError("The notification's signature has expired.");
    let n: SimulatorNotification;
    try {
      n = JSON.parse(rawBody.toString("utf8")) as SimulatorNotification;
    } catch {
      throw new GatewaySignatureError("The notification is not JSON.");
    }
    if (n.type !== "payment.updated") return null;
    return {
      eventId: n.id,
      gatewayRef: n.data.ref,
      status: n.data.status,
      amount: n.data.status === "succeeded" ? BigInt(n.data.amount) : null,
      currency: n.data.currency,
      transactionId: n.data.transaction,
      occurredAt: n.created,
      failure: n.data.failure,
    };
  }

  async queryStatus(gatewayRef: string): Promise<GatewayEvent> {
    if (this.down) throw new GatewayUnavailableError("simulator", "connection refused");
    const s = this.session(gatewayRef);
    if (!s)
      return {
        eventId: null,
        gatewayRef,
        status: "expired",
        amount: null,
        currency: null,
        transactionId: null,
        occurredAt: null,
        failure: "unknown to the gateway",
      };
    return {
      eventId: null,
      gatewayRef,
      status: s.status,
      amount: s.status === "succeeded" ? s.amount : null,
      currency: s.currency,
      transactionId: s.transactionId,
      occurredAt: null,
      failure: s.failure,
    };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    if (this.down) throw new GatewayUnavailableError("simulator", "connection refused");
    const s = this.#sessions.get(request.gatewayRef);
    if (!s || s.status !== "succeeded" || s.transactionId !== request.transactionId)
      return { refundRef: "", status: "failed", failure: "no such captured payment" };
    if (s.refunded + request.amount > s.amount)
      return { refundRef: "", status: "failed", failure: "refund exceeds the captured amount" };
    s.refunded += request.amount;
    return { refundRef: `simre_${request.refundId}`, status: "succeeded", failure: null };
  }
}
