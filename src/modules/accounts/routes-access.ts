import { z } from "zod";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../../platform/context.ts";
import {
  actorOf,
  idParam,
  problems,
  requireCustomer,
  requirePrincipal,
  zodApp,
} from "../../platform/http/routing.ts";
import { CUSTOMER_PERMISSIONS } from "../../platform/http/permissions.ts";
import {
  MAX_PASSWORD_LENGTH,
  sessionBody,
  sessionBodyOf,
  setSessionCookie,
  SESSION_COOKIE,
} from "../auth/index.ts";
import { createClientAccount } from "./use-cases/clients.ts";
import {
  addContact,
  changeContact,
  contactStatus,
  listAccountContacts,
  reinviteContact,
  removeContact,
} from "./use-cases/contacts.ts";
import { acceptInvitation, describeInvitation } from "./use-cases/invitations.ts";
import {
  changeManagerPermissions,
  decideManagerRequest,
  endManagerAccess,
  inviteManager,
  leaveManagedAccount,
  listAccountManagers,
  listMyAccounts,
  requestManagerAccess,
  startActingAs,
  stopActingAs,
  switchAccount,
} from "./use-cases/managers.ts";

const permission = z.enum(CUSTOMER_PERMISSIONS);
const permissions = z
  .array(permission)
  .min(1, "choose at least one permission")
  .max(CUSTOMER_PERMISSIONS.length);
const email = z.email().max(320);
const name = z.string().trim().min(1).max(200);
const phone = z.string().trim().max(40).nullable();
const language = z.enum(["hu", "en"]);

const contactBody = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    isPrimary: z.boolean(),
    permissions: z.array(z.string()),
    status: z
      .enum(["active", "invited", "no_login"])
      .describe("active: has a login; invited: an invitation is out; no_login: receives mail only"),
    invitedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "AccountContact" });

