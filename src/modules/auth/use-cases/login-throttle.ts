import { createHash } from "node:crypto";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { writeAudit } from "../../../platform/audit.ts";
import {
  addressKey,
  afterFailure,
  LOGIN_THROTTLE,
  lockRemainingSeconds,
} from "../domain/login-throttle.ts";
import { authErrors } from "../errors.ts";
import {
  clearThrottle,
  ensureThrottle,
  findThrottle,
  isKnownAddress,
  purgeLoginSecurity,
  rememberAddress,
  saveThrottle,
} from "../repo-passwords.ts";

/** The throttle's key for an e-mail address as typed: SHA-256 of it trimmed and lower-cased. */
export function emailKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase(), "utf8").digest("hex");
}

const DAY = 86_400_000;

/**
 * Refuses (429 `auth.login_throttled` with Retry-After) a login attempt for a locked e-mail
 * address, unless it comes from an address this account has logged in from recently. Called
 * before the password is checked: a refused attempt checks nothing and counts for nothing. The
 * answer is the same whether or not an account has the address.
 */
export async function assertLoginAllowed(
  deps: Pick<Deps, "db" | "clock">,
  attempt: { email: string; userId: string | null; ip: string | null },
): Promise<void> {
  const now = deps.clock.now();
  const state = await findThrottle(deps.db, emailKey(attempt.email));
  const wait = lockRemainingSeconds(state, now);
  if (wait === 0) return;
  const address = addressKey(attempt.ip);
  if (attempt.userId && address) {
    const since = new Date(now.getTime() - LOGIN_THROTTLE.trustedForDays * DAY);
    if (await isKnownAddress(deps.db, attempt.userId, address, since)) return;
  }
  throw authErrors.loginThrottled(wait);
}

/** Counts a failed password check for an e-mail address; audits when a lock starts. */
export async function recordLoginFailure(
  deps: Pick<Deps, "db" | "clock">,
  attempt: { email: string; userId: string | null; ip: string | null },
): Promise<void> {
  const now = deps.clock.now();
  const key = emailKey(attempt.email);
  await deps.db.transaction().execute(async (tx) => {
    await ensureThrottle(tx, key, now);
    const next = afterFailure(await findThrottle(tx, key, { forUpdate: true }), now);
    await saveThrottle(tx, key, next);
    if (next.lockStarted && attempt.userId) {
      await writeAudit(
        tx,
        deps.clock,
        { type: "system", name: "auth" },
        {
          action: "auth.login_throttled",
          subjectType: "user",
          subjectId: attempt.userId,
          data: {
            failures: next.failures,
            lockedUntil: next.lockedUntil?.toISOString() ?? null,
            ip: attempt.ip,
          },
        },
      );
    }
  });
}

/**
 * After a successful login, inside its transaction: forgets the failures for the address typed
 * and remembers the client address as one this account logs in from.
 */
export async function recordLoginSuccess(
  tx: Db,
  now: Date,
  attempt: { email: string; userId: string; ip: string | null },
): Promise<void> {
  await clearThrottle(tx, emailKey(attempt.email));
  const address = addressKey(attempt.ip);
  if (address) await rememberAddress(tx, attempt.userId, address, now);
}

/** Forgets the failures for an e-mail address (a password reset proved the mailbox). */
export async function clearLoginFailures(tx: Db, email: string): Promise<void> {
  await clearThrottle(tx, emailKey(email));
}

/** Part of the daily purge: forgotten failures, and addresses unused for `trustedForDays`. */
export async function purgeLoginThrottle(
  deps: Pick<Deps, "db" | "clock">,
): Promise<{ throttles: number; addresses: number }> {
  const now = deps.clock.now();
  // Stale as domain `isStale` defines it: the last failure (or the lock's end) a window ago.
  const window = LOGIN_THROTTLE.windowMinutes * 60_000;
  return purgeLoginSecurity(
    deps.db,
    new Date(now.getTime() - window),
    new Date(now.getTime() - LOGIN_THROTTLE.trustedForDays * DAY),
  );
}
