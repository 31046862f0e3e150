import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

/** Responses that carry a SessionBody, whose csrfToken authorises later non-GET requests. */
const SESSION_RESPONSES = new Set([
  "/api/auth/session",
  "/api/auth/login",
  "/api/auth/login/two-factor",
  "/api/setup/admin",
  "/api/invitations/accept",
  "/api/me/accounts/{id}/switch",
  "/api/staff/customers/{id}/act-as",
]);
/** A 401 from these is an answer for the caller (not logged in / wrong password), not an expired session. */
const UNAUTHORIZED_IS_EXPECTED = new Set([
  "/api/auth/session",
  "/api/auth/login",
  "/api/auth/login/two-factor",
  // A wrong password of the invited address's existing login.
  "/api/invitations/accept",
]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

let csrfToken: string | null = null;
let handleUnauthorized: () => void = () => {
  window.location.assign("/login");
};

/** Replaces the default reaction (a full page load of /login) to a 401 from a protected call. */
export function setUnauthorizedHandler(handler: () => void): void {
  handleUnauthorized = handler;
}

function readCsrfToken(body: unknown): string | null {
  if (typeof body === "object" && body !== null && "csrfToken" in body) {
    return typeof body.csrfToken === "string" ? body.csrfToken : null;
  }
  return null;
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken !== null) {
      request.headers.set("x-csrf-token", csrfToken);
    }
    return request;
  },
  async onResponse({ response, schemaPath }) {
    if (response.status === 401) {
      csrfToken = null;
      if (!UNAUTHORIZED_IS_EXPECTED.has(schemaPath)) handleUnauthorized();
    } else if (response.ok && SESSION_RESPONSES.has(schemaPath)) {
      csrfToken = readCsrfToken(await response.clone().json());
    } else if (response.ok && schemaPath === "/api/auth/logout") {
      csrfToken = null;
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(sessionMiddleware);
