/**
 * Availability through RDAP (RFC 9082 queries, RFC 9083 JSON answers): `GET {base}/domain/{name}`
 * with `Accept: application/rdap+json`. 404 means the registry has no such domain (free), 200
 * that it has one (registered; the `expiration` event gives its expiry). 429, 5xx, a network
 * error or no answer within the time limit are retryable registry errors.
 *
 * Only the availability check: RDAP is a read-only protocol, so register, renew and transfer
 * throw a non-retryable `not_supported` RegistrarError. A provider that sells names through RDAP
 * checks fulfils orders by hand or through an EPP registrar module (H2).
 *
 * Caveat for operators: the default base, https://rdap.org, redirects each query to the TLD's
 * RDAP server from IANA's bootstrap registry (fetch follows the redirect). For a TLD whose
 * registry runs no RDAP service a redirect service can only say "not found", which this client
 * cannot tell from a free name and reads as "available": for such TLDs point RDAP_URL at a
 * server that does answer for them, or use a registrar module.
 */
import {
  RegistrarError,
  type AvailabilityResult,
  type DomainRegistration,
  type Registrar,
} from "./port.ts";

export interface RdapOptions {
  /** e.g. https://rdap.org or a registry's own RDAP base URL (without /domain). */
  baseUrl: string;
  /** Time limit of one query, answer included. */
  timeoutMs: number;
  /** Queries at a time when several names are checked (default 4). */
  concurrency?: number;
  fetchImpl?: typeof fetch;
}

export class RdapRegistrar implements Registrar {
  readonly kind = "rdap";
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #fetch: typeof fetch;

  constructor(options: RdapOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#fetch = options.fetchImpl ?? globalThis.fetch;
  }

  /** One query per name; the first failure fails the whole check (all or nothing). */
  async checkAvailability(names: readonly string[]): Promise<AvailabilityResult[]> {
    const results: AvailabilityResult[] = new Array<AvailabilityResult>(names.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!failed && next < names.length) {
        const i = next++;
        try {
          results[i] = await this.#checkOne(names[i] ?? "");
        } catch (error) {
          failed = true; // the others stop taking names
          throw error;
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.#concurrency, names.length) }, () => worker()),
    );
    return results;
  }

  register(): Promise<DomainRegistration> {
    return Promise.reject(notSupported("register"));
  }

  renew(): Promise<DomainRegistration> {
    return Promise.reject(notSupported("renew"));
  }

  transfer(): Promise<DomainRegistration> {
    return Promise.reject(notSupported("transfer"));
  }

  async #checkOne(name: string): Promise<AvailabilityResult> {
    const url = `${this.#base}/domain/${encodeURIComponent(name)}`;
    let status: number;
    let raw: string;
    try {
      const response = await this.#fetch(url, {
        headers: { accept: "application/rdap+json, application/json;q=0.9" },
        redirect: "follow",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      raw = await response.text(); // still under the time limit
    } catch (error) {
      throw fetchFailure(name, error, this.#timeoutMs);
    }
    const body = parseJson(raw);

    if (status === 404) return { name, status: "available" };
    if (status === 200) {
      // RFC 9083 §5.3: a domain object says so in objectClassName. Anything else (an HTML page
      // from a proxy, another object) is not an answer about the name.
      if (body === null || body["objectClassName"] !== "domain") return { name, status: "unknown" };
      const expiresAt = expirationOf(body);
      return expiresAt === null
        ? { name, status: "registered" }
        : { name, status: "registered", expiresAt };
    }
    const said = errorTextOf(body);
    if (status === 429 || status >= 500)
      throw new RegistrarError(
        "unavailable",
        `The RDAP server answered HTTP ${status} for ${name}${status === 429 ? " (rate limited)" : ""}.`,
        { registryMessage: said },
      );
    throw new RegistrarError(
      "rejected",
      `The RDAP server answered HTTP ${status} for ${name}${said ? `: ${said}` : ""}.`,
      { registryMessage: said },
    );
  }
}

function notSupported(operation: string): RegistrarError {
  return new RegistrarError(
    "not_supported",
    `${operation} is not supported by the RDAP checker: it only checks availability. Fulfil the order by hand or configure a registrar module.`,
  );
}

function fetchFailure(name: string, error: unknown, timeoutMs: number): RegistrarError {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return new RegistrarError(
      "timeout",
      `The RDAP server did not answer for ${name} within ${timeoutMs} ms.`,
      { cause: error },
    );
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : null;
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new RegistrarError("unavailable", `The RDAP server could not be reached (${detail}).`, {
    cause: error,
  });
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** RFC 9083 §4.5: events[] of {eventAction, eventDate}; "expiration" is the expiry. */
function expirationOf(body: Record<string, unknown>): string | null {
  const events = body["events"];
  if (!Array.isArray(events)) return null;
  for (const e of events as unknown[]) {
    if (typeof e !== "object" || e === null) continue;
    const { eventAction, eventDate } = e as { eventAction?: unknown; eventDate?: unknown };
    if (eventAction !== "expiration" || typeof eventDate !== "string") continue;
    const ms = Date.parse(eventDate);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return null;
}

/** RFC 9083 §6: an error answer's title and description, when the server sent one. */
function errorTextOf(body: Record<string, unknown> | null): string | null {
  if (body === null) return null;
  const parts: string[] = [];
  if (typeof body["title"] === "string") parts.push(body["title"]);
  const description = body["description"];
  if (Array.isArray(description))
    for (const d of description as unknown[]) if (typeof d === "string") parts.push(d);
  return parts.length > 0 ? parts.join(" ") : null;
}
