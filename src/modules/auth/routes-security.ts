import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/context.ts";
import {
  actorOf,
  idParam,
  problems,
  requirePrincipal,
  zodApp,
} from "../../platform/http/routing.ts";
import { MAX_PASSWORD_LENGTH } from "./passwords.ts";
import { SESSION_COOKIE, sessionBody, sessionBodyOf, setSessionCookie } from "./routes.ts";
import { recoveryCode, totpCode } from "./schemas-security.ts";
import { confirmEmailChange, requestEmailChange } from "./use-cases/email-change.ts";
import { endMyOtherSessions, endMySession, listMySessions } from "./use-cases/session-list.ts";
import {
  completeTwoFactorLogin,
  confirmTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from "./use-cases/two-factor.ts";

/** Strict limits for the doors attackers knock on; the key is the client address. */
const strict = (max: number) => ({ rateLimit: { max, timeWindow: "1 minute" } });

const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

/** Proof for a sensitive change: the password or a current code, one of them. */
const reauth = z
  .object({
    password: password.optional(),
    code: totpCode.optional(),
  })
  .refine((b) => (b.password === undefined) !== (b.code === undefined), {
    message: "give the password or a current code (one of them)",
  });

const recoveryCodesBody = z.object({
  recoveryCodes: z
    .array(z.string())
    .describe("10 single-use codes, shown this once: only their hashes are kept"),
});

const sessionItem = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    device: z
      .string()
      .describe('Browser and system from the User-Agent, e.g. "Firefox on Windows"'),
    current: z.boolean().describe("The session this request came with"),
  })
  .meta({ id: "SessionSummary" });

/**
 * Account security: the second step of a two-factor login, two-factor enrolment, the session
 * list and e-mail change. Registered beside the auth routes (src/app.ts).
 */
