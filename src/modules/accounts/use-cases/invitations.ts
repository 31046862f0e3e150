import type { Deps } from "../../../platform/context.ts";
import { writeAudit } from "../../../platform/audit.ts";
import {
  addLogin,
  findUserByEmail,
  hashPassword,
  assertNewPassword,
  openSession,
  peekLinkToken,
  useLinkToken,
  verifyPassword,
  type NewSession,
} from "../../auth/index.ts";
import { accountErrors } from "../errors.ts";
import {
  contactOfUser,
  customerBrief,
  findContactById,
  findManagerAccessById,
  liveManagerAccess,
  updateContact,
  updateManagerAccess,
} from "../repo-access.ts";

export interface InvitationView {
  kind: "contact" | "manager";
  accountName: string;
  email: string;
  permissions: string[];
  /** A login with this address exists: accepting asks for its password. */
  hasLogin: boolean;
}

/** What an invitation link is for, before it is accepted; undefined when it is not valid. */
export async function describeInvitation(
  deps: Pick<Deps, "db" | "clock">,
  token: string,
): Promise<InvitationView> {
  const now = deps.clock.now();
  const contactToken = await peekLinkToken(deps.db, now, "contact_invitation", token);
  if (contactToken?.subjectId) {
    const c = await findContactById(deps.db, contactToken.subjectId);
    const account = c && (await customerBrief(deps.db, c.customer_id));
    if (c && account && !c.user_id)
      return {
        kind: "contact",
        accountName: account.name,
        email: c.email,
        permissions: c.permissions,
        hasLogin: (await findUserByEmail(deps.db, c.email)) !== undefined,
      };
  }
  const managerToken = await peekLinkToken(deps.db, now, "manager_invitation", token);
  if (managerToken?.subjectId) {
    const m = await findManagerAccessById(deps.db, managerToken.subjectId);
    const account = m && (await customerBrief(deps.db, m.customer_id));
    if (m && account && m.status === "invited")
      return {
        kind: "manager",
        accountName: account.name,
        email: m.email,
        permissions: m.permissions,
        hasLogin: (await findUserByEmail(deps.db, m.email)) !== undefined,
      };
  }
  throw accountErrors.invitationInvalid();
}

export interface AcceptInput {
  token: string;
  /** The existing login's password, or the new login's. */
  password: string;
  /** For a new login. */
  name?: string | undefined;
  language?: "hu" | "en" | undefined;
  ip: string | null;
  userAgent: string | null;
  previousToken?: string | undefined;
  requestId?: string;
}

/**
 * Accepts an invitation: with the password of the login that has the invited address, or by
 * creating that login. The link proves the address; the session opened acts for the account.
 * Everything happens in one transaction, so a wrong password leaves the link usable.
 */
export async function acceptInvitation(
  deps: Pick<Deps, "db" | "clock" | "config">,
  input: AcceptInput,
): Promise<NewSession & { customerId: string }> {
  const view = await describeInvitation(deps, input.token);
  const existing = await findUserByEmail(deps.db, view.email);
  if (existing?.staff_role) throw accountErrors.staffLogin();
  if (!existing) assertNewPassword(input.password, { email: view.email, name: input.name ?? null });
  if (
    existing &&
    (existing.disabled_at || !(await verifyPassword(existing.password_hash, input.password)))
  )
    throw accountErrors.invitationPassword();
  const newHash = existing ? null : await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const purpose = view.kind === "contact" ? "contact_invitation" : "manager_invitation";
    const used = await useLinkToken(tx, now, purpose, input.token);
    if (!used?.subjectId) throw accountErrors.invitationInvalid();
    const userId =
      existing?.id ??
      (await addLogin(tx, deps, {
        email: view.email,
        name: input.name?.trim() || view.email,
        passwordHash: newHash,
        language: input.language ?? "hu",
        staffRole: null,
      }));
    let customerId: string;
    if (view.kind === "contact") {
      const c = await findContactById(tx, used.subjectId);
      if (!c || c.user_id) throw accountErrors.invitationInvalid();
      if (await contactOfUser(tx, c.customer_id, userId)) throw accountErrors.alreadyLinked();
      await updateContact(tx, c.id, {
        userId,
        ...(input.name?.trim() && !existing ? { name: input.name.trim() } : {}),
        now,
      });
      customerId = c.customer_id;
    } else {
      const m = await findManagerAccessById(tx, used.subjectId);
      if (!m || m.status !== "invited") throw accountErrors.invitationInvalid();
      const live = await liveManagerAccess(tx, m.customer_id, { userId });
      if (live && live.id !== m.id) throw accountErrors.alreadyLinked();
      const ok = await updateManagerAccess(tx, m.id, ["invited"], {
        status: "active",
        managerUserId: userId,
        acceptedAt: now,
        now,
      });
      if (!ok) throw accountErrors.invitationInvalid();
      customerId = m.customer_id;
    }
    await writeAudit(
      tx,
      deps.clock,
      {
        type: "user",
        userId,
        requestId: input.requestId,
        ip: input.ip ?? undefined,
        via: view.kind === "contact" ? "contact" : "manager",
      },
      {
        action: view.kind === "contact" ? "contact.accepted" : "manager.accepted",
        subjectType: view.kind === "contact" ? "contact" : "manager_access",
        subjectId: used.subjectId,
        customerId,
        data: { email: view.email, newLogin: !existing },
      },
    );
    const session = await openSession(
      tx,
      deps,
      { id: userId, staffRole: null },
      { previousToken: input.previousToken, ip: input.ip, userAgent: input.userAgent },
      customerId,
    );
    return { ...session, customerId };
  });
}
