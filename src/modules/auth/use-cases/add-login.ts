import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { authErrors } from "../errors.ts";
import { findUserByEmail, insertUser } from "../repo.ts";

export interface LoginInput {
  email: string;
  name: string;
  /** argon2id hash, or null: the user chooses a password through a one-time link. */
  passwordHash: string | null;
  language: string;
  staffRole: string | null;
}

/**
 * Adds a login (staff user or a contact's login) inside the caller's transaction. E-mail
 * addresses are unique case-insensitively: a taken one is a 409 `auth.email_taken`.
 */
export async function addLogin(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: LoginInput,
): Promise<string> {
  if (await findUserByEmail(tx, input.email)) throw authErrors.emailTaken();
  const now = deps.clock.now();
  const id = newId("usr", now.getTime());
  await insertUser(tx, { id, ...input, now });
  return id;
}
