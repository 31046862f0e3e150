import { z } from "zod";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import { problems, requirePrincipal, zodApp, type Principal } from "../../platform/http/routing.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./passwords.ts";
import { setUserLanguage } from "./repo.ts";
import { login } from "./use-cases/login.ts";
import { acceptPasswordResetRequest, resetPassword } from "./use-cases/password-reset.ts";
import { changePassword } from "./use-cases/password-change.ts";
import { closeSession, resolveSession, type NewSession } from "./use-cases/sessions.ts";
import { completeSetup, setupNeeded } from "./use-cases/staff-setup.ts";
import { presentChallenge, twoFactorChallengeBody } from "./schemas-security.ts";

export const SESSION_COOKIE = "kapu_session";

const language = z.enum(["hu", "en"]);
const email = z.email().max(320);
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

export const sessionBody = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      language,
      isStaff: z.boolean(),
      staffRole: z.string().nullable(),
      customerId: z.string().nullable(),
      customerName: z.string().nullable(),
      permissions: z
        .array(z.string())
        .describe("What the user may do for that account: owner, billing, technical, …"),
      via: z
        .enum(["contact", "manager", "staff"])
        .nullable()
        .describe(
          "How the user reaches that account: its contact, its manager, staff acting as it",
        ),
      twoFactorSetupRequired: z
        .boolean()
        .describe(
          "Staff who must turn on two-factor login first: until then only the session, logout, language and two-factor setup routes answer (403 auth.two_factor_setup_required)",
        ),
    }),
    csrfToken: z.string().describe("Send it back in the x-csrf-token header of every write"),
  })
  .meta({ id: "Session" });

export function presentSession(p: Principal): z.infer<typeof sessionBody> {
  return {
    user: {
      id: p.userId,
      email: p.email,
      name: p.name,
      language: p.language,
      isStaff: p.staffRole !== null,
      staffRole: p.staffRole,
      customerId: p.customerId,
      customerName: p.customerName,
      permissions: p.permissions,
      via: p.via,
      twoFactorSetupRequired: p.twoFactorSetupRequired ?? false,
    },
    csrfToken: p.csrfToken,
  };
}

/** Sets the HttpOnly session cookie of a session just opened. */
export function setSessionCookie(
  reply: FastifyReply,
  deps: Pick<Deps, "config">,
  session: NewSession,
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: deps.config.baseUrl.startsWith("https://"),
    path: "/",
    expires: session.expiresAt,
  });
}

/** The session body (user, account, permissions, CSRF token) of a session, read afresh. */
export async function sessionBodyOf(
  deps: Pick<Deps, "db" | "clock">,
  session: Pick<NewSession, "token">,
): Promise<z.infer<typeof sessionBody>> {
  const principal = await resolveSession(deps.db, deps.clock.now(), session.token);
  if (!principal) throw errors.unauthenticated();
  return presentSession(principal);
}

/** Strict limits for the doors attackers knock on; the key is the client address. */
const strict = (max: number) => ({ rateLimit: { max, timeWindow: "1 minute" } });

export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  const r = zodApp(app);

  const setCookie = (reply: FastifyReply, session: NewSession) =>
    setSessionCookie(reply, deps, session);
  const sessionBodyFor = (session: NewSession) => sessionBodyOf(deps, session);
  const client = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? null,
    previousToken: request.cookies[SESSION_COOKIE],
  });

  r.get(
    "/api/auth/session",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "The current session",
        response: { 200: sessionBody, ...problems(401) },
      },
    },
    async (request) => presentSession(requirePrincipal(request)),
  );

  r.post(
    "/api/auth/login",
    {
      config: { access: "public", ...strict(deps.config.loginRateLimit) },
      schema: {
        tags: ["auth"],
        summary: "Log in with e-mail and password",
        description:
          "Sets the HttpOnly session cookie. A wrong e-mail and a wrong password give the same answer. " +
          "With two-factor login on, the right password opens no session: the answer is a TwoFactorChallenge " +
          "(`twoFactorRequired: true`) for POST /api/auth/login/two-factor.",
        body: z.object({ email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
        response: {
          200: z.union([sessionBody, twoFactorChallengeBody]),
          ...problems(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await login(deps, {
        ...request.body,
        ...client(request),
        requestId: request.id,
      });
      if ("challenge" in result) return presentChallenge(result);
      setCookie(reply, result);
      return sessionBodyFor(result);
    },
  );

  r.post(
    "/api/auth/logout",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "Log out",
        response: { 204: z.null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await closeSession(deps.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  r.post(
    "/api/auth/password/forgot",
    {
      config: { access: "public", ...strict(5) },
      schema: {
        tags: ["auth"],
        summary: "Send a password reset link",
        description:
          "Always 202 at once, whether or not an account has this e-mail address; the mail, in the account's language, is sent in the background.",
        body: z.object({ email }),
        response: { 202: z.object({}), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await acceptPasswordResetRequest(deps, request.body.email);
      return reply.status(202).send({});
    },
  );

  r.post(
    "/api/auth/password/reset",
    {
      config: { access: "public", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Set a new password with a reset link's token",
        body: z.object({ token: z.string().min(20).max(200), password: newPassword }),
        response: { 204: z.null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await resetPassword(deps, request.body.token, request.body.password);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  r.post(
    "/api/auth/password",
    {
      config: { access: "user", ...strict(5) },
      schema: {
        tags: ["auth"],
        summary: "Change the password",
        description:
          "Needs the current password. The new one must pass the password policy (problem codes auth.password_too_short, auth.password_too_common, auth.password_matches_account with a field error on newPassword); a wrong current password is 400 auth.current_password_wrong. Ends the user's other sessions (this one stays) and mails a notice.",
        body: z.object({
          currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
          newPassword: z
            .string()
            .max(MAX_PASSWORD_LENGTH)
            .describe(
              `At least ${MIN_PASSWORD_LENGTH} characters; common passwords and the account's e-mail or name are refused`,
            ),
        }),
        response: {
          200: z.object({ sessionsClosed: z.number().int() }),
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      return changePassword(deps, {
        userId: p.userId,
        sessionId: p.sessionId,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        ip: request.ip,
        requestId: request.id,
      });
    },
  );

  r.put(
    "/api/auth/language",
    {
      config: { access: "user" },
      schema: {
        tags: ["auth"],
        summary: "Remember the user's language",
        body: z.object({ language }),
        response: { 204: z.null(), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      await setUserLanguage(deps.db, p.userId, request.body.language, deps.clock.now());
      return reply.status(204).send(null);
    },
  );

  r.get(
    "/api/setup",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Whether the first staff administrator still has to be created",
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await setupNeeded(deps) }),
  );

  r.post(
    "/api/setup/admin",
    {
      config: { access: "public", ...strict(10) },
      schema: {
        tags: ["auth"],
        summary: "Create the first staff administrator with the one-time setup link",
        body: z.object({
          token: z.string().min(20).max(200),
          email,
          name: z.string().trim().min(1).max(200),
          password: newPassword,
          language: language.optional().describe("Defaults to DEFAULT_LANGUAGE"),
        }),
        response: { 201: sessionBody, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const session = await completeSetup(deps, {
        ...request.body,
        language: request.body.language ?? deps.config.defaultLanguage,
        ...client(request),
      });
      setCookie(reply, session);
      return reply.status(201).send(await sessionBodyFor(session));
    },
  );
}
