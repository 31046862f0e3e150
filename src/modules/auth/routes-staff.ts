import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { STAFF_ROLES } from "../../platform/http/permissions.ts";
import { actorOf, idParam, problems, zodApp } from "../../platform/http/routing.ts";
import {
  changeStaffUser,
  inviteStaffUser,
  listDepartments,
  listStaffUsers,
  removeDepartment,
  saveDepartment,
} from "./use-cases/staff-users.ts";

const role = z.enum(STAFF_ROLES);
const name = z.string().trim().min(1).max(200);
const departmentIds = z.array(z.string().min(1).max(64)).max(50);

const staffUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    language: z.string(),
    departmentIds: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "StaffUser" });

const department = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    members: z.number().int(),
  })
  .meta({ id: "Department" });

const departmentInput = z.object({ name, email: z.email().max(320).nullable().optional() });

/** Staff members (roles, departments) and departments: administrators only. */
export function registerStaffUserRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  const admin = { access: "staff", permission: "admin" } as const;

  r.get(
    "/api/staff/users",
    {
      config: admin,
      schema: {
        tags: ["staff"],
        summary: "Staff members with their roles and departments",
        response: { 200: z.object({ items: z.array(staffUser) }), ...problems(401, 403) },
      },
    },
    async () => {
      const rows = await listStaffUsers(deps.db);
      return {
        items: rows.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          role: role.parse(u.staff_role),
          language: u.language,
          departmentIds: u.departmentIds,
          disabled: u.disabled_at !== null,
          createdAt: u.created_at.toISOString(),
          lastSeenAt: u.last_seen_at ? new Date(u.last_seen_at).toISOString() : null,
        })),
      };
    },
  );

  r.post(
    "/api/staff/users",
    {
      config: { ...admin, rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags: ["staff"],
        summary: "Add a staff member; a link to choose the password is mailed",
        body: z.object({
          email: z.email().max(320),
          name,
          role,
          language: z.enum(["hu", "en"]),
          departmentIds: departmentIds.optional(),
        }),
        response: { 201: z.object({ id: z.string() }), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await inviteStaffUser(deps, request.body, actorOf(request))),
  );

  r.put(
    "/api/staff/users/:id",
    {
      config: admin,
      schema: {
        tags: ["staff"],
        summary: "Change a staff member's name, role or departments, or disable the login",
        description: "Disabling ends the member's sessions at once. The last active admin stays.",
        params: idParam("usr"),
        body: z.object({
          name: name.optional(),
          role: role.optional(),
          departmentIds: departmentIds.optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await changeStaffUser(deps, request.params.id, request.body, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    "/api/staff/departments",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Departments (support routing)",
        response: { 200: z.object({ items: z.array(department) }), ...problems(401, 403) },
      },
    },
    async () => ({
      items: (await listDepartments(deps.db)).map((d) => ({
        id: d.id,
        name: d.name,
        email: d.email,
        members: Number(d.members ?? 0),
      })),
    }),
  );

  r.post(
    "/api/staff/departments",
    {
      config: admin,
      schema: {
        tags: ["staff"],
        summary: "Add a department",
        body: departmentInput,
        response: { 201: z.object({ id: z.string() }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await saveDepartment(deps, null, request.body, actorOf(request))),
  );

  r.put(
    "/api/staff/departments/:id",
    {
      config: admin,
      schema: {
        tags: ["staff"],
        summary: "Rename a department or change its address",
        params: idParam("dep"),
        body: departmentInput,
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await saveDepartment(deps, request.params.id, request.body, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  r.delete(
    "/api/staff/departments/:id",
    {
      config: admin,
      schema: {
        tags: ["staff"],
        summary: "Remove a department (its members stay staff)",
        params: idParam("dep"),
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeDepartment(deps, request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
}
