import type { Deps } from "../../../platform/context.ts";
import { writeAudit } from "../../../platform/audit.ts";
import { authErrors } from "../errors.ts";
import { verifyPassword } from "../passwords.ts";
import { findUserByEmail } from "../repo.ts";
import { openSession, type NewSession } from "./sessions.ts";

export interface LoginInput {
  email: string;
  password: string;
  previousToken?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

/** E-mail + password login. Unknown e-mail and wrong password are indistinguishable. */
export async function login(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: LoginInput,
): Promise<NewSession> {
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!user || !ok || user.disabled_at) {
    throw authErrors.invalidCredentials();
  }
  return deps.db.transaction().execute(async (tx) => {
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
