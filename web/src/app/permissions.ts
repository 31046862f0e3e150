/**
 * The part of the session's user these rules read (structural, so that the server's tests can
 * check this file against the API's rule without the web's API types).
 */
export interface AccountAccess {
  customerId: string | null;
  permissions: readonly string[];
}

/** What a contact (or a manager, or staff acting as the customer) may do for an account. */
export const ACCOUNT_PERMISSIONS = [
  "owner",
  "billing",
  "technical",
  "domains",
  "support",
  "readonly",
] as const;
export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];

/** What a page or an action needs (any one of them); `owner` always suffices. */
export type NeededPermission = Exclude<AccountPermission, "readonly">;

export function isAccountPermission(value: string): value is AccountPermission {
  return ACCOUNT_PERMISSIONS.some((permission) => permission === value);
}

/**
 * May the logged-in user do this for the account it acts for? The same rule as the server's
 * (src/platform/http/permissions.ts, customerMayCall), so that the UI offers only what the API
 * allows: owners may do everything; read-only logins may look at everything but owner-only
 * pages and change nothing; others need one of the permissions named.
 *
 * `mode: "write"`: the page or button changes something (read-only logins do not see it).
 */
export function can(
  user: AccountAccess | null | undefined,
  needed: NeededPermission | readonly NeededPermission[],
  mode: "read" | "write" = "read",
): boolean {
  if (!user || user.customerId === null) return false;
  const held = user.permissions;
  if (held.includes("owner")) return true;
  const need: readonly NeededPermission[] = typeof needed === "string" ? [needed] : needed;
  const ownerOnly = need.length === 1 && need[0] === "owner";
  if (held.includes("readonly") && mode === "read" && !ownerOnly) return true;
  return need.some((permission) => permission !== "owner" && held.includes(permission));
}

/** Where a customer login starts: the first customer page its permissions open. */
export function customerHomePath(user: AccountAccess): string {
  if (can(user, ["technical", "domains"])) return "/services";
  if (can(user, "billing")) return "/finances/documents";
  return "/notices";
}

/** What a staff page or action needs (any one of them); `admin` always suffices. */
export type NeededStaffRole = "admin" | "billing" | "support" | "sales";

/**
 * May the logged-in staff member (by role) do this? The same rule as the server's
 * (src/platform/http/permissions.ts, staffMayCall), so that staff pages offer only what the API
 * allows: admins may do everything; every role may read what is not admin-only; changes need
 * one of the roles named (none named: any role but read-only).
 *
 * `mode: "write"`: the button or dialog changes something.
 */
export function staffCan(
  role: string | null | undefined,
  needed: NeededStaffRole | readonly NeededStaffRole[] | undefined,
  mode: "read" | "write" = "read",
): boolean {
  if (role === null || role === undefined) return false;
  if (role === "admin") return true;
  const need: readonly NeededStaffRole[] =
    needed === undefined ? [] : typeof needed === "string" ? [needed] : needed;
  const adminOnly = need.length === 1 && need[0] === "admin";
  if (mode === "read") return !adminOnly;
  if (role === "readonly") return false;
  if (need.length === 0) return true;
  return need.some((r) => r === role);
}
