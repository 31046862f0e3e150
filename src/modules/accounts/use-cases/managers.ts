import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Db } from "../../../platform/db/index.ts";
import { normalisePermissions } from "../../../platform/http/permissions.ts";
import { newId } from "../../../platform/ids.ts";
import {
  discardLinkTokens,
  findUserById,
  issueLinkToken,
  setSessionCustomer,
} from "../../auth/index.ts";
import { queueMail } from "../../notifications/index.ts";
import { accountErrors } from "../errors.ts";
import { managerEndedMail, managerInvitationMail, managerRequestMail } from "../mails.ts";
import {
  accountManagers,
  accountsOfUser,
  customerBrief,
  customerByCodeAndOwner,
  findManagerAccess,
  insertManagerAccess,
  liveManagerAccess,
  lockCustomer,
  ownerContacts,
  updateManagerAccess,
  type ManagerRow,
} from "../repo-access.ts";
import { INVITATION_DAYS } from "./contacts.ts";

type ManagerDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

export function listAccountManagers(db: Db, customerId: string): Promise<ManagerRow[]> {
  return accountManagers(db, customerId);
}

const lang = (l: string | null | undefined): "hu" | "en" => (l === "en" ? "en" : "hu");

/**
 * The owner gives an address (an agency's) manager access: an invitation mailed there; the
 * access starts when a login with that address accepts it.
 */
export async function inviteManager(
  deps: ManagerDeps,
  customerId: string,
  input: { email: string; permissions: string[]; language?: "hu" | "en" | undefined },
  actor: Actor & { type: "user" },
  inviterName: string,
): Promise<{ id: string }> {
  const permissions = normalisePermissions(input.permissions);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const account = await lockCustomer(tx, customerId);
    if (!account) throw accountErrors.accountNotFound();
    if (await liveManagerAccess(tx, customerId, { email: input.email }))
      throw accountErrors.managerExists();
    const id = newId("mga", now.getTime());
    await insertManagerAccess(tx, {
      id,
      customerId,
      managerUserId: null,
      email: input.email,
      permissions,
      status: "invited",
      createdBy: actor.userId,
      now,
    });
    const { token } = await issueLinkToken(tx, deps, {
      purpose: "manager_invitation",
      subjectId: id,
      hours: INVITATION_DAYS * 24,
    });
    const language = input.language ?? lang(account.language);
    await queueMail(tx, deps, {
      type: "accounts.manager_invitation",
      language,
      to: input.email,
      customerId,
      ...managerInvitationMail(language, {
        account: account.name,
        inviter: inviterName,
        link: `${deps.config.baseUrl}/invitation?token=${token}`,
        permissions,
        days: INVITATION_DAYS,
      }),
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "manager.invited",
      subjectType: "manager_access",
      subjectId: id,
      customerId,
      data: { email: input.email, permissions },
    });
    return { id };
  });
}

async function mailManager(
  tx: Db,
  deps: ManagerDeps,
  m: ManagerRow,
  account: { id: string; name: string },
  approved: boolean,
) {
  if (!m.manager_user_id) return;
  const user = await findUserById(tx, m.manager_user_id);
  if (!user) return;
  const l = lang(user.language);
  await queueMail(tx, deps, {
    type: approved ? "accounts.manager_approved" : "accounts.manager_ended",
    language: l,
    to: user.email,
    userId: user.id,
    ...managerEndedMail(l, { account: account.name, approved }),
  });
}

/** The owner approves an agency's request (optionally with other scopes) or declines it. */
export async function decideManagerRequest(
  deps: ManagerDeps,
  customerId: string,
  id: string,
  decision: { approve: boolean; permissions?: string[] | undefined },
  actor: Actor & { type: "user" },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const account = await lockCustomer(tx, customerId);
    if (!account) throw accountErrors.accountNotFound();
    const m = await findManagerAccess(tx, customerId, id);
    if (!m) throw accountErrors.managerNotFound();
    if (m.manager_user_id === actor.userId) throw accountErrors.ownAccess();
    const permissions = decision.permissions
      ? normalisePermissions(decision.permissions)
      : m.permissions;
    const ok = await updateManagerAccess(
      tx,
      id,
      ["requested"],
      decision.approve
        ? { status: "active", permissions, acceptedAt: now, now }
        : { status: "declined", endedAt: now, endedBy: actor.userId, now },
    );
    if (!ok) throw accountErrors.managerState(m.status);
    await mailManager(tx, deps, m, account, decision.approve);
    await writeAudit(tx, deps.clock, actor, {
      action: decision.approve ? "manager.approved" : "manager.declined",
      subjectType: "manager_access",
      subjectId: id,
      customerId,
      data: { email: m.email, permissions },
    });
  });
}

/** The owner changes what a manager may do; effective from the manager's next request. */
export async function changeManagerPermissions(
  deps: ManagerDeps,
  customerId: string,
  id: string,
  input: { permissions: string[] },
  actor: Actor & { type: "user" },
): Promise<void> {
  const permissions = normalisePermissions(input.permissions);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) throw accountErrors.accountNotFound();
    const m = await findManagerAccess(tx, customerId, id);
    if (!m) throw accountErrors.managerNotFound();
    if (m.manager_user_id === actor.userId) throw accountErrors.ownAccess();
    const ok = await updateManagerAccess(tx, id, ["invited", "requested", "active"], {
      permissions,
      now,
    });
    if (!ok) throw accountErrors.managerState(m.status);
    await writeAudit(tx, deps.clock, actor, {
      action: "manager.changed",
      subjectType: "manager_access",
      subjectId: id,
      customerId,
      data: { email: m.email, permissions: { from: m.permissions, to: permissions } },
    });
  });
}

