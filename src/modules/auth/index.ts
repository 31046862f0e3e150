import type { Deps } from "../../platform/context.ts";
import { deleteExpired } from "./repo.ts";
import { deleteSpentChallenges } from "./repo-security.ts";
import { RESET_REQUEST_JOB, requestPasswordReset } from "./use-cases/password-reset.ts";
import { purgeLoginThrottle } from "./use-cases/login-throttle.ts";

export {
  registerAuthRoutes,
  SESSION_COOKIE,
  presentSession,
  sessionBody,
  sessionBodyOf,
  setSessionCookie,
} from "./routes.ts";
export { resolveSession } from "./use-cases/sessions.ts";
export { login } from "./use-cases/login.ts";
export {
  requestPasswordReset,
  resetPassword,
  RESET_TOKEN_MINUTES,
} from "./use-cases/password-reset.ts";
export {
  issueSetupLink,
  setupNeeded,
  createStaffUser,
  type StaffRole,
} from "./use-cases/staff-setup.ts";
export {
  hashPassword,
  verifyPassword,
  checkPassword,
  checkNewPassword,
  MIN_PASSWORD_LENGTH,
  type PasswordProblem,
} from "./passwords.ts";
export { changePassword } from "./use-cases/password-change.ts";
export { findUserByEmail } from "./repo.ts";
export { addLogin } from "./use-cases/add-login.ts";

export const PURGE_JOB = "auth.purge-expired";

/** Daily clean-up of expired sessions and used or expired one-time tokens. */
export function defineAuthJobs(deps: Deps): void {
  deps.jobs.define({
    name: PURGE_JOB,
    retryLimit: 3,
    handler: async () => {
      const removed = await deleteExpired(deps.db, deps.clock.now());
      deps.logger.info(removed, "purged expired sessions and tokens");
      const challenges = await deleteSpentChallenges(deps.db, deps.clock.now());
      deps.logger.info({ challenges }, "purged used and expired two-factor login challenges");
      const throttle = await purgeLoginThrottle(deps);
      deps.logger.info(throttle, "purged forgotten login failures and unused login addresses");
    },
  });
  deps.jobs.schedule({ name: PURGE_JOB, cron: "17 3 * * *", timeZone: deps.config.timeZone });
  deps.jobs.define<{ email: string }>({
    name: RESET_REQUEST_JOB,
    retryLimit: 3,
    handler: (data) => requestPasswordReset(deps, data.email),
  });
}
export {
  issueLinkToken,
  peekLinkToken,
  useLinkToken,
  discardLinkTokens,
} from "./use-cases/link-tokens.ts";
export { openSession, type NewSession } from "./use-cases/sessions.ts";
export { findUserById } from "./repo.ts";
export { setSessionCustomer } from "./repo.ts";
export { MAX_PASSWORD_LENGTH } from "./passwords.ts";
export { registerSecurityRoutes } from "./routes-security.ts";
export { assertTwoFactorSetupDone } from "./two-factor-gate.ts";
export { enrolTwoFactor, resetTwoFactor } from "./use-cases/two-factor.ts";
export { registerStaffUserRoutes } from "./routes-staff.ts";
export { assertNewPassword } from "./use-cases/new-password.ts";
