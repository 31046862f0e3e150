import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import type { AccessVia, Principal } from "../../../platform/http/routing.ts";
import { actingPermissions } from "../../../platform/http/permissions.ts";
import {
  defaultCustomerOf,
  deleteSessionByTokenHash,
  findLiveSession,
  insertSession,
} from "../repo.ts";
import { hashSecret, newSecret } from "../tokens.ts";
import { touchSession, twoFactorStateOf } from "../repo-security.ts";

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/**
 * Opens a fresh session (a new token every login: rotation defeats session fixation) and drops
 * the one the request came with, if any.
 */
export async function openSession(
  tx: Db,
  deps: Pick<Deps, "clock" | "config">,
  user: { id: string; staffRole: string | null },
  request: { previousToken?: string | undefined; ip: string | null; userAgent: string | null },
  /** The customer account to act for; by default the login's first. */
  customerId?: string,
): Promise<NewSession> {
  const now = deps.clock.now();
  if (request.previousToken) await deleteSessionByTokenHash(tx, hashSecret(request.previousToken));
  const hours = user.staffRole ? deps.config.staffSessionTtlHours : deps.config.sessionTtlHours;
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  const token = newSecret();
  // Staff sessions end when idle, and only enrol in two-factor while it is required but off.
  const staff = user.staffRole ? await twoFactorStateOf(tx, user.id) : undefined;
  await insertSession(tx, {
    id: newId("ses", now.getTime()),
    tokenHash: hashSecret(token),
    userId: user.id,
    customerId: user.staffRole ? null : (customerId ?? (await defaultCustomerOf(tx, user.id))),
    csrfToken: newSecret(),
    now,
    expiresAt,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 300) ?? null,
    twoFactorSetupRequired:
      staff !== undefined && staff.enabledAt === null && deps.config.staffTwoFactor === "required",
    idleMinutes: staff !== undefined ? deps.config.staffSessionIdleMinutes : null,
  });
  return { token, expiresAt };
}

export async function resolveSession(db: Db, now: Date, token: string): Promise<Principal | null> {
  if (token.length < 20 || token.length > 100) return null;
  const row = await findLiveSession(db, hashSecret(token), now);
  if (!row) return null;
  if (now.getTime() - new Date(row.lastSeenAt).getTime() >= 60_000)
    await touchSession(db, row.sessionId, now);
  // The account the session acts for counts only while the login still reaches it.
  let via: AccessVia | null = null;
  let permissions: string[] = [];
  if (row.customerId && row.customerName !== null) {
    if (row.staffRole) [via, permissions] = ["staff", actingPermissions(row.staffRole)];
    else if (row.contactPermissions) [via, permissions] = ["contact", row.contactPermissions];
    else if (row.managerPermissions) [via, permissions] = ["manager", row.managerPermissions];
  }
  const customerId = via ? row.customerId : null;
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    email: row.email,
    name: row.name,
    language: row.language === "en" ? "en" : "hu",
    staffRole: row.staffRole,
    customerId,
    customerName: customerId ? row.customerName : null,
    permissions,
    via,
    csrfToken: row.csrfToken,
    twoFactorSetupRequired: row.twoFactorSetupRequired && row.totpEnabledAt === null,
  };
}

export async function closeSession(db: Db, token: string): Promise<void> {
  await deleteSessionByTokenHash(db, hashSecret(token));
}
