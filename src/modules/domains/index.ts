/**
 * Domains (H1): the availability check before buying, behind the registrar port. Other modules
 * (the order flow) use `parseDomainName` to validate what the customer typed and `registrarFor`
 * to reach the configured registry; register, renew and transfer go through the same port.
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/index.ts";
import type { Deps } from "../../platform/context.ts";
import { FakeRegistrar } from "./registrar/fake.ts";
import type { Registrar } from "./registrar/port.ts";
import { RdapRegistrar } from "./registrar/rdap.ts";
import { registerDomainRoutes as registerRoutes } from "./routes.ts";

let fakeRegistrar: FakeRegistrar | null = null;
const rdapRegistrars = new WeakMap<Config, RdapRegistrar>();

/**
 * The registrar this installation is configured with (config.registrar.kind): for "fake" one
 * FakeRegistrar per process, so names registered through it stay taken while the process runs
 * (and tests reach the same instance, e.g. to `failNext`); for "rdap" one RDAP checker per
 * configuration.
 */
export function registrarFor(config: Config): Registrar {
  if (config.registrar.kind === "fake") {
    fakeRegistrar ??= new FakeRegistrar();
    return fakeRegistrar;
  }
  let rdap = rdapRegistrars.get(config);
  if (!rdap) {
    rdap = new RdapRegistrar({
      baseUrl: config.registrar.rdapUrl,
      timeoutMs: config.registrar.timeoutMs,
    });
    rdapRegistrars.set(config, rdap);
  }
  return rdap;
}

/** `GET /api/domains/availability`; the configured registrar unless one is given (tests). */
export function registerDomainRoutes(
  app: FastifyInstance,
  deps: Deps,
  registrar: Registrar = registrarFor(deps.config),
): void {
  registerRoutes(app, deps, registrar);
}

export {
  parseDomainName,
  isSingleLabel,
  normalizeTlds,
  RESERVED_SLDS,
  type DomainNameCode,
  type ParsedDomainName,
} from "./domain/name.ts";
export {
  RegistrarError,
  type AvailabilityResult,
  type AvailabilityStatus,
  type DomainRegistration,
  type Registrar,
  type RegistrarErrorCode,
  type RegisterRequest,
  type RenewRequest,
  type TransferRequest,
} from "./registrar/port.ts";
export { FakeRegistrar, type FakeFailure, type FakeRegistrarOptions } from "./registrar/fake.ts";
export { RdapRegistrar, type RdapOptions } from "./registrar/rdap.ts";
export {
  checkDomains,
  REGISTRY_UNAVAILABLE,
  type DomainCheck,
  type DomainCheckResult,
  type DomainCheckRefusal,
} from "./use-cases/check.ts";
export { domainAvailabilitySchema } from "./routes.ts";
