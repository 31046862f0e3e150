import { AppError } from "../../platform/errors.ts";
import { PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from "./domain/password-policy.ts";

export const authErrors = {
  invalidCredentials: () =>
    new AppError("auth.invalid_credentials", 401, "The e-mail address or the password is wrong."),
  resetTokenInvalid: () =>
    new AppError(
      "auth.reset_token_invalid",
      400,
      "This link is no longer valid: it was used already or it expired. Ask for a new one.",
    ),
  setupTokenInvalid: () =>
    new AppError("setup.token_invalid", 400, "This setup link is not valid or has expired."),
  setupDone: () =>
    new AppError("setup.already_done", 409, "Kapu already has a staff administrator."),
  emailTaken: () =>
    new AppError("auth.email_taken", 409, "A login with this e-mail address exists already."),
  /** A new password that the policy refuses: `auth.password_too_common` and its siblings. */
  passwordRejected: (problem: PasswordProblem, field = "password") =>
    new AppError(`auth.${problem}`, 400, "Choose another password.", {
      errors: [{ path: `body.${field}`, message: PASSWORD_PROBLEM_MESSAGES[problem] }],
    }),
  currentPasswordWrong: () =>
    new AppError("auth.current_password_wrong", 400, "The current password is not right.", {
      errors: [{ path: "body.currentPassword", message: "not the current password" }],
    }),
  /** Too many failed logins for this e-mail address from unknown client addresses. */
  loginThrottled: (retryAfterSeconds: number) =>
    new AppError(
      "auth.login_throttled",
      429,
      "Too many failed logins for this account. Wait a little and try again.",
      { headers: { "retry-after": String(retryAfterSeconds) } },
    ),
};

/** Two-factor login, the session list and e-mail change (use-cases/two-factor.ts, …). */
export const securityErrors = {
  /** A wrong, malformed or already used code; 401 at login, 400 for a logged-in user. */
  codeInvalid: (status: 400 | 401 = 400) =>
    new AppError(
      "auth.two_factor_code_invalid",
      status,
      "The code is not right, or it was used already. Wait for the next code and try again.",
    ),
  /** Too many wrong codes for this login lately (its password is known to whoever tries). */
  throttled: (retryAfterSeconds: number) =>
    new AppError(
      "auth.two_factor_throttled",
      429,
      "Too many wrong codes for this account. Wait a little and try again.",
      { headers: { "retry-after": String(retryAfterSeconds) } },
    ),
  challengeInvalid: () =>
    new AppError(
      "auth.two_factor_challenge_invalid",
      401,
      "This login step has expired, was used already or had too many wrong codes. Log in again.",
    ),
  setupRequired: () =>
    new AppError(
      "auth.two_factor_setup_required",
      403,
      "Staff must turn on two-factor login first: set it up on the security page.",
    ),
  required: () =>
    new AppError(
      "auth.two_factor_required",
      403,
      "Two-factor login is required for staff and cannot be turned off.",
    ),
  notEnabled: () =>
    new AppError("auth.two_factor_not_enabled", 409, "Two-factor login is not turned on."),
  noPendingSetup: () =>
    new AppError(
      "auth.two_factor_no_pending_setup",
      409,
      "Start the two-factor setup first: it gives the secret the code must come from.",
    ),
  reauthenticationFailed: () =>
    new AppError("auth.reauthentication_failed", 400, "The password or the code is not right."),
  emailUnchanged: () =>
    new AppError("auth.email_unchanged", 400, "This is the login's e-mail address already."),
  emailChangeTokenInvalid: () =>
    new AppError(
      "auth.email_change_token_invalid",
      400,
      "This link is no longer valid: it was used already or it expired. Ask for the change again.",
    ),
};
