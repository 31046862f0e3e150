import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/index.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { hashPassword, type HashScheme, type PasswordCheck } from "../passwords.ts";
import { replacePasswordHash } from "../repo-passwords.ts";

/** A password hash to replace after a successful login, computed before the transaction. */
export interface PendingUpgrade {
  userId: string;
  oldHash: string;
  newHash: string;
  from: HashScheme | null;
}

/**
 * When a login's password was right but its hash is a legacy scheme (or argon2 with other
 * parameters than today's), hashes the password anew with argon2id. Outside any transaction:
 * hashing takes tens of milliseconds.
 */
export async function prepareUpgrade(
  user: { id: string; password_hash: string | null },
  check: PasswordCheck,
  password: string,
): Promise<PendingUpgrade | null> {
  if (!check.ok || !check.needsRehash || !user.password_hash) return null;
  return {
    userId: user.id,
    oldHash: user.password_hash,
    newHash: await hashPassword(password),
    from: check.scheme,
  };
}

/**
 * Stores the new argon2id hash in the login's transaction and audits `auth.password_upgraded`
 * with the old scheme's name (never a hash). Skipped if the hash changed meanwhile.
 */
export async function applyUpgrade(
  tx: Db,
  clock: Clock,
  upgrade: PendingUpgrade | null,
  actor: Actor,
): Promise<void> {
  if (!upgrade) return;
  const replaced = await replacePasswordHash(
    tx,
    upgrade.userId,
    upgrade.oldHash,
    upgrade.newHash,
    clock.now(),
  );
  if (!replaced) return;
  await writeAudit(tx, clock, actor, {
    action: "auth.password_upgraded",
    subjectType: "user",
    subjectId: upgrade.userId,
    data: { from: upgrade.from, to: "argon2id" },
  });
}
