/**
 * Online check of EU VAT numbers against VIES, the European Commission's VAT Information Exchange
 * System, through its REST API:
 *
 *   POST {baseUrl}/check-vat-number   {countryCode, vatNumber, requesterMemberStateCode?, requesterNumber?}
 *   → {countryCode, vatNumber, requestDate, valid, requestIdentifier, name, address, …}
 *
 * (production base URL: https://ec.europa.eu/taxation_customs/vies/rest-api). Errors arrive either
 * as `userError` on the answer or as `{actionSucceed: false, errorWrappers: [{error, message}]}`,
 * with HTTP 200 or an error status.
 *
 * The verifier never throws for the service's troubles: a member state's database being down
 * (MS_UNAVAILABLE, which is routine at night and at weekends), VIES overloaded, a timeout, a
 * network error or a garbled answer all become status "unavailable" — which is not the same as
 * "invalid", and callers must not treat it so. Only VIES saying the number is not valid, or that
 * the input is malformed (INVALID_INPUT), gives "invalid".
 */
import { systemClock, type Clock } from "../../platform/clock.ts";
import { vatPrefixOf } from "./domain/vat-number.ts";

export interface ViesResult {
  status: "valid" | "invalid" | "unavailable";
  /** The registered name, when the member state discloses it (Germany never does). */
  name: string | null;
  address: string | null;
  /**
   * The consultation number: VIES's proof that this number was checked at this time. VIES gives
   * one only when the requester's own VAT number is sent (the `requester` option).
   */
  requestIdentifier: string | null;
  checkedAt: Date;
  /** The VIES error code, HTTP status, or the reason the answer could not be used; else null. */
  detail: string | null;
}

export interface VatNumberVerifier {
  /**
   * Asks VIES about a number. `country` is the ISO code or VAT prefix (GR and EL both mean
   * Greece); `number` is the national part (a leading copy of the prefix is removed, as are
   * spaces, dots and dashes).
   */
  verify(country: string, number: string): Promise<ViesResult>;
}

export interface ViesClientOptions {
  /** e.g. https://ec.europa.eu/taxation_customs/vies/rest-api (no trailing slash needed). */
  baseUrl: string;
  /** Whole request, answer body included. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  /** The provider's own EU VAT number: makes VIES return a consultation number. */
  requester?: { country: string; number: string } | null;
  clock?: Clock;
}

export const VIES_PRODUCTION_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api";

/** Error codes that mean the number itself is wrong, not that VIES could not answer. */
const INVALID_CODES: ReadonlySet<string> = new Set(["INVALID_INPUT"]);

const SEPARATORS = /[\s.\-/]/g;

function clean(prefix: string, number: string): string {
  const n = number.replace(SEPARATORS, "").toUpperCase();
  return n.startsWith(prefix) ? n.slice(prefix.length) : n;
}

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return t === "" || t === "---" ? null : t;
}

function errorCodeOf(body: Record<string, unknown>): string | null {
  const wrappers = body["errorWrappers"];
  if (Array.isArray(wrappers)) {
    for (const w of wrappers as unknown[]) {
      if (typeof w === "object" && w !== null) {
        const code = (w as Record<string, unknown>)["error"];
        if (typeof code === "string" && code !== "") return code;
      }
    }
    if (body["actionSucceed"] === false) return "UNKNOWN_ERROR";
  }
  const userError = body["userError"];
  if (typeof userError === "string" && userError !== "VALID" && userError !== "INVALID") {
    return userError;
  }
  return null;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") {
      return `timeout after ${timeoutMs} ms`;
    }
    const cause = (error as { cause?: unknown }).cause;
    const code =
      typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : null;
    return `network error: ${code ?? error.message}`;
  }
  return `network error: ${String(error)}`;
}

export function createViesClient(options: ViesClientOptions): VatNumberVerifier {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/check-vat-number`;
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const clock = options.clock ?? systemClock;
  const requester = options.requester
    ? {
        requesterMemberStateCode:
          vatPrefixOf(options.requester.country) ?? options.requester.country.toUpperCase(),
        requesterNumber: clean(
          vatPrefixOf(options.requester.country) ?? options.requester.country.toUpperCase(),
          options.requester.number,
        ),
      }
    : {};

  const result = (
    status: ViesResult["status"],
    detail: string | null,
    body: Record<string, unknown> = {},
  ): ViesResult => ({
    status,
    name: status === "valid" ? text(body["name"]) : null,
    address: status === "valid" ? text(body["address"]) : null,
    requestIdentifier: text(body["requestIdentifier"]),
    checkedAt: clock.now(),
    detail,
  });

  return {
    async verify(country, number) {
      const countryCode = vatPrefixOf(country) ?? country.trim().toUpperCase();
      const vatNumber = clean(countryCode, number);
      let status: number;
      let raw: string;
      try {
        const response = await fetchImpl(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ countryCode, vatNumber, ...requester }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = response.status;
        raw = await response.text(); // still under the timeout signal
      } catch (error) {
        return result("unavailable", describeFetchError(error, options.timeoutMs));
      }

      let body: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
          body = parsed as Record<string, unknown>;
        }
      } catch {
        body = null;
      }

      if (body !== null) {
        const code = errorCodeOf(body);
        if (code !== null) {
          return result(INVALID_CODES.has(code) ? "invalid" : "unavailable", code, body);
        }
      }
      if (status < 200 || status > 299) return result("unavailable", `HTTP ${status}`);
      if (body === null) return result("unavailable", "malformed response");
      const valid = body["valid"] ?? body["isValid"];
      if (typeof valid !== "boolean") return result("unavailable", "malformed response");
      return result(valid ? "valid" : "invalid", null, body);
    },
  };
}
