import type { Deps } from "../../../platform/context.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { queueMail } from "../../notifications/index.ts";
import { authErrors } from "../errors.ts";
import { passwordChangedMail, passwordResetMail } from "../mails.ts";
import { checkNewPassword, hashPassword } from "../passwords.ts";
import {
  consumeToken,
  countRecentTokens,
  deleteSessionsOfUser,
  findUserByEmail,
  findUserById,
  setPasswordHash,
} from "../repo.ts";
import { hashSecret } from "../tokens.ts";
import { issueLinkToken } from "./link-tokens.ts";
import { clearLoginFailures } from "./login-throttle.ts";

export const RESET_TOKEN_MINUTES = 60;
/** Reset mails per address per hour; more requests are answered the same but send nothing. */
export const RESET_MAILS_PER_HOUR = 3;

type ResetDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

/** The job that handles a "forgot password" request (see `acceptPasswordResetRequest`). */
export const RESET_REQUEST_JOB = "auth.password-reset-request";

/**
 * The request side of "forgot password": only enqueues the work, so the answer takes the same
 * time whether or not the address has an account (no enumeration by timing).
 */
export async function acceptPasswordResetRequest(
  deps: Pick<Deps, "db" | "jobs">,
  email: string,
): Promise<void> {
  await deps.jobs.send(deps.db, RESET_REQUEST_JOB, { email: email.trim().toLowerCase() });
}

/**
 * "Forgot password": mails a single-use link valid one hour. The caller always answers the same,
 * whether the address exists or not.
 */
export async function requestPasswordReset(deps: ResetDeps, email: string): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabled_at) return;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const recent = await countRecentTokens(
      tx,
      user.id,
      "password_reset",
      new Date(now.getTime() - 3600_000),
    );
    if (recent >= RESET_MAILS_PER_HOUR) return;
    const { token } = await issueLinkToken(tx, deps, {
      purpose: "password_reset",
      userId: user.id,
      hours: RESET_TOKEN_MINUTES / 60,
    });
    const lang = user.language === "en" ? "en" : "hu";
    const mail = passwordResetMail(lang, {
      name: user.name,
      link: `${deps.config.baseUrl}/reset-password?token=${token}`,
      minutes: RESET_TOKEN_MINUTES,
    });
    await queueMail(tx, deps, {
      type: "auth.password_reset",
      language: lang,
      to: user.email,
      userId: user.id,
      ...mail,
    });
    await writeAudit(
      tx,
      deps.clock,
      { type: "system", name: "auth" },
      {
        action: "auth.password_reset_requested",
        subjectType: "user",
        subjectId: user.id,
      },
    );
  });
}

/** Sets a new password from a reset link; the link dies, and so does every session. */
export async function resetPassword(
  deps: ResetDeps,
  token: string,
  password: string,
): Promise<{ userId: string }> {
  // The policy without the account first (cheap), then with it once the token names the user;
  // a refused password rolls the transaction back, so the link still works for another try.
  const general = checkNewPassword(password, {});
  if (general) throw authErrors.passwordRejected(general);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const used = await consumeToken(tx, "password_reset", hashSecret(token), now);
    if (!used?.userId) throw authErrors.resetTokenInvalid();
    const user = await findUserById(tx, used.userId);
    if (!user) throw authErrors.resetTokenInvalid();
    const personal = checkNewPassword(password, user);
    if (personal) throw authErrors.passwordRejected(personal);
    await setPasswordHash(tx, user.id, passwordHash, now);
    await clearLoginFailures(tx, user.email);
    const sessions = await deleteSessionsOfUser(tx, user.id);
    const lang = user.language === "en" ? "en" : "hu";
    if (user.password_hash) {
      await queueMail(tx, deps, {
        type: "auth.password_changed",
        language: lang,
        to: user.email,
        userId: user.id,
        ...passwordChangedMail(lang, { name: user.name }),
      });
    }
    await writeAudit(
      tx,
      deps.clock,
      { type: "user", userId: user.id },
      {
        action: "auth.password_reset",
        subjectType: "user",
        subjectId: user.id,
        data: { sessionsClosed: sessions },
      },
    );
    return { userId: user.id };
  });
}
