import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { authErrors } from "../errors.ts";
import { checkNewPassword, hashPassword } from "../passwords.ts";
import { consumeToken, countStaff, discardUnusedTokens } from "../repo.ts";
import { hashSecret } from "../tokens.ts";
import { issueLinkToken } from "./link-tokens.ts";
import { addLogin } from "./add-login.ts";
import { openSession, type NewSession } from "./sessions.ts";

const SETUP_LINK_HOURS = 24;

export async function setupNeeded(deps: Pick<Deps, "db">): Promise<boolean> {
  return (await countStaff(deps.db)) === 0;
}

/**
 * First run: while no staff user exists, each start issues a new one-time link to create the
 * first administrator (older links stop working). Returns null when setup is done.
 */
export async function issueSetupLink(
  deps: Pick<Deps, "db" | "clock" | "config">,
): Promise<string | null> {
  return deps.db.transaction().execute(async (tx) => {
    if ((await countStaff(tx)) > 0) return null;
    await discardUnusedTokens(tx, "admin_setup", null);
    const { token } = await issueLinkToken(tx, deps, {
      purpose: "admin_setup",
      hours: SETUP_LINK_HOURS,
    });
    return `${deps.config.baseUrl}/setup?token=${token}`;
  });
}

export interface SetupInput {
  token: string;
  email: string;
  name: string;
  password: string;
  language: "hu" | "en";
  ip: string | null;
  userAgent: string | null;
}

export async function completeSetup(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: SetupInput,
): Promise<NewSession> {
  const problem = checkNewPassword(input.password, input);
  if (problem) throw authErrors.passwordRejected(problem);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (tx) => {
    if ((await countStaff(tx)) > 0) throw authErrors.setupDone();
    const now = deps.clock.now();
    const used = await consumeToken(tx, "admin_setup", hashSecret(input.token), now);
    if (!used) throw authErrors.setupTokenInvalid();
    const id = await addLogin(tx, deps, {
      email: input.email,
      name: input.name,
      passwordHash,
      language: input.language,
      staffRole: "admin",
    });
    await writeAudit(
      tx,
      deps.clock,
      { type: "user", userId: id, ip: input.ip ?? undefined },
      {
        action: "staff.created",
        subjectType: "user",
        subjectId: id,
        data: { role: "admin", via: "setup_link" },
      },
    );
    return openSession(tx, deps, { id, staffRole: "admin" }, input);
  });
}

export type StaffRole = "admin" | "billing" | "support" | "sales" | "readonly";

/**
 * Creates a staff user (`kapu admin create`, the demo). Without a password the user gets a
 * one-time link (valid 24 hours) to choose one.
 */
export async function createStaffUser(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: { email: string; name: string; role: StaffRole; language: "hu" | "en"; password?: string },
  actor: Actor,
  /** More to write in the same transaction (departments, the invitation mail). */
  alsoInTransaction?: (tx: Db, created: { userId: string; link: string | null }) => Promise<void>,
): Promise<{ userId: string; link: string | null }> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return deps.db.transaction().execute(async (tx) => {
    const userId = await addLogin(tx, deps, {
      email: input.email,
      name: input.name,
      passwordHash,
      language: input.language,
      staffRole: input.role,
    });
    let link: string | null = null;
    if (!passwordHash) {
      const { token } = await issueLinkToken(tx, deps, {
        purpose: "password_reset",
        userId,
        hours: SETUP_LINK_HOURS,
      });
      link = `${deps.config.baseUrl}/reset-password?token=${token}`;
    }
    await writeAudit(tx, deps.clock, actor, {
      action: "staff.created",
      subjectType: "user",
      subjectId: userId,
      data: { role: input.role, via: actor.type },
    });
    await alsoInTransaction?.(tx, { userId, link });
    return { userId, link };
  });
}
