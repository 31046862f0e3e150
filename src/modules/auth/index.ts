import type { Deps } from "../../platform/context.ts";
import { deleteExpired } from "./repo.ts";
import { RESET_REQUEST_JOB, requestPasswordReset } from "./use-cases/password-reset.ts";

export { registerAuthRoutes, SESSION_COOKIE, presentSession } from "./routes.ts";
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
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from "./passwords.ts";
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
    },
  });
  deps.jobs.schedule({ name: PURGE_JOB, cron: "17 3 * * *", timeZone: deps.config.timeZone });
  deps.jobs.define<{ email: string }>({
    name: RESET_REQUEST_JOB,
    retryLimit: 3,
    handler: (data) => requestPasswordReset(deps, data.email),
  });
}