/**
 * Ends a manager access (an invitation withdrawn, a request declined, an access revoked). It
 * takes effect on the manager's next request: sessions read the access on every request.
 * The owner ends any; a manager may end its own (leaving the account).
 */
export async function endManagerAccess(
  deps: ManagerDeps,
  customerId: string,
  id: string,
  actor: Actor & { type: "user" },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const account = await lockCustomer(tx, customerId);
    if (!account) throw accountErrors.accountNotFound();
    const m = await findManagerAccess(tx, customerId, id);
    if (!m) throw accountErrors.managerNotFound();
    const status = m.status === "requested" ? "declined" : "revoked";
    const ok = await updateManagerAccess(tx, id, ["invited", "requested", "active"], {
      status,
      endedAt: now,
      endedBy: actor.userId,
      now,
    });
    if (!ok) throw accountErrors.managerState(m.status);
    await discardLinkTokens(tx, "manager_invitation", id);
    if (m.manager_user_id !== actor.userId) await mailManager(tx, deps, m, account, false);
    await writeAudit(tx, deps.clock, actor, {
      action: m.manager_user_id === actor.userId ? "manager.left" : "manager.revoked",
      subjectType: "manager_access",
      subjectId: id,
      customerId,
      data: { email: m.email, was: m.status },
    });
  });
}

/** A manager gives up its own access to an account; not managing it is a 404. */
export async function leaveManagedAccount(
  deps: ManagerDeps,
  customerId: string,
  actor: Actor & { type: "user" },
): Promise<void> {
  const live = await liveManagerAccess(deps.db, customerId, { userId: actor.userId });
  if (!live) throw accountErrors.accountNotFound();
  await endManagerAccess(deps, customerId, live.id, actor);
}

/**
 * An agency asks for manager access to an account it knows by its customer code and the
 * e-mail address of an owner. The answer is the same whether or not they match (no probing
 * for accounts); when they do, the owners get a mail to approve or decline.
 */
export async function requestManagerAccess(
  deps: ManagerDeps,
  user: { userId: string; email: string; name: string; staffRole: string | null },
  input: { customerCode: string; ownerEmail: string; permissions: string[] },
  actor: Actor & { type: "user" },
): Promise<void> {
  if (user.staffRole) throw accountErrors.notForStaff();
  const permissions = normalisePermissions(input.permissions);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const found = await customerByCodeAndOwner(tx, input.customerCode, input.ownerEmail);
    if (!found) return;
    if (!(await lockCustomer(tx, found.id))) return;
    if (await liveManagerAccess(tx, found.id, { email: user.email, userId: user.userId })) return;
    const mine = await accountsOfUser(tx, user.userId);
    if (mine.some((a) => a.id === found.id)) return;
    const id = newId("mga", now.getTime());
    await insertManagerAccess(tx, {
      id,
      customerId: found.id,
      managerUserId: user.userId,
      email: user.email,
      permissions,
      status: "requested",
      createdBy: user.userId,
      now,
    });
    for (const owner of await ownerContacts(tx, found.id)) {
      const l = lang(owner.language);
      await queueMail(tx, deps, {
        type: "accounts.manager_request",
        language: l,
        to: owner.email,
        customerId: found.id,
        ...managerRequestMail(l, {
          name: owner.name,
          account: found.name,
          manager: user.name,
          managerEmail: user.email,
          link: `${deps.config.baseUrl}/profile/managers`,
        }),
      });
    }
    await writeAudit(tx, deps.clock, actor, {
      action: "manager.requested",
      subjectType: "manager_access",
      subjectId: id,
      customerId: found.id,
      data: { email: user.email, permissions },
    });
  });
}

/** The accounts a login reaches, for the account switcher. */
export function listMyAccounts(db: Db, userId: string) {
  return accountsOfUser(db, userId);
}

/** Switches the session to another account the login reaches; someone else's is a 404. */
export async function switchAccount(
  deps: Pick<Deps, "db">,
  p: { sessionId: string; userId: string; staffRole: string | null },
  customerId: string,
): Promise<void> {
  // Staff reach no account by switching (they act as a customer from the back office).
  if (p.staffRole) throw accountErrors.accountNotFound();
  const mine = await accountsOfUser(deps.db, p.userId);
  if (!mine.some((a) => a.id === customerId)) throw accountErrors.accountNotFound();
  await setSessionCustomer(deps.db, p.sessionId, customerId);
}

/** Staff start acting as a customer (support): audited; the UI shows a banner. */
export async function startActingAs(
  deps: Pick<Deps, "db" | "clock">,
  p: { sessionId: string },
  customerId: string,
  actor: Actor,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    if (!(await customerBrief(tx, customerId))) throw accountErrors.accountNotFound();
    await setSessionCustomer(tx, p.sessionId, customerId);
    await writeAudit(tx, deps.clock, actor, {
      action: "staff.acting_started",
      subjectType: "customer",
      subjectId: customerId,
      customerId,
    });
  });
}

export async function stopActingAs(
  deps: Pick<Deps, "db" | "clock">,
  p: { sessionId: string; customerId: string | null },
  actor: Actor,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await setSessionCustomer(tx, p.sessionId, null);
    if (p.customerId)
      await writeAudit(tx, deps.clock, actor, {
        action: "staff.acting_ended",
        subjectType: "customer",
        subjectId: p.customerId,
        customerId: p.customerId,
      });
  });
}
