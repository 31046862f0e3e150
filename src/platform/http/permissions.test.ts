import { describe, expect, it } from "vitest";
import {
  actingPermissions,
  checkRoutePermission,
  customerMayCall,
  describeAccess,
  normalisePermissions,
  staffMayCall,
  type RoutePermission,
} from "./permissions.ts";

describe("customerMayCall", () => {
  const cases: [string[], RoutePermission | undefined, string, boolean][] = [
    [["owner"], "billing", "POST", true],
    [["owner"], "owner", "DELETE", true],
    [["owner"], undefined, "PUT", true],
    [["billing"], "billing", "GET", true],
    [["billing"], "billing", "POST", true],
    [["billing"], ["technical", "domains"], "GET", false],
    [["billing"], ["technical", "domains", "billing"], "GET", true],
    [["billing"], "owner", "GET", false],
    [["billing"], undefined, "GET", true],
    [["billing"], undefined, "POST", true],
    [["technical"], "billing", "GET", false],
    [["technical"], ["technical", "domains"], "POST", true],
    [["domains"], ["technical", "domains"], "DELETE", true],
    [["support"], "billing", "GET", false],
    [["support"], ["technical", "domains", "billing"], "GET", false],
    [["readonly"], "billing", "GET", true],
    [["readonly"], "billing", "HEAD", true],
    [["readonly"], "billing", "POST", false],
    [["readonly"], undefined, "GET", true],
    [["readonly"], undefined, "POST", false],
    [["readonly"], "owner", "GET", false],
    [["billing", "technical"], "technical", "PUT", true],
    [[], undefined, "GET", false],
    [[], "billing", "GET", false],
  ];
  it.each(cases)("%j calling a %j route with %s → %s", (held, need, method, ok) => {
    expect(customerMayCall(held, need, method)).toBe(ok);
  });
});

describe("staffMayCall", () => {
  const cases: [string, RoutePermission | undefined, string, boolean][] = [
    ["admin", "admin", "PUT", true],
    ["admin", "billing", "POST", true],
    ["billing", "billing", "POST", true],
    ["billing", "support", "POST", false],
    ["billing", "support", "GET", true],
    ["billing", "admin", "GET", false],
    ["billing", undefined, "POST", true],
    ["support", ["support", "billing"], "POST", true],
    ["sales", ["support", "billing"], "POST", false],
    ["sales", "sales", "PUT", true],
    ["readonly", "billing", "GET", true],
    ["readonly", undefined, "GET", true],
    ["readonly", undefined, "POST", false],
    ["readonly", "admin", "GET", false],
  ];
  it.each(cases)("%s calling a %j route with %s → %s", (role, need, method, ok) => {
    expect(staffMayCall(role, need, method)).toBe(ok);
  });
});

describe("actingPermissions", () => {
  it.each([
    ["admin", ["owner"]],
    ["support", ["owner"]],
    ["billing", ["readonly"]],
    ["sales", ["readonly"]],
    ["readonly", ["readonly"]],
  ])("staff %s acts as %j", (role, perms) => {
    expect(actingPermissions(role)).toEqual(perms);
  });
});

describe("normalisePermissions", () => {
  it.each([
    [["billing", "owner"], ["owner"]],
    [
      ["technical", "billing", "billing"],
      ["billing", "technical"],
    ],
    [["readonly", "billing"], ["billing"]],
    [["readonly"], ["readonly"]],
    [["root", "billing"], ["billing"]],
    [[], []],
  ])("%j → %j", (input, out) => {
    expect(normalisePermissions(input)).toEqual(out);
  });
});

describe("checkRoutePermission", () => {
  it("accepts what fits the route's access", () => {
    expect(() => checkRoutePermission("GET /x", "customer", ["billing", "owner"])).not.toThrow();
    expect(() => checkRoutePermission("GET /x", "staff", "admin")).not.toThrow();
    expect(() => checkRoutePermission("GET /x", "public", undefined)).not.toThrow();
  });
  it.each([
    ["customer", "admin"],
    ["customer", "sales"],
    ["staff", "technical"],
    ["staff", "owner"],
    ["public", "billing"],
    ["user", "billing"],
  ] as const)("refuses a %s route needing %s", (access, p) => {
    expect(() => checkRoutePermission("GET /x", access, p)).toThrow(/unknown permission/);
  });
});

describe("describeAccess", () => {
  it.each([
    ["public", undefined, "POST", {}, "**Access:** anyone."],
    ["user", undefined, "GET", {}, "**Access:** any logged-in user."],
    [
      "customer",
      "billing",
      "GET",
      {},
      "**Access:** a contact or manager of the account with `billing` (or `owner`), or `readonly`.",
    ],
    [
      "customer",
      ["technical", "domains"],
      "POST",
      {},
      "**Access:** a contact or manager of the account with `technical` or `domains` (or `owner`).",
    ],
    [
      "customer",
      "owner",
      "POST",
      { notForManagers: true },
      "**Access:** an `owner` of the account; never a manager.",
    ],
    [
      "customer",
      undefined,
      "POST",
      {},
      "**Access:** any contact or manager of the account but `readonly` ones.",
    ],
    ["staff", "admin", "GET", {}, "**Access:** staff administrators."],
    ["staff", "billing", "GET", {}, "**Access:** any staff role."],
    ["staff", "billing", "POST", {}, "**Access:** staff with the role `billing` or `admin`."],
    ["staff", undefined, "DELETE", {}, "**Access:** staff with any role but `readonly`."],
  ] as const)("%s %j %s", (access, permission, method, o, text) => {
    expect(describeAccess(access, permission, method, o)).toBe(text);
  });
});
