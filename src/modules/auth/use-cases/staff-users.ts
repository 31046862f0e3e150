import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { AppError, errors } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { queueMail } from "../../notifications/index.ts";
import { staffInvitationMail } from "../mails.ts";
import { deleteSessionsOfUser } from "../repo.ts";
import {
  countKnownDepartments,
  deleteDepartment,
  departmentNameTaken,
  findDepartment,
  findStaffUser,
  insertDepartment,
  listDepartments,
  listStaffUsers,
  lockActiveAdmins,
  setStaffDepartments,
  updateDepartment,
  updateStaffUser,
} from "../repo-staff.ts";
import { createStaffUser, type StaffRole } from "./staff-setup.ts";

type StaffDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

export const staffErrors = {
  notFound: () => new AppError("staff.not_found", 404, "No such staff member."),
  lastAdmin: () =>
    new AppError(
      "staff.last_admin",
      409,
      "Kapu needs at least one active administrator: make someone else an administrator first.",
    ),
  departmentNotFound: () => new AppError("staff.department_not_found", 404, "No such department."),
  departmentExists: () =>
    new AppError("staff.department_exists", 409, "A department with this name exists already."),
};

export { listStaffUsers, listDepartments };

async function checkDepartments(deps: StaffDeps, ids: readonly string[] | undefined) {
  if (!ids || ids.length === 0) return;
  const unique = [...new Set(ids)];
  if ((await countKnownDepartments(deps.db, unique)) !== unique.length)
    throw errors.validation([{ path: "body.departmentIds", message: "unknown department" }]);
}

/**
 * An administrator adds a staff member: the login gets a one-time link by e-mail to choose
 * its password (and must enrol two-factor at its first login).
 */
export async function inviteStaffUser(
  deps: StaffDeps,
  input: {
    email: string;
    name: string;
    role: StaffRole;
    language: "hu" | "en";
    departmentIds?: string[] | undefined;
  },
  actor: Actor,
): Promise<{ id: string }> {
  await checkDepartments(deps, input.departmentIds);
  const created = await createStaffUser(deps, input, actor, async (tx, { userId, link }) => {
    await setStaffDepartments(tx, userId, [...new Set(input.departmentIds ?? [])]);
    if (link)
      await queueMail(tx, deps, {
        type: "auth.staff_invitation",
        language: input.language,
        to: input.email,
        userId,
        ...staffInvitationMail(input.language, { name: input.name, link }),
      });
  });
  return { id: created.userId };
}

/**
 * Changes a staff member's name, role, departments or disables it (its sessions end at once).
 * The last active administrator stays one.
 */
export async function changeStaffUser(
  deps: StaffDeps,
  id: string,
  input: {
    name?: string | undefined;
    role?: StaffRole | undefined;
    departmentIds?: string[] | undefined;
    disabled?: boolean | undefined;
  },
  actor: Actor,
): Promise<void> {
  await checkDepartments(deps, input.departmentIds);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const user = await findStaffUser(tx, id);
    if (!user) throw staffErrors.notFound();
    const staysAdmin =
      (input.role ?? user.staff_role) === "admin" &&
      (input.disabled ?? user.disabled_at !== null) === false;
    if (admins.includes(id) && !staysAdmin && admins.length === 1) throw staffErrors.lastAdmin();
    const disabledAt =
      input.disabled === undefined ? undefined : input.disabled ? (user.disabled_at ?? now) : null;
    await updateStaffUser(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(disabledAt !== undefined ? { disabledAt } : {}),
      now,
    });
    if (input.departmentIds) await setStaffDepartments(tx, id, [...new Set(input.departmentIds)]);
    const sessionsClosed = input.disabled ? await deleteSessionsOfUser(tx, id) : 0;
    await writeAudit(tx, deps.clock, actor, {
      action: "staff.changed",
      subjectType: "user",
      subjectId: id,
      data: {
        ...(input.role && input.role !== user.staff_role
          ? { role: { from: user.staff_role, to: input.role } }
          : {}),
        ...(input.name !== undefined && input.name !== user.name ? { name: input.name } : {}),
        ...(input.departmentIds ? { departmentIds: input.departmentIds } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled, sessionsClosed } : {}),
      },
    });
  });
}

export async function saveDepartment(
  deps: StaffDeps,
  id: string | null,
  input: { name: string; email?: string | null | undefined },
  actor: Actor,
): Promise<{ id: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (id && !(await findDepartment(tx, id))) throw staffErrors.departmentNotFound();
    if (await departmentNameTaken(tx, input.name, id ?? undefined))
      throw staffErrors.departmentExists();
    const depId = id ?? newId("dep", now.getTime());
    if (id) await updateDepartment(tx, id, { name: input.name, email: input.email ?? null, now });
    else
      await insertDepartment(tx, { id: depId, name: input.name, email: input.email ?? null, now });
    await writeAudit(tx, deps.clock, actor, {
      action: id ? "department.changed" : "department.created",
      subjectType: "department",
      subjectId: depId,
      data: { name: input.name, email: input.email ?? null },
    });
    return { id: depId };
  });
}

export async function removeDepartment(deps: StaffDeps, id: string, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const d = await findDepartment(tx, id);
    if (!d) throw staffErrors.departmentNotFound();
    await deleteDepartment(tx, id);
    await writeAudit(tx, deps.clock, actor, {
      action: "department.removed",
      subjectType: "department",
      subjectId: id,
      data: { name: d.name },
    });
  });
}
