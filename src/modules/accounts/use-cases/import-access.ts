import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Db } from "../../../platform/db/index.ts";
import { normalisePermissions } from "../../../platform/http/permissions.ts";
import { newId } from "../../../platform/ids.ts";
import { addLogin, findUserByEmail } from "../../auth/index.ts";
import { insertContact } from "../repo.ts";
import { insertManagerAccess } from "../repo-access.ts";

/**
 * For imports and the demo, inside the caller's transaction: a contact that has its login
 * already (no invitation), and a manager access that is already active. The interactive paths
 * (invitations, requests) are in contacts.ts and managers.ts.
 */
export async function insertContactWithLogin(
  tx: Db,
  deps: Pick<Deps, "clock">,
  c: {
    customerId: string;
    name: string;
    email: string;
    permissions: string[];
    passwordHash: string;
    language: "hu" | "en";
  },
  actor: Actor,
): Promise<{ contactId: string; userId: string }> {
  const now = deps.clock.now();
  const userId =
    (await findUserByEmail(tx, c.email))?.id ??
    (await addLogin(tx, deps, {
      email: c.email,
      name: c.name,
      passwordHash: c.passwordHash,
      language: c.language,
      staffRole: null,
    }));
  const contactId = newId("con", now.getTime());
  const permissions = normalisePermissions(c.permissions);
  await insertContact(tx, {
    id: contactId,
    customerId: c.customerId,
    userId,
    name: c.name,
    email: c.email,
    phone: null,
    isPrimary: false,
    permissions,
    now,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "contact.added",
    subjectType: "contact",
    subjectId: contactId,
    customerId: c.customerId,
    data: { email: c.email, permissions, invited: false },
  });
  return { contactId, userId };
}

export async function insertActiveManagerAccess(
  tx: Db,
  deps: Pick<Deps, "clock">,
  m: { customerId: string; managerUserId: string; email: string; permissions: string[] },
  actor: Actor,
): Promise<string> {
  const now = deps.clock.now();
  const id = newId("mga", now.getTime());
  const permissions = normalisePermissions(m.permissions);
  await insertManagerAccess(tx, {
    id,
    customerId: m.customerId,
    managerUserId: m.managerUserId,
    email: m.email,
    permissions,
    status: "active",
    createdBy: null,
    now,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "manager.approved",
    subjectType: "manager_access",
    subjectId: id,
    customerId: m.customerId,
    data: { email: m.email, permissions },
  });
  return id;
}