export function registerSecurityRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  r.post(
    "/api/auth/login/two-factor",
    {
      config: { access: "public", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Second step of a two-factor login: the challenge and a code open the session",
        description:
          "Send `code` (from the authenticator app) or `recoveryCode` (single use). A used code is refused. " +
          "A wrong code is 401 auth.two_factor_code_invalid; after 5 wrong codes, or after 5 minutes, the challenge " +
          "is dead (401 auth.two_factor_challenge_invalid) and the login starts again with the password. " +
          "After 10 wrong codes for one user within 15 minutes the step answers 429 auth.two_factor_throttled " +
          "(Retry-After) and the user is mailed.",
        body: z
          .object({
            challenge: z.string().min(20).max(200),
            code: totpCode.optional(),
            recoveryCode: recoveryCode.optional(),
          })
          .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
            message: "give code or recoveryCode (one of them)",
          }),
        response: { 200: sessionBody, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const session = await completeTwoFactorLogin(deps, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        previousToken: request.cookies[SESSION_COOKIE],
        requestId: request.id,
      });
      setSessionCookie(reply, deps, session);
      return sessionBodyOf(deps, session);
    },
  );

  r.get(
    "/api/auth/two-factor",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "Whether two-factor login is on, and whether it is required",
        response: {
          200: z.object({
            enabled: z.boolean(),
            enabledAt: z.iso.datetime().nullable(),
            required: z.boolean().describe("Staff must have it on (STAFF_TWO_FACTOR)"),
            recoveryCodesLeft: z.number().int(),
          }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const s = await twoFactorStatus(deps, requirePrincipal(request).userId);
      return { ...s, enabledAt: s.enabledAt ? new Date(s.enabledAt).toISOString() : null };
    },
  );

  r.post(
    "/api/auth/two-factor/setup",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Start two-factor enrolment: a new secret, its otpauth URI and QR code",
        description:
          "The secret stays pending until POST /api/auth/two-factor/confirm accepts a code from it; it is never " +
          "returned again. With two-factor already on (a new phone), `password` or a current `code` is needed, " +
          "and the old secret keeps working until the new one is confirmed.",
        body: z.object({ password: password.optional(), code: totpCode.optional() }),
        response: {
          200: z.object({
            secret: z.string().describe("Base32, for typing into the app by hand"),
            otpauthUri: z.string(),
            qrCode: z.string().describe("The otpauth URI as a QR code: an SVG data: URL"),
          }),
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request) =>
      startTwoFactorSetup(
        deps,
        { userId: requirePrincipal(request).userId, ...request.body },
        actorOf(request),
      ),
  );

  r.post(
    "/api/auth/two-factor/confirm",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Turn two-factor on with a code from the new secret; returns recovery codes",
        body: z.object({ code: totpCode }),
        response: { 200: recoveryCodesBody, ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request) =>
      confirmTwoFactor(
        deps,
        { userId: requirePrincipal(request).userId, code: request.body.code },
        actorOf(request),
      ),
  );

  r.post(
    "/api/auth/two-factor/recovery-codes",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Replace the recovery codes (with a current code); the old ones stop working",
        body: z.object({ code: totpCode }),
        response: { 200: recoveryCodesBody, ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request) =>
      regenerateRecoveryCodes(
        deps,
        { userId: requirePrincipal(request).userId, code: request.body.code },
        actorOf(request),
      ),
  );

  r.delete(
    "/api/auth/two-factor",
    {
      config: { access: "user", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Turn two-factor off (with the password or a current code)",
        description:
          "Refused for staff while two-factor is required: 403 auth.two_factor_required.",
        body: reauth,
        response: { 204: z.null(), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await disableTwoFactor(
        deps,
        { userId: requirePrincipal(request).userId, ...request.body },
        actorOf(request),
      );
      return reply.status(204).send(null);
    },
  );

  r.get(
    "/api/auth/sessions",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "The user's live sessions, most recently used first",
        response: { 200: z.object({ items: z.array(sessionItem) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const items = await listMySessions(deps, requirePrincipal(request));
      return {
        items: items.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        })),
      };
    },
  );

  r.delete(
    "/api/auth/sessions/:id",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "Log out one of the user's sessions",
        description: "Another user's session id is a 404, like an unknown one.",
        params: idParam("ses"),
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { current } = await endMySession(
        deps,
        requirePrincipal(request),
        request.params.id,
        actorOf(request),
      );
      if (current) reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  r.post(
    "/api/auth/sessions/log-out-others",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "Log out every other session of the user",
        response: { 200: z.object({ closed: z.number().int() }), ...problems(401, 403) },
      },
    },
    async (request) => endMyOtherSessions(deps, requirePrincipal(request), actorOf(request)),
  );

  r.post(
    "/api/auth/email",
    {
      config: { access: "user", ...strict(5) },
      schema: {
        tags: ["auth"],
        summary: "Change the login e-mail address: a confirmation link goes to the new address",
        description:
          "Needs the password (400 auth.reauthentication_failed). A taken address is 409 auth.email_taken. " +
          "The old address gets a notice; nothing changes until the link (valid 24 hours) is opened.",
        body: z.object({ newEmail: z.email().max(320), password }),
        response: { 202: z.object({}), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await requestEmailChange(
        deps,
        { userId: requirePrincipal(request).userId, ...request.body },
        actorOf(request),
      );
      return reply.status(202).send({});
    },
  );

  r.post(
    "/api/auth/email/confirm",
    {
      config: { access: "public", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Confirm a new login e-mail address with the link's token",
        description:
          "Expired or used token: 400 auth.email_change_token_invalid; the address taken meanwhile: 409 " +
          "auth.email_taken. Ends the user's other sessions (the one opening the link stays, if it is theirs).",
        body: z.object({ token: z.string().min(20).max(200) }),
        response: { 200: z.object({ email: z.string() }), ...problems(400, 409, 429) },
      },
    },
    async (request) =>
      confirmEmailChange(deps, {
        token: request.body.token,
        current: request.principal,
        ip: request.ip,
        requestId: request.id,
      }),
  );
}
