import type { Deps } from "../../../platform/context.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { authErrors } from "../errors.ts";
import { checkPassword } from "../passwords.ts";
import { findUserByEmail } from "../repo.ts";
import { openSession, type NewSession } from "./sessions.ts";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./login-throttle.ts";
import { applyUpgrade, prepareUpgrade } from "./password-upgrade.ts";
import { openLoginChallenge, type LoginChallenge } from "./two-factor.ts";

export interface LoginInput {
  email: string;
  password: string;
  previousToken?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

/**
 * E-mail + password login. Unknown e-mail and wrong password are indistinguishable. With
 * two-factor on, the right password opens no session but a challenge for the second step.
 */
export async function login(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: LoginInput,
): Promise<NewSession | LoginChallenge> {
  const user = await findUserByEmail(deps.db, input.email);
  // Per-account throttle (login-throttle.ts): 429 for a locked e-mail from unknown addresses.
  const attempt = { email: input.email, userId: user?.id ?? null, ip: input.ip };
  await assertLoginAllowed(deps, attempt);
  const check = await checkPassword(user?.password_hash, input.password);
  if (!user || !check.ok || user.disabled_at) {
    await recordLoginFailure(deps, attempt);
    throw authErrors.invalidCredentials();
  }
  // A legacy hash is replaced by argon2id in the transaction that opens the session.
  const upgrade = await prepareUpgrade(user, check, input.password);
  return deps.db.transaction().execute(async (tx) => {
    const actor = {
      type: "user" as const,
      userId: user.id,
      requestId: input.requestId,
      ip: input.ip ?? undefined,
    };
    await recordLoginSuccess(tx, deps.clock.now(), { ...attempt, userId: user.id });
    await applyUpgrade(tx, deps.clock, upgrade, actor);
    if (user.totp_enabled_at) return openLoginChallenge(tx, deps, user.id, input);
    const session = await openSession(tx, deps, { id: user.id, staffRole: user.staff_role }, input);
    await writeAudit(
      tx,
      deps.clock,
      { type: "user", userId: user.id, requestId: input.requestId, ip: input.ip ?? undefined },
      {
        action: "auth.login",
        subjectType: "user",
        subjectId: user.id,
      },
    );
    return session;
  });
}
