import { AppError } from "../../platform/errors.ts";

export const accountErrors = {
  contactNotFound: () => new AppError("accounts.contact_not_found", 404, "No such contact."),
  contactExists: () =>
    new AppError(
      "accounts.contact_exists",
      409,
      "This account already has a contact with this e-mail address.",
    ),
  lastOwner: () =>
    new AppError(
      "accounts.last_owner",
      409,
      "An account needs at least one owner contact with a login: make another contact an owner first.",
    ),
  hasLogin: () =>
    new AppError(
      "accounts.contact_has_login",
      409,
      "This contact has a login already; there is nothing to invite.",
    ),
  managerNotFound: () => new AppError("accounts.manager_not_found", 404, "No such manager access."),
  managerExists: () =>
    new AppError(
      "accounts.manager_exists",
      409,
      "This address already manages the account or has an open invitation or request.",
    ),
  managerState: (status: string) =>
    new AppError(
      "accounts.manager_state",
      409,
      `This manager access is ${status}; that cannot be done to it.`,
    ),
  ownAccess: () =>
    new AppError(
      "accounts.own_access",
      409,
      "A manager's own access is changed by the account's owner, not by the manager.",
    ),
  invitationInvalid: () =>
    new AppError(
      "accounts.invitation_invalid",
      400,
      "This invitation is no longer valid: it was accepted or withdrawn, or it expired. Ask for a new one.",
    ),
  invitationPassword: () =>
    new AppError(
      "accounts.invitation_password",
      401,
      "A login with this e-mail address exists: accept the invitation with its password.",
    ),
  alreadyLinked: () =>
    new AppError("accounts.already_linked", 409, "Your login can reach this account already."),
  staffLogin: () =>
    new AppError(
      "accounts.staff_login",
      409,
      "A staff login cannot be a customer's contact or manager; use another address.",
    ),
  accountNotFound: () => new AppError("accounts.account_not_found", 404, "No such account."),
  notForStaff: () =>
    new AppError(
      "accounts.not_for_staff",
      403,
      "Staff act as a customer from the back office instead.",
    ),
};
