import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Db } from "../../../platform/db/index.ts";
import { normalisePermissions } from "../../../platform/http/permissions.ts";
import { newId } from "../../../platform/ids.ts";
import { discardLinkTokens, issueLinkToken } from "../../auth/index.ts";
import { queueMail } from "../../notifications/index.ts";
import { accountErrors } from "../errors.ts";
import { contactInvitationMail } from "../mails.ts";
import { insertContact } from "../repo.ts";
import {
  accountContacts,
  contactEmailTaken,
  deleteContact,
  findContact,
  lockCustomer,
  updateContact,
  type ContactRow,
} from "../repo-access.ts";

export const INVITATION_DAYS = 7;

type ContactDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

export type ContactStatus = "active" | "invited" | "no_login";

export function contactStatus(c: Pick<ContactRow, "user_id" | "invited_at">): ContactStatus {
  if (c.user_id) return "active";
  return c.invited_at ? "invited" : "no_login";
}

export function listAccountContacts(db: Db, customerId: string) {
  return accountContacts(db, customerId);
}

/**
 * An owner with a login must remain, or nobody could manage the account: true when the change
 * (new permissions, or null: removal) would take away the last one. (An account an agency
 * opened has an invited owner without a login yet; changes that do not lower the count pass.)
 */
function losesLastOwner(
  contacts: readonly ContactRow[],
  change: { id: string; permissions: string[] | null },
): boolean {
  const owners = (perms: (c: ContactRow) => string[] | null) =>
    contacts.filter((c) => c.user_id !== null && perms(c)?.includes("owner")).length;
  const before = owners((c) => c.permissions);
  const after = owners((c) => (c.id === change.id ? change.permissions : c.permissions));
  return before > 0 && after === 0;
}

async function sendContactInvitation(
  tx: Db,
  deps: ContactDeps,
  c: { id: string; name: string; email: string; permissions: string[] },
  account: { id: string; name: string; language: string },
  inviter: string,
  language: "hu" | "en",
): Promise<void> {
  await discardLinkTokens(tx, "contact_invitation", c.id);
  const { token } = await issueLinkToken(tx, deps, {
    purpose: "contact_invitation",
    subjectId: c.id,
    hours: INVITATION_DAYS * 24,
  });
  await queueMail(tx, deps, {
    type: "accounts.contact_invitation",
    language,
    to: c.email,
    customerId: account.id,
    ...contactInvitationMail(language, {
      name: c.name,
      account: account.name,
      inviter,
      link: `${deps.config.baseUrl}/invitation?token=${token}`,
      permissions: c.permissions,
      days: INVITATION_DAYS,
    }),
  });
  await updateContact(tx, c.id, { invitedAt: deps.clock.now(), now: deps.clock.now() });
}

export interface ContactInput {
  name: string;
  email: string;
  phone?: string | null | undefined;
  permissions: string[];
  /** Send an invitation to create a login (default true). */
  invite?: boolean | undefined;
  language?: "hu" | "en" | undefined;
}

/** Adds a contact to an account and, by default, invites it by e-mail to create its login. */
export async function addContact(
  deps: ContactDeps,
  customerId: string,
  input: ContactInput,
  actor: Actor,
  inviterName: string,
): Promise<{ id: string }> {
  const permissions = normalisePermissions(input.permissions);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const account = await lockCustomer(tx, customerId);
    if (!account) throw accountErrors.accountNotFound();
    if (await contactEmailTaken(tx, customerId, input.email)) throw accountErrors.contactExists();
    const id = newId("con", now.getTime());
    await insertContact(tx, {
      id,
      customerId,
      userId: null,
      name: input.name,
      email: input.email.trim(),
      phone: input.phone ?? null,
      isPrimary: false,
      permissions,
      now,
    });
    const invite = input.invite ?? true;
    if (invite) {
      const language = input.language ?? (account.language === "en" ? "en" : "hu");
      await sendContactInvitation(
        tx,
        deps,
        { id, name: input.name, email: input.email, permissions },
        account,
        inviterName,
        language,
      );
    }
    await writeAudit(tx, deps.clock, actor, {
      action: "contact.added",
      subjectType: "contact",
      subjectId: id,
      customerId,
      data: { email: input.email, permissions, invited: invite },
    });
    return { id };
  });
}

/** Changes a contact's name, phone or permissions; the last owner with a login stays owner. */
export async function changeContact(
  deps: ContactDeps,
  customerId: string,
  id: string,
  input: {
    name?: string | undefined;
    phone?: string | null | undefined;
    permissions?: string[] | undefined;
  },
  actor: Actor,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) throw accountErrors.accountNotFound();
    const contacts = await accountContacts(tx, customerId);
    const contact = contacts.find((c) => c.id === id);
    if (!contact) throw accountErrors.contactNotFound();
    const permissions = input.permissions ? normalisePermissions(input.permissions) : undefined;
    if (permissions && losesLastOwner(contacts, { id, permissions }))
      throw accountErrors.lastOwner();
    await updateContact(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(permissions ? { permissions } : {}),
      now,
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "contact.changed",
      subjectType: "contact",
      subjectId: id,
      customerId,
      data: {
        ...(permissions ? { permissions: { from: contact.permissions, to: permissions } } : {}),
        ...(input.name !== undefined && input.name !== contact.name
          ? { name: { from: contact.name, to: input.name } }
          : {}),
        ...(input.phone !== undefined && input.phone !== contact.phone
          ? { phone: { from: contact.phone, to: input.phone } }
          : {}),
      },
    });
  });
}

/**
 * Removes a contact: its login (if any) can no longer reach the account, from its next
 * request. The last owner with a login cannot be removed; a removed primary contact passes
 * the primary mark to the oldest remaining owner.
 */
export async function removeContact(
  deps: ContactDeps,
  customerId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) throw accountErrors.accountNotFound();
    const contacts = await accountContacts(tx, customerId);
    const contact = contacts.find((c) => c.id === id);
    if (!contact) throw accountErrors.contactNotFound();
    if (losesLastOwner(contacts, { id, permissions: null })) throw accountErrors.lastOwner();
    await discardLinkTokens(tx, "contact_invitation", id);
    await deleteContact(tx, id);
    if (contact.is_primary) {
      const next = contacts.find((c) => c.id !== id && c.permissions.includes("owner"));
      if (next) await updateContact(tx, next.id, { isPrimary: true, now });
    }
    await writeAudit(tx, deps.clock, actor, {
      action: "contact.removed",
      subjectType: "contact",
      subjectId: id,
      customerId,
      data: { email: contact.email, permissions: contact.permissions, hadLogin: !!contact.user_id },
    });
  });
}

/** Sends a contact without a login a fresh invitation (the earlier link stops working). */
export async function reinviteContact(
  deps: ContactDeps,
  customerId: string,
  id: string,
  actor: Actor,
  inviterName: string,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const account = await lockCustomer(tx, customerId);
    if (!account) throw accountErrors.accountNotFound();
    const contact = await findContact(tx, customerId, id);
    if (!contact) throw accountErrors.contactNotFound();
    if (contact.user_id) throw accountErrors.hasLogin();
    await sendContactInvitation(
      tx,
      deps,
      contact,
      account,
      inviterName,
      account.language === "en" ? "en" : "hu",
    );
    await writeAudit(tx, deps.clock, actor, {
      action: "contact.invited",
      subjectType: "contact",
      subjectId: id,
      customerId,
      data: { email: contact.email },
    });
  });
}
