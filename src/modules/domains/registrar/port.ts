/**
 * The registrar module interface (port) of the domains module (H1, H2): how Kapu asks a domain
 * registry whether names are free, and registers, renews and transfers them. Adapters: the
 * in-memory FakeRegistrar (demo and tests), the RDAP availability checker; EPP (RFC 5730–5733)
 * registrars and manual fulfilment come later behind the same interface.
 *
 * Contract for every adapter:
 * - **Names** are passed and returned in ASCII (punycode for IDN labels), lower case, without a
 *   trailing dot, already checked by `parseDomainName`. An adapter never re-spells them, so
 *   callers can match results to what they asked by `name`.
 * - **Dates**: `expiresAt` is the registry's expiry instant as an ISO 8601 UTC string
 *   (`2027-11-23T10:00:00.000Z`); callers turn it into a legal date in the provider's zone.
 * - **Errors**: an adapter throws only `RegistrarError`. `retryable: true` means the same call
 *   may succeed later unchanged (timeout, outage, rate limit): a job retries it with backoff.
 *   `retryable: false` means the registry refused it (bad auth code, name taken, policy): retrying
 *   the same call cannot help, a person has to act.
 * - **Idempotency**: every write may be retried after a timeout whose outcome is unknown, so a
 *   repeat of a write that already took effect succeeds with the current state instead of failing
 *   or doing it twice:
 *   - `register` of a name this registrar account already holds *for the same registrant* is a
 *     success (no extra years); held for another registrant, or by anyone else, it is
 *     `name_taken`. Kapu itself must still check that the name is not another customer's
 *     before calling: the registry knows only its account, not Kapu's customers.
 *   - `renew` carries the expiry the caller saw (`currentExpiresAt`, as EPP's `curExpDate`):
 *     when the name already expires `years` after it, the renewal happened and is answered
 *     again; any other mismatch is `rejected`.
 *   - `transfer` of a name this account already holds for the same registrant is a success.
 * - **Availability** is advice at the moment of asking: a name answered `available` may be
 *   taken a second later; only `register` decides. `unknown` means the registry did not say
 *   (e.g. an answer the adapter cannot read): offer the name only after asking again.
 */

export type AvailabilityStatus = "available" | "registered" | "reserved" | "unknown";

export interface AvailabilityResult {
  /** The name as asked. */
  name: string;
  status: AvailabilityStatus;
  /** True when the registry prices the name above its standard price; absent when it does not
   * say (RDAP never does). */
  premium?: boolean;
  /** For a registered name, when it expires, if the registry said so. */
  expiresAt?: string;
}

export interface RegisterRequest {
  name: string;
  /** Registration period in years (1–10; a registry may allow fewer, e.g. .hu). */
  years: number;
  /** The registrant: Kapu's customer (or contact) id; the adapter maps it to a registry contact. */
  registrantId: string;
  /** Name servers to delegate to; the registry's defaults when absent. */
  nameservers?: string[];
}

export interface RenewRequest {
  name: string;
  years: number;
  /** The expiry the caller last saw (from register, renew, transfer or a check). */
  currentExpiresAt: string;
}

export interface TransferRequest {
  name: string;
  /** The auth code (EPP authInfo) the current registrant got from the losing registrar. */
  authCode: string;
  registrantId: string;
  /** Years added by the transfer (gTLDs add one); 1 when absent. */
  years?: number;
}

/** A name this registrar account holds, after a successful write. */
export interface DomainRegistration {
  name: string;
  registrantId: string;
  expiresAt: string;
}

export interface Registrar {
  /** Which adapter this is, for logs and staff views. */
  readonly kind: string;
  /** One result per name asked, in the order asked. */
  checkAvailability(names: readonly string[]): Promise<AvailabilityResult[]>;
  register(request: RegisterRequest): Promise<DomainRegistration>;
  renew(request: RenewRequest): Promise<DomainRegistration>;
  transfer(request: TransferRequest): Promise<DomainRegistration>;
}

export type RegistrarErrorCode =
  /** No answer in time; the command may or may not have been carried out. Retryable. */
  | "timeout"
  /** The registry is down, overloaded or rate-limiting (5xx, 429, connection refused). Retryable. */
  | "unavailable"
  /** The registry refused the command (policy, syntax, period, expiry mismatch). */
  | "rejected"
  /** register: someone (or another registrant of this account) holds the name. */
  | "name_taken"
  /** renew / transfer: the name is not registered, or not held by this account (renew). */
  | "not_found"
  /** transfer: the auth code is wrong. */
  | "auth_invalid"
  /** This adapter cannot do the operation at all. */
  | "not_supported";

const RETRYABLE: Record<RegistrarErrorCode, boolean> = {
  timeout: true,
  unavailable: true,
  rejected: false,
  name_taken: false,
  not_found: false,
  auth_invalid: false,
  not_supported: false,
};

/** The one error a registrar adapter throws. */
export class RegistrarError extends Error {
  readonly code: RegistrarErrorCode;
  /** Whether the same call may succeed later unchanged. */
  readonly retryable: boolean;
  /** What the registry said, verbatim (EPP msg, RDAP error title), for staff; null if nothing. */
  readonly registryMessage: string | null;

  constructor(
    code: RegistrarErrorCode,
    message: string,
    options: { registryMessage?: string | null; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RegistrarError";
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE[code];
    this.registryMessage = options.registryMessage ?? null;
  }
}
