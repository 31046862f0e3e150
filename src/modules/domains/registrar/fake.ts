/**
 * An in-memory registry for the demo and tests, behaving like a real one behind the registrar
 * port: names are taken or free deterministically, writes change its state and expiry dates,
 * retried writes are idempotent as the port's contract says, a wrong transfer auth code is
 * refused for good, and `failNext` makes the next call fail like an outage or a refusal does.
 *
 * Held elsewhere (registered at some other registrar): every name whose second-level label is
 * in `takenSlds`, under every ending. Each has a fixed yearly expiry day (derived from the name)
 * and the auth code `FakeRegistrar.authCodeOf(name)`, so a transfer of it can be shown.
 * Held by this account: what was registered or transferred in through this instance.
 * Reserved by the registry (the way .hu keeps settlement names for their municipality):
 * `reservedSlds`. Premium: `premiumSlds`.
 *
 * Simplifications, on purpose: transfers complete at once (a real gTLD transfer waits up to five
 * days for the losing registrar), a simulated timeout fails at once instead of waiting, and the
 * state lives as long as the process.
 */
import { systemClock, type Clock } from "../../../platform/clock.ts";
import {
  RegistrarError,
  type AvailabilityResult,
  type DomainRegistration,
  type Registrar,
  type RegisterRequest,
  type RenewRequest,
  type TransferRequest,
} from "./port.ts";

export type FakeFailure = "timeout" | "unavailable" | "rejected";

export interface FakeRegistrarOptions {
  clock?: Clock;
  takenSlds?: readonly string[];
  reservedSlds?: readonly string[];
  premiumSlds?: readonly string[];
}

export const FAKE_TAKEN_SLDS: readonly string[] = [
  "google",
  "kapu",
  "example",
  "facebook",
  "wikipedia",
];
export const FAKE_RESERVED_SLDS: readonly string[] = ["budapest", "debrecen"];
export const FAKE_PREMIUM_SLDS: readonly string[] = ["shop", "hosting", "bank"];

/** Longest total registration period a registry allows (EPP registries cap it at 10 years). */
const MAX_YEARS = 10;
const NAME = /^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/;

export class FakeRegistrar implements Registrar {
  readonly kind = "fake";
  readonly #clock: Clock;
  readonly #taken: ReadonlySet<string>;
  readonly #reserved: ReadonlySet<string>;
  readonly #premium: ReadonlySet<string>;
  readonly #held = new Map<string, { registrantId: string; expiresAt: Date }>();
  readonly #failures: FakeFailure[] = [];

  constructor(options: FakeRegistrarOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#taken = new Set(options.takenSlds ?? FAKE_TAKEN_SLDS);
    this.#reserved = new Set(options.reservedSlds ?? FAKE_RESERVED_SLDS);
    this.#premium = new Set(options.premiumSlds ?? FAKE_PREMIUM_SLDS);
  }

  /** The auth code the (fictional) current registrar of a name held elsewhere hands out. */
  static authCodeOf(name: string): string {
    return `AUTH-${hash(name).toString(36).toUpperCase()}`;
  }

  /** Makes the next call (of any kind) fail; several calls queue several failures. */
  failNext(kind: FakeFailure): void {
    this.#failures.push(kind);
  }

  /** What this account holds for a name, or null. (Once held here, a name held elsewhere is
   * answered from here: transfers out are not modelled.) */
  holding(name: string): DomainRegistration | null {
    const h = this.#held.get(name);
    return h ? { name, registrantId: h.registrantId, expiresAt: h.expiresAt.toISOString() } : null;
  }

