import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { newId } from "../../../platform/ids.ts";
import { issueLinkToken, setSessionCustomer } from "../../auth/index.ts";
import { queueMail } from "../../notifications/index.ts";
import { accountErrors } from "../errors.ts";
import { clientAccountMail } from "../mails.ts";
import { insertManagerAccess, updateContact } from "../repo-access.ts";
import { INVITATION_DAYS } from "./contacts.ts";
import { insertCustomerWithContact, type CreateCustomerInput } from "./create-customer.ts";

export interface ClientAccountInput extends Omit<CreateCustomerInput, "contact"> {
  owner: { name: string; email: string; phone?: string | null | undefined };
}

/**
 * An agency opens an account for its client (seed 004): the client's own address becomes the
 * owner contact, invited to set its password; the agency's login manages the account with full
 * scope, and its session switches to it. The client sees the agency under Managers and can end
 * the access at any time.
 */
export async function createClientAccount(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  manager: {
    userId: string;
    email: string;
    name: string;
    staffRole: string | null;
    sessionId: string;
  },
  input: ClientAccountInput,
  actor: Actor & { type: "user" },
): Promise<{ customerId: string; code: string }> {
  if (manager.staffRole) throw accountErrors.notForStaff();
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const created = await insertCustomerWithContact(
      tx,
      deps,
      { ...input, contact: { ...input.owner, password: null } },
      null,
      { ...actor, via: "manager" },
    );
    const accessId = newId("mga", now.getTime());
    await insertManagerAccess(tx, {
      id: accessId,
      customerId: created.customerId,
      managerUserId: manager.userId,
      email: manager.email,
      permissions: ["owner"],
      status: "active",
      createdBy: manager.userId,
      now,
    });
    const { token } = await issueLinkToken(tx, deps, {
      purpose: "contact_invitation",
      subjectId: created.contactId,
      hours: INVITATION_DAYS * 24,
    });
    await updateContact(tx, created.contactId, { invitedAt: now, now });
    await queueMail(tx, deps, {
      type: "accounts.client_account",
      language: input.language,
      to: input.owner.email,
      customerId: created.customerId,
      ...clientAccountMail(input.language, {
        name: input.owner.name,
        account: input.name,
        manager: manager.name,
        link: `${deps.config.baseUrl}/invitation?token=${token}`,
        days: INVITATION_DAYS,
      }),
    });
    await writeAudit(
      tx,
      deps.clock,
      { ...actor, via: "manager" },
      {
        action: "manager.client_account_created",
        subjectType: "manager_access",
        subjectId: accessId,
        customerId: created.customerId,
        data: { ownerEmail: input.owner.email, manager: manager.email },
      },
    );
    await setSessionCustomer(tx, manager.sessionId, created.customerId);
    return { customerId: created.customerId, code: created.code };
  });
}
