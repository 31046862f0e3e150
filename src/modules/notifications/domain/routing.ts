/**
 * Where Kapu's mail to a customer account goes (A4, seed 003). Every mail about an account has
 * a type (`billing.invoice_issued`, …); the table below routes each to one of five notification
 * types, and the account's notification addresses decide the recipients of each type: the
 * addresses and contacts it names, or — when it names none — the default recipients.
 *
 * Personal security mails (password reset and change, invitations, e-mail change) are not
 * account mail: they go to the login's own address and are never routed (PERSONAL_MAIL_TYPES).
 */

export const NOTIFICATION_TYPES = [
  "invoices",
  "support",
  "abuse",
  "technical",
  "renewals",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export function isNotificationType(value: string): value is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

/**
 * Each customer mail type and the notification type it is routed by. A new kind of mail to an
 * account is added here first: recipientsOf only takes the types listed.
 *
 * - invoices: documents, statements and payments (the accountant's business).
 * - renewals: the reminders before a service is due, which ask for the renewal to be paid.
 * - technical: what happens to a running service — status notices (maintenance, outages) and
 *   the service's own status changes (suspended, expired, terminated, cancelled): the person who
 *   runs the service must learn that it stops.
 * - support, abuse: ticket replies and abuse reports (no such mail is sent yet).
 */
export const MAIL_ROUTES = {
  "billing.proforma_issued": "invoices",
  "billing.invoice_issued": "invoices",
  "billing.credit_note_issued": "invoices",
  "billing.statement": "invoices",
  "payments.received": "invoices",
  "payments.refunded": "invoices",
  "service.expiry_reminder": "renewals",
  "service.suspended": "technical",
  "service.expired": "technical",
  "service.terminated": "technical",
  "service.cancelled": "technical",
  "notice.published": "technical",
  "notice.updated": "technical",
  "notice.resolved": "technical",
  "notice.cancelled": "technical",
} as const satisfies Record<string, NotificationType>;

export type CustomerMailType = keyof typeof MAIL_ROUTES;

/**
 * Mails about a person's own login, or about who may access an account, are not routed: they go
 * to the person concerned (the login's own address, the address being invited or confirmed) or,
 * for an agency's access request, to the account's owners, whatever the notification addresses
 * say — a security notice must not be redirectable to an address an attacker chose.
 */
export const PERSONAL_MAIL_TYPES = [
  "auth.password_reset",
  "auth.password_changed",
  "auth.email_change_confirm",
  "auth.email_change_requested",
  "auth.email_changed",
  "auth.two_factor_enabled",
  "auth.two_factor_disabled",
  "auth.two_factor_failures",
  "auth.staff_invitation",
  "accounts.contact_invitation",
  "accounts.manager_invitation",
  "accounts.manager_request",
  "accounts.manager_approved",
  "accounts.manager_ended",
  "accounts.client_account",
] as const;

export function routeOf(mailType: CustomerMailType): NotificationType {
  return MAIL_ROUTES[mailType];
}

/** How many targets one notification type may have. */
export const MAX_TARGETS_PER_TYPE = 3;

/** One row of an account's recipient candidates for a type, as the routing query reads them. */
export interface RecipientCandidate {
  /** "setting": a target the account chose (a contact's or its own address); "contact": a contact. */
  source: "setting" | "contact";
  email: string;
  /** The contact's permissions (settings: empty). */
  permissions: readonly string[];
}

/**
 * The recipients of one account for one type, from its candidates in order (settings by
 * position, then contacts primary first, oldest first): the chosen targets when there are any;
 * else the default — the owner and billing contacts, else the first (primary) contact. Each
 * address once, compared and returned in lower case.
 */
export function chooseRecipients(candidates: readonly RecipientCandidate[]): string[] {
  const chosen = candidates.filter((c) => c.source === "setting");
  const emails = chosen.length > 0 ? chosen : defaultRecipients(candidates);
  return [...new Set(emails.map((c) => c.email.trim().toLowerCase()))].filter((e) => e !== "");
}

function defaultRecipients(candidates: readonly RecipientCandidate[]): RecipientCandidate[] {
  const contacts = candidates.filter((c) => c.source === "contact");
  const billing = contacts.filter(
    (c) => c.permissions.includes("owner") || c.permissions.includes("billing"),
  );
  return billing.length > 0 ? billing : contacts.slice(0, 1);
}
