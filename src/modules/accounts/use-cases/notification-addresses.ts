import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import {
  NOTIFICATION_TYPES,
  recipientsOfType,
  type NotificationType,
} from "../../notifications/index.ts";
import {
  emptySettings,
  settingsChanges,
  validateNotificationSettings,
  type NotificationSettings,
  type TargetInput,
} from "../domain/notification-addresses.ts";
import { listContacts } from "../repo.ts";
import {
  customerExists,
  lockCustomer,
  notificationTargets,
  replaceNotificationTargets,
} from "../repo-settings.ts";

export type TargetView =
  | { kind: "contact"; contactId: string; name: string; email: string }
  | { kind: "email"; email: string };

export interface NotificationAddressesView {
  types: {
    type: NotificationType;
    /** What the account chose; empty: the default recipients. */
    targets: TargetView[];
    /** Who gets this type of mail now (the chosen targets, or the default). */
    recipients: string[];
  }[];
  /** The account's contacts, to choose from. */
  contacts: { id: string; name: string; email: string }[];
}

async function settingsOf(db: Db, customerId: string): Promise<NotificationSettings> {
  const settings = emptySettings();
  for (const r of await notificationTargets(db, customerId)) {
    settings[r.type].push(
      r.contact_id !== null
        ? { kind: "contact", contactId: r.contact_id }
        : { kind: "email", email: r.email ?? "" },
    );
  }
  return settings;
}

export async function getNotificationAddresses(
  deps: Pick<Deps, "db">,
  customerId: string,
): Promise<NotificationAddressesView | null> {
  if (!(await customerExists(deps.db, customerId))) return null;
  const [settings, contacts] = await Promise.all([
    settingsOf(deps.db, customerId),
    listContacts(deps.db, customerId),
  ]);
  const recipients = await Promise.all(
    NOTIFICATION_TYPES.map((type) => recipientsOfType(deps.db, type, [customerId])),
  );
  const byId = new Map(contacts.map((c) => [c.id, c]));
  return {
    types: NOTIFICATION_TYPES.map((type, i) => ({
      type,
      targets: settings[type].map((t): TargetView => {
        if (t.kind === "email") return t;
        const c = byId.get(t.contactId);
        return {
          kind: "contact",
          contactId: t.contactId,
          name: c?.name ?? "",
          email: c?.email ?? "",
        };
      }),
      recipients: recipients[i]!.get(customerId) ?? [],
    })),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email })),
  };
}

/**
 * Replaces an account's notification addresses (A4): every type at once; a type left out or
 * given no targets goes back to the default recipients. The customer row is locked while the
 * targets are checked against the account's contacts and rewritten, so concurrent edits take
 * turns (last write wins whole). Audited with each changed type's old and new targets.
 */
export async function saveNotificationAddresses(
  deps: Pick<Deps, "db" | "clock">,
  customerId: string,
  input: Partial<Record<NotificationType, readonly TargetInput[]>>,
  actor: Actor,
): Promise<NotificationAddressesView> {
  await deps.db.transaction().execute(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) throw errors.notFound("customer");
    const contacts = await listContacts(tx, customerId);
    const checked = validateNotificationSettings(input, contacts);
    if (!checked.ok) {
      const unknown = checked.errors.some((e) => e.code === "unknown_contact");
      throw new AppError(
        unknown ? "accounts.unknown_contact" : "accounts.notification_addresses_invalid",
        400,
        `The notification addresses are not valid: ${checked.errors[0]!.message}`,
        { errors: checked.errors.map((e) => ({ path: `body.${e.field}`, message: e.message })) },
      );
    }
    const before = await settingsOf(tx, customerId);
    const changes = settingsChanges(before, checked.value);
    if (Object.keys(changes).length === 0) return;
    await replaceNotificationTargets(
      tx,
      customerId,
      NOTIFICATION_TYPES.flatMap((type) =>
        checked.value[type].map((t) => ({
          type,
          contactId: t.kind === "contact" ? t.contactId : null,
          email: t.kind === "email" ? t.email : null,
        })),
      ),
      deps.clock.now(),
    );
    await writeAudit(tx, deps.clock, actor, {
      action: "customer.notification_addresses_changed",
      subjectType: "customer",
      subjectId: customerId,
      customerId,
      data: { changes },
    });
  });
  const view = await getNotificationAddresses(deps, customerId);
  if (!view) throw errors.notFound("customer");
  return view;
}
