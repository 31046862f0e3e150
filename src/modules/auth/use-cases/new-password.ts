import { authErrors } from "../errors.ts";
import { checkNewPassword } from "../passwords.ts";

/** Refuses a new password the policy rejects, as a 400 naming the field (other modules' doors). */
export function assertNewPassword(
  password: string,
  account: { email?: string | null; name?: string | null },
  field = "password",
): void {
  const problem = checkNewPassword(password, account);
  if (problem) throw authErrors.passwordRejected(problem, field);
}
