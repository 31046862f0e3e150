import type { Principal } from "../../platform/http/routing.ts";
import { securityErrors } from "./errors.ts";

/**
 * What a staff session that must enrol in two-factor first may call (method and route pattern):
 * who it is, leaving, the language, and the enrolment itself.
 */
const OPEN_DURING_SETUP: ReadonlySet<string> = new Set([
  "GET /api/auth/session",
  "POST /api/auth/logout",
  "PUT /api/auth/language",
  "GET /api/auth/two-factor",
  "POST /api/auth/two-factor/setup",
  "POST /api/auth/two-factor/confirm",
]);

/**
 * Called by the app's access hook for every logged-in request: 403
 * `auth.two_factor_setup_required` while the session must enrol first and the route is not
 * one of the enrolment routes.
 */
export function assertTwoFactorSetupDone(
  principal: Principal,
  method: string,
  routeUrl: string | undefined,
): void {
  if (principal.twoFactorSetupRequired && !OPEN_DURING_SETUP.has(`${method} ${routeUrl ?? ""}`))
    throw securityErrors.setupRequired();
}
