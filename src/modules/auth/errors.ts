import { AppError } from "../../platform/errors.ts";

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
};
