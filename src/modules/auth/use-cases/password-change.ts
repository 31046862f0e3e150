import type { Deps } from "../../../platform/context.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { queueMail } from "../../notifications/index.ts";
import { authErrors } from "../errors.ts";
import { passwordChangeNoticeMail } from "../mails.ts";
import { checkNewPassword, checkPassword, hashPassword } from "../passwords.ts";
import { findUserById, setPasswordHash } from "../repo.ts";
import { deleteOtherSessions } from "../repo-passwords.ts";
import { assertLoginAllowed, recordLoginFailure } from "./login-throttle.ts";

export interface PasswordChangeInput {
  userId: string;
  /** The session that asks: it stays; every other session of the user ends. */
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  ip: string | null;
  requestId?: string;
}

/**
 * A logged-in user changes their password: the current one must be right (a wrong one counts
 * as a failed login for the login throttle, so a stolen session cannot guess faster than the
 * login form), the new one must pass the policy. Stores argon2id, ends the user's other
 * sessions, mails a notice and audits, in one transaction.
 */
export async function changePassword(
  deps: Pick<Deps, "db" | "clock" | "jobs">,
  input: PasswordChangeInput,
): Promise<{ sessionsClosed: number }> {
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.disabled_at) throw authErrors.currentPasswordWrong();
  const attempt = { email: user.email, userId: user.id, ip: input.ip };
  await assertLoginAllowed(deps, attempt);
  const check = await checkPassword(user.password_hash, input.currentPassword);
  if (!check.ok) {
    await recordLoginFailure(deps, attempt);
    throw authErrors.currentPasswordWrong();
  }
  const problem = checkNewPassword(input.newPassword, user);
  if (problem) throw authErrors.passwordRejected(problem, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash, now);
    const sessionsClosed = await deleteOtherSessions(tx, user.id, input.sessionId);
    const lang = user.language === "en" ? "en" : "hu";
    await queueMail(tx, deps, {
      type: "auth.password_changed",
      language: lang,
      to: user.email,
      userId: user.id,
      ...passwordChangeNoticeMail(lang, { name: user.name, sessionsClosed }),
    });
    await writeAudit(
      tx,
      deps.clock,
      { type: "user", userId: user.id, requestId: input.requestId, ip: input.ip ?? undefined },
      {
        action: "auth.password_changed",
        subjectType: "user",
        subjectId: user.id,
        data: { sessionsClosed, previousScheme: check.scheme },
      },
    );
    return { sessionsClosed };
  });
}