const managerBody = z
  .object({
    id: z.string(),
    email: z.string(),
    managerName: z.string().nullable(),
    permissions: z.array(z.string()),
    status: z.enum(["invited", "requested", "active", "revoked", "declined"]),
    requestedByManager: z.boolean(),
    createdAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ManagerAccess" });

const accountBody = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    via: z.enum(["contact", "manager"]),
    permissions: z.array(z.string()),
    current: z.boolean(),
  })
  .meta({ id: "MyAccount" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerAccessRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);
  const userActor = (request: FastifyRequest) => {
    const a = actorOf(request);
    if (a.type !== "user") throw new Error("unreachable");
    return a;
  };
  const client = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? null,
    previousToken: request.cookies[SESSION_COOKIE],
    requestId: request.id,
  });
  const strict = (max: number) => ({ rateLimit: { max, timeWindow: "1 minute" } });

  // --- the account's contacts (owners) ---
  r.get(
    "/api/me/contacts",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "The account's contacts, with their permissions and login state",
        response: { 200: z.object({ items: z.array(contactBody) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listAccountContacts(deps.db, customerId);
      return {
        items: rows.map((c) => ({
          id: c.id,
          name: c.name,
          email: c.email,
          phone: c.phone,
          isPrimary: c.is_primary,
          permissions: c.permissions,
          status: contactStatus(c),
          invitedAt: iso(c.invited_at),
        })),
      };
    },
  );

  r.post(
    "/api/me/contacts",
    {
      config: { access: "customer", permission: "owner", ...strict(20) },
      schema: {
        tags: ["customer"],
        summary: "Add a contact; by default it is invited by e-mail to create its login",
        body: z.object({
          name,
          email,
          phone: phone.optional(),
          permissions,
          invite: z.boolean().optional().describe("Send an invitation (default true)"),
          language: language
            .optional()
            .describe("The invitation's language; default: the account's"),
        }),
        response: { 201: z.object({ id: z.string() }), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { customerId, principal } = requireCustomer(request);
      const created = await addContact(
        deps,
        customerId,
        request.body,
        actorOf(request),
        principal.name,
      );
      return reply.status(201).send(created);
    },
  );

  r.put(
    "/api/me/contacts/:id",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "Change a contact's name, phone or permissions",
        params: idParam("con"),
        body: z.object({
          name: name.optional(),
          phone: phone.optional(),
          permissions: permissions.optional(),
        }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await changeContact(deps, customerId, request.params.id, request.body, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  r.delete(
    "/api/me/contacts/:id",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "Remove a contact; its login can no longer reach the account",
        params: idParam("con"),
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await removeContact(deps, customerId, request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    "/api/me/contacts/:id/invitation",
    {
      config: { access: "customer", permission: "owner", ...strict(10) },
      schema: {
        tags: ["customer"],
        summary: "Send a contact without a login a new invitation",
        params: idParam("con"),
        response: { 204: z.null(), ...problems(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { customerId, principal } = requireCustomer(request);
      await reinviteContact(deps, customerId, request.params.id, actorOf(request), principal.name);
      return reply.status(204).send(null);
    },
  );

  // --- manager access (agencies), decided by the account's own owners ---
  r.get(
    "/api/me/managers",
    {
      config: { access: "customer", permission: "owner" },
      schema: {
        tags: ["customer"],
        summary: "Who manages the account (agencies), with invitations, requests and history",
        response: { 200: z.object({ items: z.array(managerBody) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      const rows = await listAccountManagers(deps.db, customerId);
      return {
        items: rows.map((m) => ({
          id: m.id,
          email: m.email,
          managerName: m.manager_name,
          permissions: m.permissions,
          status: m.status,
          requestedByManager: m.created_by !== null && m.created_by === m.manager_user_id,
          createdAt: m.created_at.toISOString(),
          acceptedAt: iso(m.accepted_at),
          endedAt: iso(m.ended_at),
        })),
      };
    },
  );

  const ownersOnly = { access: "customer", permission: "owner", notForManagers: true } as const;

  r.post(
    "/api/me/managers",
    {
      config: { ...ownersOnly, ...strict(10) },
      schema: {
        tags: ["customer"],
        summary: "Give an address (an agency's) manager access: an invitation is mailed there",
        body: z.object({ email, permissions, language: language.optional() }),
        response: { 201: z.object({ id: z.string() }), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { customerId, principal } = requireCustomer(request);
      const created = await inviteManager(
        deps,
        customerId,
        request.body,
        userActor(request),
        principal.name,
      );
      return reply.status(201).send(created);
    },
  );

  r.put(
    "/api/me/managers/:id",
    {
      config: ownersOnly,
      schema: {
        tags: ["customer"],
        summary: "Change what a manager may do (from its next request)",
        params: idParam("mga"),
        body: z.object({ permissions }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await changeManagerPermissions(
        deps,
        customerId,
        request.params.id,
        request.body,
        userActor(request),
      );
      return reply.status(204).send(null);
    },
  );

  for (const decision of ["approve", "decline"] as const) {
    r.post(
      `/api/me/managers/:id/${decision}`,
      {
        config: ownersOnly,
        schema: {
          tags: ["customer"],
          summary:
            decision === "approve"
              ? "Approve an agency's request for manager access (optionally with other permissions)"
              : "Decline an agency's request for manager access",
          params: idParam("mga"),
          body: z.object({ permissions: permissions.optional() }).optional(),
          response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { customerId } = requireCustomer(request);
        await decideManagerRequest(
          deps,
          customerId,
          request.params.id,
          { approve: decision === "approve", permissions: request.body?.permissions },
          userActor(request),
        );
        return reply.status(204).send(null);
      },
    );
  }

  r.delete(
    "/api/me/managers/:id",
    {
      config: ownersOnly,
      schema: {
        tags: ["customer"],
        summary: "End a manager access (or withdraw its invitation); effective on its next request",
        params: idParam("mga"),
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await endManagerAccess(deps, customerId, request.params.id, userActor(request));
      return reply.status(204).send(null);
    },
  );

  // --- the login's accounts: switching, agencies ---
  r.get(
    "/api/me/accounts",
    {
      config: { access: "user" },
      schema: {
        tags: ["customer"],
        summary: "The customer accounts this login reaches (as a contact or a manager)",
        response: { 200: z.object({ items: z.array(accountBody) }), ...problems(401) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      if (p.staffRole) return { items: [] };
      const rows = await listMyAccounts(deps.db, p.userId);
      return {
        items: rows.map((a) => ({
          id: a.id,
          code: a.code,
          name: a.name,
          via: a.via,
          permissions: a.permissions,
          current: a.id === p.customerId,
        })),
      };
    },
  );

  r.post(
    "/api/me/accounts/:id/switch",
    {
      config: { access: "user" },
      schema: {
        tags: ["customer"],
        summary: "Act for another account this login reaches",
        params: idParam("cus"),
        response: { 200: sessionBody, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      await switchAccount(deps, p, request.params.id);
      return sessionBodyOf(deps, { token: request.cookies[SESSION_COOKIE] ?? "" });
    },
  );

  r.delete(
    "/api/me/accounts/:id/manager-access",
    {
      config: { access: "user" },
      schema: {
        tags: ["customer"],
        summary: "A manager gives up its access to an account",
        params: idParam("cus"),
        response: { 204: z.null(), ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      await leaveManagedAccount(deps, request.params.id, userActor(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    "/api/me/manager-requests",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["customer"],
        summary: "Ask for manager access to an account (its customer code and an owner's e-mail)",
        description:
          "Always 202: whether the code and the address match is not told. When they do, the account's owners are asked by e-mail and decide in the portal.",
        body: z.object({
          customerCode: z.string().trim().min(2).max(20),
          ownerEmail: email,
          permissions,
        }),
        response: { 202: z.object({}), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      await requestManagerAccess(deps, p, request.body, userActor(request));
      return reply.status(202).send({});
    },
  );

  r.post(
    "/api/me/clients",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["customer"],
        summary: "An agency opens an account for its client and manages it",
        description:
          "The client's own address becomes the owner (invited to set a password); the caller's login manages the account with full access, and the session switches to it.",
        body: z.object({
          kind: z.enum(["company", "person"]),
          name,
          legalName: name.optional(),
          country: z.string().regex(/^[A-Za-z]{2}$/, "a two-letter country code"),
          postalCode: z.string().trim().max(20).optional(),
          city: z.string().trim().max(100).optional(),
          addressLine: z.string().trim().max(200).optional(),
          taxNumber: z.string().trim().max(30).nullable().optional(),
          euVatNumber: z.string().trim().max(30).nullable().optional(),
          language,
          currency: z.enum(["HUF", "EUR"]),
          owner: z.object({ name, email, phone: phone.optional() }),
        }),
        response: {
          201: z.object({ customerId: z.string(), code: z.string() }),
          ...problems(400, 401, 403, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const created = await createClientAccount(deps, p, request.body, userActor(request));
      return reply.status(201).send(created);
    },
  );

  // --- invitations (contacts, managers): the link proves the address ---
  r.post(
    "/api/invitations/lookup",
    {
      config: { access: "public", ...strict(20) },
      schema: {
        tags: ["auth"],
        summary: "What an invitation link is for",
        body: z.object({ token: z.string().min(20).max(200) }),
        response: {
          200: z.object({
            kind: z.enum(["contact", "manager"]),
            accountName: z.string(),
            email: z.string(),
            permissions: z.array(z.string()),
            hasLogin: z.boolean(),
          }),
          ...problems(400, 429),
        },
      },
    },
    async (request) => describeInvitation(deps, request.body.token),
  );

  r.post(
    "/api/invitations/accept",
    {
      config: { access: "public", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Accept an invitation: with the existing login's password, or creating the login",
        body: z.object({
          token: z.string().min(20).max(200),
          password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
          name: name.optional(),
          language: language.optional(),
        }),
        response: { 200: sessionBody, ...problems(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(deps, {
        ...request.body,
        ...client(request),
      });
      setSessionCookie(reply, deps, session);
      return sessionBodyOf(deps, session);
    },
  );

  // --- staff acting as a customer ---
  r.post(
    "/api/staff/customers/:id/act-as",
    {
      config: { access: "staff", permission: "support" },
      schema: {
        tags: ["staff"],
        summary: "Act as the customer in the portal (support); audited, shown with a banner",
        params: idParam("cus"),
        response: { 200: sessionBody, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      await startActingAs(deps, p, request.params.id, actorOf(request));
      return sessionBodyOf(deps, { token: request.cookies[SESSION_COOKIE] ?? "" });
    },
  );

  r.delete(
    "/api/staff/act-as",
    {
      config: { access: "staff" },
      schema: {
        tags: ["staff"],
        summary: "Stop acting as a customer",
        response: { 204: z.null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      await stopActingAs(deps, p, actorOf(request));
      return reply.status(204).send(null);
    },
  );
}
