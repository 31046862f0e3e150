/**
 * The availability check before buying (H1): what the customer typed → the names to ask the
 * registry about → one result per name for display.
 *
 * - A whole name ("kapu.hu", "Árvíztűrő.hu") is checked as it is; a malformed, unsold or reserved
 *   one is a 400 AppError carrying the name rule's code (`domains.*`).
 * - A single label ("kapu") is checked under every ending sold, in the configured order. An
 *   ending whose own rules refuse the label (e.g. "a" under .hu, shorter than 2 characters) is
 *   listed in `refused` with its code, and the others are still checked; only when every ending
 *   refuses it is it a 400 (with the first ending's code).
 * - A registry error is a 503 `domains.registry_unavailable`; the registry's own words go to
 *   the log, not to the customer.
 */
import { AppError } from "../../../platform/errors.ts";
import type { Logger } from "../../../platform/logger.ts";
import {
  isSingleLabel,
  normalizeDomainInput,
  normalizeTlds,
  parseDomainName,
  type DomainNameCode,
} from "../domain/name.ts";
import {
  RegistrarError,
  type AvailabilityResult,
  type AvailabilityStatus,
  type Registrar,
} from "../registrar/port.ts";

export interface DomainCheckResult {
  /** ASCII (punycode) form: what the order and the registry use. */
  name: string;
  /** For display. */
  unicode: string;
  status: AvailabilityStatus;
  premium: boolean;
  /** For a registered name, its expiry if the registry said (ISO instant); otherwise null. */
  expiresAt: string | null;
}

export interface DomainCheckRefusal {
  /** The name as it would be spelt (the label under that ending), for display. */
  name: string;
  code: DomainNameCode;
  message: string;
}

export interface DomainCheck {
  results: DomainCheckResult[];
  refused: DomainCheckRefusal[];
}

export const REGISTRY_UNAVAILABLE = "domains.registry_unavailable";

export async function checkDomains(
  deps: { logger: Logger },
  registrar: Registrar,
  input: string,
  tlds: readonly string[],
): Promise<DomainCheck> {
  const candidates: { ascii: string; unicode: string }[] = [];
  const refused: DomainCheckRefusal[] = [];

  if (isSingleLabel(input)) {
    const label = normalizeDomainInput(input);
    for (const tld of normalizeTlds(tlds)) {
      const parsed = parseDomainName(`${label}.${tld}`, tlds);
      if (parsed.ok) candidates.push(parsed);
      else refused.push({ name: `${label}.${tld}`, code: parsed.code, message: parsed.message });
    }
    const first = refused[0];
    if (candidates.length === 0)
      throw first
        ? new AppError(first.code, 400, first.message)
        : new AppError("domains.tld_not_sold", 400, "No domain endings are for sale.");
  } else {
    const parsed = parseDomainName(input, tlds);
    if (!parsed.ok) throw new AppError(parsed.code, 400, parsed.message);
    candidates.push(parsed);
  }

  let answers: AvailabilityResult[];
  try {
    answers = await registrar.checkAvailability(candidates.map((c) => c.ascii));
  } catch (error) {
    if (!(error instanceof RegistrarError)) throw error;
    deps.logger.warn(
      {
        registrar: registrar.kind,
        code: error.code,
        retryable: error.retryable,
        registryMessage: error.registryMessage,
        err: error,
      },
      "domain availability check failed",
    );
    throw new AppError(
      REGISTRY_UNAVAILABLE,
      503,
      error.retryable
        ? "The domain registry cannot be reached right now. Try again in a few minutes."
        : "The domain registry did not answer the availability check. Try again later or contact us.",
      { cause: error },
    );
  }

  const byName = new Map(answers.map((a) => [a.name, a]));
  return {
    results: candidates.map((c) => {
      const a = byName.get(c.ascii);
      return {
        name: c.ascii,
        unicode: c.unicode,
        // A name the registry did not answer for is not offered as free.
        status: a?.status ?? "unknown",
        premium: a?.premium ?? false,
        expiresAt: a?.status === "registered" ? (a.expiresAt ?? null) : null,
      };
    }),
    refused,
  };
}
