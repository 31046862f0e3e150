import { sql } from "kysely";
import type { Db, UserRow } from "../../platform/db/index.ts";
import type { OneTimeTokensTable } from "../../platform/db/schema.ts";
import { sessionIsLive } from "./repo-security.ts";

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  user: {
    id: string;
    email: string;
    name: string;
    passwordHash: string | null;
    language: string;
    staffRole: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("users")
    .values({
      id: user.id,
      email: user.email.trim(),
      name: user.name,
      password_hash: user.passwordHash,
      language: user.language,
      staff_role: user.staffRole,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

export async function setPasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

export async function setUserLanguage(
  db: Db,
  userId: string,
  language: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ language, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

export async function countStaff(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<bigint>().as("n"))
    .where("staff_role", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The customer account a login acts for by default: its oldest contact row, else its oldest
 * active manager access (an agency's login that is nobody's contact).
 */
export async function defaultCustomerOf(db: Db, userId: string): Promise<string | null> {
  const contact = await db
    .selectFrom("contacts")
    .select("customer_id")
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (contact) return contact.customer_id;
  const managed = await db
    .selectFrom("manager_access")
    .select("customer_id")
    .where("manager_user_id", "=", userId)
    .where("status", "=", "active")
    .orderBy("accepted_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return managed?.customer_id ?? null;
}

export async function insertSession(
  db: Db,
  s: {
    id: string;
    tokenHash: string;
    userId: string;
    customerId: string | null;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    /** Staff without two-factor while it is required (0011_two_factor.sql). */
    twoFactorSetupRequired?: boolean;
    /** Ends after this long without a request; null = no idle limit. */
    idleMinutes?: number | null;
  },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      user_id: s.userId,
      customer_id: s.customerId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
      two_factor_setup_required: s.twoFactorSetupRequired ?? false,
      idle_minutes: s.idleMinutes ?? null,
    })
    .execute();
}

/** One query per request: the session, its user and the customer it acts for. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  return (
    db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .leftJoin("customers as c", "c.id", "s.customer_id")
      // What the login may do for that account is read on every request, so a removed contact
      // or a revoked manager access ends at the next request.
      .leftJoin("contacts as ct", (j) =>
        j.onRef("ct.customer_id", "=", "s.customer_id").onRef("ct.user_id", "=", "u.id"),
      )
      .leftJoin("manager_access as m", (j) =>
        j
          .onRef("m.customer_id", "=", "s.customer_id")
          .onRef("m.manager_user_id", "=", "u.id")
          .on("m.status", "=", "active"),
      )
      .select([
        "s.id as sessionId",
        "s.csrf_token as csrfToken",
        "s.customer_id as customerId",
        "u.id as userId",
        "u.email",
        "u.name",
        "u.language",
        "u.staff_role as staffRole",
        "c.name as customerName",
        "ct.permissions as contactPermissions",
        "m.permissions as managerPermissions",
        "s.last_seen_at as lastSeenAt",
        "s.two_factor_setup_required as twoFactorSetupRequired",
        "u.totp_enabled_at as totpEnabledAt",
      ])
      .where("s.token_hash", "=", tokenHash)
      .where(sessionIsLive(now))
      .where("u.disabled_at", "is", null)
      .executeTakeFirst()
  );
}

export async function deleteSessionByTokenHash(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<number> {
  const r = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpired(
  db: Db,
  now: Date,
): Promise<{ sessions: number; tokens: number }> {
  const s = await db.deleteFrom("sessions").where("expires_at", "<", now).executeTakeFirst();
  const t = await db
    .deleteFrom("one_time_tokens")
    .where((eb) => eb.or([eb("expires_at", "<", now), eb("used_at", "is not", null)]))
    .executeTakeFirst();
  return { sessions: Number(s.numDeletedRows), tokens: Number(t.numDeletedRows) };
}

export type TokenPurpose = OneTimeTokensTable["purpose"];

export async function insertToken(
  db: Db,
  t: {
    id: string;
    purpose: TokenPurpose;
    tokenHash: string;
    userId: string | null;
    now: Date;
    expiresAt: Date;
    /** What the link is for: a contact, a manager access. */
    subjectId?: string | null;
    /** What the link confirms, e.g. a new e-mail address. */
    data?: Record<string, unknown> | null;
  },
): Promise<void> {
  await db
    .insertInto("one_time_tokens")
    .values({
      id: t.id,
      purpose: t.purpose,
      token_hash: t.tokenHash,
      user_id: t.userId,
      created_at: t.now,
      expires_at: t.expiresAt,
      subject_id: t.subjectId ?? null,
      data: t.data ? JSON.stringify(t.data) : null,
    })
    .execute();
}

/** A live (unused, unexpired) token of a purpose, without using it up. */
export async function findLiveToken(db: Db, purpose: TokenPurpose, tokenHash: string, now: Date) {
  return db
    .selectFrom("one_time_tokens")
    .select([
      "id",
      "user_id as userId",
      "subject_id as subjectId",
      "data",
      "expires_at as expiresAt",
    ])
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

/** Ends the unused tokens of a subject (a re-sent or withdrawn invitation). */
export async function discardSubjectTokens(
  db: Db,
  purpose: TokenPurpose,
  subjectId: string,
): Promise<void> {
  await db
    .deleteFrom("one_time_tokens")
    .where("purpose", "=", purpose)
    .where("subject_id", "=", subjectId)
    .where("used_at", "is", null)
    .execute();
}

/** Marks a live token used, atomically: of two concurrent uses exactly one gets the row. */
export async function consumeToken(
  db: Db,
  purpose: TokenPurpose,
  tokenHash: string,
  now: Date,
): Promise<
  | {
      id: string;
      userId: string | null;
      subjectId: string | null;
      data: Record<string, unknown> | null;
    }
  | undefined
> {
  const row = await db
    .updateTable("one_time_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["id", "user_id", "subject_id", "data"])
    .executeTakeFirst();
  return row
    ? { id: row.id, userId: row.user_id, subjectId: row.subject_id, data: row.data }
    : undefined;
}

export async function countRecentTokens(
  db: Db,
  userId: string,
  purpose: "password_reset",
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom("one_time_tokens")
    .select((eb) => eb.fn.countAll<bigint>().as("n"))
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function discardUnusedTokens(
  db: Db,
  purpose: TokenPurpose,
  userId: string | null,
): Promise<void> {
  let q = db
    .deleteFrom("one_time_tokens")
    .where("purpose", "=", purpose)
    .where("used_at", "is", null);
  q = userId === null ? q.where("user_id", "is", null) : q.where("user_id", "=", userId);
  await q.execute();
}

/** Points a session at another customer account (switching accounts, staff acting as one). */
export async function setSessionCustomer(
  db: Db,
  sessionId: string,
  customerId: string | null,
): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ customer_id: customerId })
    .where("id", "=", sessionId)
    .execute();
}
