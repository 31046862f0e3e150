/**
 * An account's notification addresses (A4, seed 003): for each notification type, up to a few
 * targets — a contact of the account (its current address is used) or an address of its own.
 * No targets for a type: the default recipients. Pure rules; who gets a mail is decided by
 * notifications' routing (recipientsOf), which reads what is stored here.
 */
import {
  MAX_TARGETS_PER_TYPE,
  NOTIFICATION_TYPES,
  type NotificationType,
} from "../../notifications/index.ts";

export type TargetInput = { contactId: string } | { email: string };

export type Target = { kind: "contact"; contactId: string } | { kind: "email"; email: string };

export type NotificationSettings = Record<NotificationType, Target[]>;

export type SettingsErrorCode = "too_many" | "duplicate" | "email_invalid" | "unknown_contact";

export interface SettingsError {
  /** Path below the body: `types.invoices.1.email`. */
  field: string;
  code: SettingsErrorCode;
  message: string;
}

/** A deliberately plain address rule: one @, a dot in the domain, no spaces, ≤ 254 characters. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emptySettings(): NotificationSettings {
  return Object.fromEntries(
    NOTIFICATION_TYPES.map((t) => [t, []]),
  ) as unknown as NotificationSettings;
}

/**
 * Checks the targets asked for, against the account's contacts: at most MAX_TARGETS_PER_TYPE
 * per type, each a contact of this account (another account's or an unknown contact id is the
 * same error, which leaks nothing) or a plain valid address, none twice within a type. A type
 * left out, or given no targets, goes back to the default. Addresses are trimmed and stored in
 * lower case.
 */
export function validateNotificationSettings(
  input: Partial<Record<NotificationType, readonly TargetInput[]>>,
  contacts: readonly { id: string; email: string }[],
): { ok: true; value: NotificationSettings } | { ok: false; errors: SettingsError[] } {
  const errors: SettingsError[] = [];
  const value = emptySettings();
  const contactIds = new Map(contacts.map((c) => [c.id, c.email.toLowerCase()]));
  for (const type of NOTIFICATION_TYPES) {
    const targets = input[type] ?? [];
    if (targets.length > MAX_TARGETS_PER_TYPE) {
      errors.push({
        field: `types.${type}`,
        code: "too_many",
        message: `At most ${MAX_TARGETS_PER_TYPE} recipients per type.`,
      });
      continue;
    }
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      let target: Target;
      let key: string;
      if ("contactId" in t) {
        if (!contactIds.has(t.contactId)) {
          errors.push({
            field: `types.${type}.${i}.contactId`,
            code: "unknown_contact",
            message: "This account has no such contact.",
          });
          return;
        }
        target = { kind: "contact", contactId: t.contactId };
        key = `contact:${t.contactId}`;
      } else {
        const email = t.email.trim().toLowerCase();
        if (email.length > 254 || !EMAIL.test(email)) {
          errors.push({
            field: `types.${type}.${i}.email`,
            code: "email_invalid",
            message: "Not a valid e-mail address.",
          });
          return;
        }
        target = { kind: "email", email };
        key = `email:${email}`;
      }
      if (seen.has(key)) {
        errors.push({
          field: `types.${type}.${i}`,
          code: "duplicate",
          message: "The same recipient is named twice.",
        });
        return;
      }
      seen.add(key);
      value[type].push(target);
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** A target as the audit row and the API name it: `contact:con_…` or the address. */
export function describeTarget(t: Target): string {
  return t.kind === "contact" ? `contact:${t.contactId}` : t.email;
}

/** The types whose targets change, each with the old and the new list (for the audit row). */
export function settingsChanges(
  before: NotificationSettings,
  after: NotificationSettings,
): Partial<Record<NotificationType, { from: string[]; to: string[] }>> {
  const out: Partial<Record<NotificationType, { from: string[]; to: string[] }>> = {};
  for (const type of NOTIFICATION_TYPES) {
    const from = before[type].map(describeTarget);
    const to = after[type].map(describeTarget);
    if (from.join("\n") !== to.join("\n")) out[type] = { from, to };
  }
  return out;
}
