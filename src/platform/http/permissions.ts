/**
 * Who may call which route, beyond "customer" or "staff": the permissions a contact (or a
 * manager) holds for the account it acts for, and the staff roles. Pure rules; the app's
 * preValidation hook applies them to every request (src/app.ts) and the authorization matrix
 * (src/authorization.test.ts) checks every route against them.
 */

/** What a contact or a manager may do for a customer account. */
export const CUSTOMER_PERMISSIONS = [
  "owner",
  "billing",
  "technical",
  "domains",
  "support",
  "readonly",
] as const;
export type CustomerPermission = (typeof CUSTOMER_PERMISSIONS)[number];

export const STAFF_ROLES = ["admin", "billing", "support", "sales", "readonly"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a customer route needs (any one of them); `owner` always suffices. */
export type CustomerRoutePermission = Exclude<CustomerPermission, "readonly">;
/** What a staff route needs to be written to (any one of them); `admin` always suffices. */
export type StaffRoutePermission = Exclude<StaffRole, "readonly">;

export type RoutePermission =
  | CustomerRoutePermission
  | StaffRoutePermission
  | readonly (CustomerRoutePermission | StaffRoutePermission)[];

function list(p: RoutePermission | undefined): readonly string[] {
  if (p === undefined) return [];
  return typeof p === "string" ? [p] : p;
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A contact (or manager, or staff acting as the customer) with `held` permissions calling a
 * customer route that needs `needed`: owners may do everything; read-only contacts may read
 * everything but owner-only routes and write nothing; others need one of the route's
 * permissions. A route that names none is open to every contact (writes: not read-only).
 */
export function customerMayCall(
  held: readonly string[],
  needed: RoutePermission | undefined,
  method: string,
): boolean {
  if (held.includes("owner")) return true;
  const need = list(needed);
  const read = READS.has(method);
  if (held.includes("readonly") && read && !(need.length === 1 && need[0] === "owner")) return true;
  if (need.length === 0) return held.some((h) => h !== "readonly");
  return need.some((n) => n !== "owner" && held.includes(n));
}

/**
 * A staff member with `role` calling a staff route that needs `needed`: admins may do
 * everything; every role may read what is not admin-only; writes need one of the route's
 * roles (a route that names none: any role but read-only).
 */
export function staffMayCall(
  role: string,
  needed: RoutePermission | undefined,
  method: string,
): boolean {
  if (role === "admin") return true;
  const need = list(needed);
  const adminOnly = need.length === 1 && need[0] === "admin";
  if (READS.has(method)) return !adminOnly;
  if (role === "readonly") return false;
  if (need.length === 0) return true;
  return need.includes(role);
}

/**
 * The permissions a staff member has while acting as a customer: admins and support act as
 * the owner; other roles look, read-only.
 */
export function actingPermissions(role: string): CustomerPermission[] {
  return role === "admin" || role === "support" ? ["owner"] : ["readonly"];
}

/** Normalises a permission set as stored: known values, no duplicates, owner alone. */
export function normalisePermissions(input: readonly string[]): CustomerPermission[] {
  const known = CUSTOMER_PERMISSIONS.filter((p) => input.includes(p));
  if (known.includes("owner")) return ["owner"];
  if (known.includes("readonly") && known.length > 1) return known.filter((p) => p !== "readonly");
  return known;
}

const CUSTOMER_ROUTE = new Set<string>(CUSTOMER_PERMISSIONS.filter((p) => p !== "readonly"));
const STAFF_ROUTE = new Set<string>(STAFF_ROLES.filter((r) => r !== "readonly"));

/**
 * Refuses, at start-up, a route whose permission does not fit its access: a customer route
 * with a staff role, a staff route with a contact permission, a permission on a public route.
 */
export function checkRoutePermission(
  route: string,
  access: string,
  permission: RoutePermission | undefined,
): void {
  const need = list(permission);
  if (need.length === 0) return;
  const allowed =
    access === "customer" ? CUSTOMER_ROUTE : access === "staff" ? STAFF_ROUTE : new Set<string>();
  const wrong = need.filter((p) => !allowed.has(p));
  if (wrong.length > 0)
    throw new Error(`Route ${route} (${access}) declares unknown permission ${wrong.join(", ")}`);
}

/** Who may call a route, in words, for the OpenAPI document. */
export function describeAccess(
  access: "public" | "user" | "customer" | "staff" | undefined,
  permission: RoutePermission | undefined,
  method: string,
  o: { notForManagers?: boolean | undefined } = {},
): string | undefined {
  const need = list(permission);
  const any = need.map((p) => `\`${p}\``).join(" or ");
  const read = READS.has(method);
  const ownerOnly = need.length === 1 && need[0] === "owner";
  switch (access) {
    case "public":
      return "**Access:** anyone.";
    case "user":
      return "**Access:** any logged-in user.";
    case "customer": {
      const who = ownerOnly
        ? "an `owner` of the account"
        : need.length > 0
          ? `a contact or manager of the account with ${any} (or \`owner\`)${read ? ", or `readonly`" : ""}`
          : `any contact or manager of the account${read ? "" : " but `readonly` ones"}`;
      return `**Access:** ${who}${o.notForManagers ? "; never a manager" : ""}.`;
    }
    case "staff":
      if (need.length === 1 && need[0] === "admin") return "**Access:** staff administrators.";
      if (read) return "**Access:** any staff role.";
      return need.length > 0
        ? `**Access:** staff with the role ${any} or \`admin\`.`
        : "**Access:** staff with any role but `readonly`.";
    case undefined:
      return undefined;
  }
}
