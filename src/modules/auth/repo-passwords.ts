import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { ThrottleState } from "./domain/login-throttle.ts";

/** SQL of the password-security features: the login throttle, known addresses, sessions. */

export async function findThrottle(
  db: Db,
  emailHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<ThrottleState | undefined> {
  let q = db
    .selectFrom("login_throttles")
    .select(["failures", "last_failure_at", "locked_until"])
    .where("email_hash", "=", emailHash);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row
    ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until }
    : undefined;
}

/** Makes sure the row exists (with no failures yet), so that it can be locked FOR UPDATE. */
export async function ensureThrottle(db: Db, emailHash: string, now: Date): Promise<void> {
  await db
    .insertInto("login_throttles")
    .values({ email_hash: emailHash, failures: 0, last_failure_at: now, locked_until: null })
    .onConflict((oc) => oc.column("email_hash").doNothing())
    .execute();
}

export async function saveThrottle(db: Db, emailHash: string, s: ThrottleState): Promise<void> {
  await db
    .insertInto("login_throttles")
    .values({
      email_hash: emailHash,
      failures: s.failures,
      last_failure_at: s.lastFailureAt,
      locked_until: s.lockedUntil,
    })
    .onConflict((oc) =>
      oc.column("email_hash").doUpdateSet({
        failures: s.failures,
        last_failure_at: s.lastFailureAt,
        locked_until: s.lockedUntil,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Db, emailHash: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("email_hash", "=", emailHash).execute();
}

/** Whether this login succeeded from this address (or network) since `since`. */
export async function isKnownAddress(
  db: Db,
  userId: string,
  address: string,
  since: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom("login_addresses")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("address", "=", address)
    .where("last_success_at", ">=", since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function rememberAddress(
  db: Db,
  userId: string,
  address: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto("login_addresses")
    .values({ user_id: userId, address, first_success_at: now, last_success_at: now })
    .onConflict((oc) => oc.columns(["user_id", "address"]).doUpdateSet({ last_success_at: now }))
    .execute();
}

/** Removes forgotten failures and addresses not used since `addressesBefore`. */
export async function purgeLoginSecurity(
  db: Db,
  throttlesBefore: Date,
  addressesBefore: Date,
): Promise<{ throttles: number; addresses: number }> {
  const t = await db
    .deleteFrom("login_throttles")
    .where(
      sql<Date>`greatest(last_failure_at, coalesce(locked_until, last_failure_at))`,
      "<",
      throttlesBefore,
    )
    .executeTakeFirst();
  const a = await db
    .deleteFrom("login_addresses")
    .where("last_success_at", "<", addressesBefore)
    .executeTakeFirst();
  return { throttles: Number(t.numDeletedRows), addresses: Number(a.numDeletedRows) };
}

/** Ends every session of a user except one (the one that asked). */
export async function deleteOtherSessions(
  db: Db,
  userId: string,
  keepSessionId: string,
): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .where("id", "<>", keepSessionId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Replaces a password hash only if it is still `oldHash` (a concurrent change wins). */
export async function replacePasswordHash(
  db: Db,
  userId: string,
  oldHash: string,
  newHash: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable("users")
    .set({ password_hash: newHash, updated_at: now })
    .where("id", "=", userId)
    .where("password_hash", "=", oldHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
