import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { errors } from "../../../platform/errors.ts";
import { queueMail } from "../../notifications/index.ts";
import { authErrors, securityErrors } from "../errors.ts";
import { verifyPassword } from "../passwords.ts";
import { discardUnusedTokens, findUserByEmail, findUserById } from "../repo.ts";
import { deleteOtherSessions, setUserEmail } from "../repo-security.ts";
import { emailChangeConfirmMail, emailChangeNoticeMail } from "../security-mails.ts";
import { issueLinkToken, useLinkToken } from "./link-tokens.ts";

/** How long the confirmation link sent to the new address works. */
export const EMAIL_CHANGE_HOURS = 24;

type EmailDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

const lang = (language: string): "hu" | "en" => (language === "en" ? "en" : "hu");

/** PostgreSQL's unique_violation: two confirmations of one address at the same moment. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23505";
}

/**
 * Asks to change the login e-mail address: needs the password; mails a single-use link (valid
 * 24 hours) to the NEW address and a notice to the old one. Nothing changes until the link is
 * opened; an earlier unconfirmed request is replaced.
 */
export async function requestEmailChange(
  deps: EmailDeps,
  input: { userId: string; newEmail: string; password: string },
  actor: Actor,
): Promise<void> {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw errors.unauthenticated();
  if (!(await verifyPassword(user.password_hash, input.password)))
    throw securityErrors.reauthenticationFailed();
  const newEmail = input.newEmail.trim();
  if (newEmail.toLowerCase() === user.email.trim().toLowerCase())
    throw securityErrors.emailUnchanged();
  await deps.db.transaction().execute(async (tx) => {
    if (await findUserByEmail(tx, newEmail)) throw authErrors.emailTaken();
    await discardUnusedTokens(tx, "email_change", user.id);
    const { token } = await issueLinkToken(tx, deps, {
      purpose: "email_change",
      userId: user.id,
      data: { email: newEmail },
      hours: EMAIL_CHANGE_HOURS,
    });
    const language = lang(user.language);
    await queueMail(tx, deps, {
      type: "auth.email_change_confirm",
      language,
      to: newEmail,
      userId: user.id,
      ...emailChangeConfirmMail(language, {
        name: user.name,
        link: `${deps.config.baseUrl}/confirm-email?token=${token}`,
        hours: EMAIL_CHANGE_HOURS,
      }),
    });
    await queueMail(tx, deps, {
      type: "auth.email_change_requested",
      language,
      to: user.email,
      userId: user.id,
      ...emailChangeNoticeMail(language, { name: user.name, newEmail, done: false }),
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.email_change_requested",
      subjectType: "user",
      subjectId: user.id,
      data: { newEmail },
    });
  });
}

/**
 * Opens the link from the new address: the login e-mail becomes the new address, the user's
 * other sessions end (the one opening the link stays, if it is the user's), and the old address
 * gets a notice. Contacts keep their own e-mail addresses (they are account data).
 */
export async function confirmEmailChange(
  deps: EmailDeps,
  input: {
    token: string;
    /** The session the link was opened in, if any: it stays when it is the user's. */
    current: { userId: string; sessionId: string } | null;
    ip: string | null;
    requestId?: string | undefined;
  },
): Promise<{ email: string }> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const used = await useLinkToken(tx, now, "email_change", input.token);
      const newEmail = used?.data?.email;
      if (!used?.userId || typeof newEmail !== "string")
        throw securityErrors.emailChangeTokenInvalid();
      const user = await findUserById(tx, used.userId);
      if (!user || user.disabled_at) throw securityErrors.emailChangeTokenInvalid();
      const owner = await findUserByEmail(tx, newEmail);
      if (owner && owner.id !== user.id) throw authErrors.emailTaken();
      await setUserEmail(tx, user.id, newEmail, now);
      const keep = input.current?.userId === user.id ? input.current.sessionId : null;
      const sessionsClosed = await deleteOtherSessions(tx, user.id, keep);
      await discardUnusedTokens(tx, "email_change", user.id);
      const language = lang(user.language);
      await queueMail(tx, deps, {
        type: "auth.email_changed",
        language,
        to: user.email,
        userId: user.id,
        ...emailChangeNoticeMail(language, { name: user.name, newEmail, done: true }),
      });
      await writeAudit(
        tx,
        deps.clock,
        { type: "user", userId: user.id, requestId: input.requestId, ip: input.ip ?? undefined },
        {
          action: "auth.email_changed",
          subjectType: "user",
          subjectId: user.id,
          data: { from: user.email, to: newEmail, sessionsClosed },
        },
      );
      return { email: newEmail };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw authErrors.emailTaken();
    throw error;
  }
}