  checkAvailability(names: readonly string[]): Promise<AvailabilityResult[]> {
    return this.#run(() =>
      names.map((name): AvailabilityResult => {
        if (!NAME.test(name)) return { name, status: "unknown" };
        const premium = this.#premium.has(sldOf(name));
        const held = this.#held.get(name);
        if (held) return { name, status: "registered", premium, expiresAt: iso(held.expiresAt) };
        if (this.#isHeldElsewhere(name))
          return {
            name,
            status: "registered",
            premium,
            expiresAt: iso(this.#elsewhereExpiry(name)),
          };
        if (this.#reserved.has(sldOf(name))) return { name, status: "reserved", premium };
        return { name, status: "available", premium };
      }),
    );
  }

  register(request: RegisterRequest): Promise<DomainRegistration> {
    return this.#run(() => {
      const { name, years, registrantId } = request;
      this.#checkName(name);
      const held = this.#held.get(name);
      if (held) {
        if (held.registrantId === registrantId) return this.#record(name); // a retry: done already
        throw taken(name);
      }
      if (this.#isHeldElsewhere(name)) throw taken(name);
      if (this.#reserved.has(sldOf(name)))
        throw new RegistrarError("rejected", `${name} is reserved by the registry.`, {
          registryMessage: "2308 Data management policy violation: reserved name",
        });
      this.#checkYears(years);
      this.#held.set(name, { registrantId, expiresAt: addYears(this.#clock.now(), years) });
      return this.#record(name);
    });
  }

  renew(request: RenewRequest): Promise<DomainRegistration> {
    return this.#run(() => {
      const { name, years } = request;
      this.#checkName(name);
      const held = this.#held.get(name);
      if (!held)
        throw new RegistrarError("not_found", `${name} is not held by this registrar account.`, {
          registryMessage: "2303 Object does not exist",
        });
      this.#checkYears(years);
      const seen = parseInstant(request.currentExpiresAt);
      // EPP compares curExpDate as a date: the same calendar day (UTC) is the same expiry.
      if (seen !== null && sameDay(held.expiresAt, addYears(seen, years)))
        return this.#record(name);
      if (seen === null || !sameDay(held.expiresAt, seen))
        throw new RegistrarError(
          "rejected",
          `The current expiry of ${name} is ${iso(held.expiresAt)}, not ${request.currentExpiresAt}.`,
          { registryMessage: "2306 Parameter value policy error: curExpDate mismatch" },
        );
      const next = addYears(held.expiresAt, years);
      if (next.getTime() > addYears(this.#clock.now(), MAX_YEARS).getTime())
        throw new RegistrarError(
          "rejected",
          `Renewing ${name} by ${years} years would take it more than ${MAX_YEARS} years ahead.`,
          { registryMessage: "2306 Parameter value policy error: period too long" },
        );
      held.expiresAt = next;
      return this.#record(name);
    });
  }

  transfer(request: TransferRequest): Promise<DomainRegistration> {
    return this.#run(() => {
      const { name, registrantId, authCode } = request;
      const years = request.years ?? 1;
      this.#checkName(name);
      const held = this.#held.get(name);
      if (held) {
        if (held.registrantId === registrantId) return this.#record(name); // a retry: done already
        throw new RegistrarError(
          "rejected",
          `${name} is already held by this registrar account for another registrant.`,
          { registryMessage: "2106 Object is not eligible for transfer" },
        );
      }
      if (!this.#isHeldElsewhere(name))
        throw new RegistrarError("not_found", `${name} is not registered: register it instead.`, {
          registryMessage: "2303 Object does not exist",
        });
      if (authCode !== FakeRegistrar.authCodeOf(name))
        throw new RegistrarError("auth_invalid", `The auth code for ${name} is not correct.`, {
          registryMessage: "2202 Invalid authorization information",
        });
      this.#checkYears(years);
      this.#held.set(name, {
        registrantId,
        expiresAt: addYears(this.#elsewhereExpiry(name), years),
      });
      return this.#record(name);
    });
  }

  /** Runs one call: first any queued failure, then the operation, answered asynchronously. */
  async #run<T>(operation: () => T): Promise<T> {
    await Promise.resolve();
    const failure = this.#failures.shift();
    switch (failure) {
      case undefined:
        return operation();
      case "timeout":
        throw new RegistrarError("timeout", "The registry did not answer in time.");
      case "unavailable":
        throw new RegistrarError("unavailable", "The registry is temporarily unavailable.", {
          registryMessage: "2400 Command failed; server closing connection",
        });
      case "rejected":
        throw new RegistrarError("rejected", "The registry refused the command.", {
          registryMessage: "2306 Parameter value policy error",
        });
    }
  }

  #record(name: string): DomainRegistration {
    const r = this.holding(name);
    if (!r) throw new Error(`FakeRegistrar: ${name} vanished`);
    return r;
  }

  #isHeldElsewhere(name: string): boolean {
    return this.#taken.has(sldOf(name));
  }

  /** The next yearly expiry of a name held elsewhere: a fixed day of the year per name. */
  #elsewhereExpiry(name: string): Date {
    const h = hash(name);
    const now = this.#clock.now();
    const month = h % 12;
    const day = 1 + (Math.floor(h / 12) % 28);
    let year = now.getUTCFullYear();
    let at = new Date(Date.UTC(year, month, day));
    while (at.getTime() <= now.getTime()) at = new Date(Date.UTC(++year, month, day));
    return at;
  }

  #checkName(name: string): void {
    if (!NAME.test(name))
      throw new RegistrarError("rejected", `"${name}" is not a domain name in ASCII form.`, {
        registryMessage: "2005 Parameter value syntax error",
      });
  }

  #checkYears(years: number): void {
    if (!Number.isInteger(years) || years < 1 || years > MAX_YEARS)
      throw new RegistrarError("rejected", `The period must be 1 to ${MAX_YEARS} years.`, {
        registryMessage: "2004 Parameter value range error",
      });
  }
}

function taken(name: string): RegistrarError {
  return new RegistrarError("name_taken", `${name} is already registered.`, {
    registryMessage: "2302 Object exists",
  });
}

function sldOf(name: string): string {
  return name.split(".")[0] ?? name;
}

function iso(d: Date): string {
  return d.toISOString();
}

function parseInstant(value: string): Date | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function sameDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}

/** Adds calendar years in UTC; 29 February becomes 28 February in a common year. */
export function addYears(d: Date, years: number): Date {
  const out = new Date(d.getTime());
  out.setUTCDate(1);
  out.setUTCFullYear(d.getUTCFullYear() + years);
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return out;
}

/** FNV-1a, 32 bits: a stable number per name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
