import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";

/** SQL of two-factor login, the session list and e-mail change (0011_two_factor.sql). */

// ------------------------------------------------------------------------------ TOTP secrets

export async function setPendingTotp(
  db: Db,
  userId: string,
  secret: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ totp_pending_secret: secret, totp_pending_at: now, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

/** Turns two-factor on with a secret whose code was just accepted at `step` (null: none yet). */
export async function enableTotp(
  db: Db,
  userId: string,
  secret: string,
  step: number | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      totp_secret: secret,
      totp_enabled_at: now,
      totp_last_step: step,
      totp_pending_secret: null,
      totp_pending_at: null,
      updated_at: now,
    })
    .where("id", "=", userId)
    .execute();
}

export async function disableTotp(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable("users")
    .set({
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      totp_pending_secret: null,
      totp_pending_at: null,
      updated_at: now,
    })
    .where("id", "=", userId)
    .execute();
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
}

/**
 * Records that a code of `step` was accepted, atomically: false when this step or a later one
 * was accepted already (a replayed code, or two concurrent uses of one code).
 */
export async function acceptTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where("totp_secret", "is not", null)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

// --------------------------------------------------------------------------- recovery codes

export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  hashes: string[],
  now: Date,
): Promise<void> {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("recovery_codes")
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now })))
    .execute();
}

/** Uses a recovery code up, atomically: false when it is not one of the user's unused codes. */
export async function useRecoveryCode(
  db: Db,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .updateTable("recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .returning("user_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ------------------------------------------------------------------------- login challenges

export async function insertChallenge(
  db: Db,
  c: {
    id: string;
    tokenHash: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto("login_challenges")
    .values({
      id: c.id,
      token_hash: c.tokenHash,
      user_id: c.userId,
      created_at: c.now,
      expires_at: c.expiresAt,
      ip: c.ip,
      user_agent: c.userAgent,
    })
    .execute();
}

/** A challenge that may still be answered: unused, unexpired, fewer than `maxFailures` wrong codes. */
export async function findLiveChallenge(
  db: Db,
  tokenHash: string,
  now: Date,
  maxFailures: number,
): Promise<{ id: string; userId: string } | undefined> {
  const row = await db
    .selectFrom("login_challenges")
    .select(["id", "user_id"])
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .where("failures", "<", maxFailures)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id } : undefined;
}

/** Uses a challenge up, atomically: of two concurrent answers exactly one gets it. */
export async function consumeChallenge(
  db: Db,
  id: string,
  now: Date,
  maxFailures: number,
): Promise<boolean> {
  const row = await db
    .updateTable("login_challenges")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .where("failures", "<", maxFailures)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts a wrong code against the challenge; returns how many it has had. */
export async function recordChallengeFailure(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable("login_challenges")
    .set((eb) => ({ failures: eb("failures", "+", 1) }))
    .where("id", "=", id)
    .returning("failures")
    .executeTakeFirst();
  return row?.failures ?? 0;
}

/** Wrong codes given for the user's challenges opened since `since`. */
export async function recentChallengeFailures(
  db: Db,
  userId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom("login_challenges")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>("failures"), eb.lit(0)).as("n"))
    .where("user_id", "=", userId)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteSpentChallenges(db: Db, now: Date): Promise<number> {
  const r = await db
    .deleteFrom("login_challenges")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("used_at", "is not", null)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// --------------------------------------------------------------------------------- sessions

/** The user's staff status and two-factor state, for the flags of a new session. */
export async function twoFactorStateOf(db: Db, userId: string) {
  return db
    .selectFrom("users")
    .select(["staff_role as staffRole", "totp_enabled_at as enabledAt"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

/** Lifts the "enrol first" restriction from every session of a user that has just enrolled. */
export async function clearSetupRequired(db: Db, userId: string): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ two_factor_setup_required: false })
    .where("user_id", "=", userId)
    .where("two_factor_setup_required", "=", true)
    .execute();
}

/** A session is live until it expires, or sooner once it has been idle for `idle_minutes`. */
export const sessionIsLive = (now: Date) =>
  sql<boolean>`(s.expires_at > ${now} and (s.idle_minutes is null or s.last_seen_at > ${now}::timestamptz - make_interval(mins => s.idle_minutes)))`;

/** Refreshes last_seen_at when it is at least a minute old (one write a minute at most). */
export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now })
    .where("id", "=", sessionId)
    .where("last_seen_at", "<=", new Date(now.getTime() - 60_000))
    .execute();
}

export async function listLiveSessions(db: Db, userId: string, now: Date) {
  return db
    .selectFrom("sessions as s")
    .select([
      "s.id",
      "s.created_at as createdAt",
      "s.last_seen_at as lastSeenAt",
      "s.expires_at as expiresAt",
      "s.ip",
      "s.user_agent as userAgent",
    ])
    .where("s.user_id", "=", userId)
    .where(sessionIsLive(now))
    .orderBy("s.last_seen_at", "desc")
    .orderBy("s.id", "desc")
    .limit(200)
    .execute();
}

/** Ends one of the user's sessions; false when the user has no such session. */
export async function deleteSessionOfUser(
  db: Db,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom("sessions")
    .where("id", "=", sessionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the user except `keep` (null: all of them). */
export async function deleteOtherSessions(
  db: Db,
  userId: string,
  keep: string | null,
): Promise<number> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep !== null) q = q.where("id", "!=", keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ------------------------------------------------------------------------------ e-mail change

export async function setUserEmail(
  db: Db,
  userId: string,
  email: string,
  now: Date,
): Promise<void> {
  await db.updateTable("users").set({ email, updated_at: now }).where("id", "=", userId).execute();
}
