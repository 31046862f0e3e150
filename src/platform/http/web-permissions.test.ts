import { describe, expect, it } from "vitest";
import { can, staffCan } from "../../../web/src/app/permissions.ts";
import {
  CUSTOMER_PERMISSIONS,
  STAFF_ROLES,
  customerMayCall,
  staffMayCall,
  type CustomerRoutePermission,
  type StaffRoutePermission,
} from "./permissions.ts";

/**
 * The web UI shows a page or a button by `can()` (staff pages: `staffCan()`); the API answers by
 * `customerMayCall` (`staffMayCall`). They must agree for every permission set a contact can
 * hold (every staff role) and every need a route can declare, or the UI offers what the API
 * refuses (or hides what it allows).
 */
const NEEDS: CustomerRoutePermission[] = ["owner", "billing", "technical", "domains", "support"];

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, x) => [...all, ...all.map((s) => [...s, x])], [[]]);
}

describe("the web UI's can() and the API's customerMayCall", () => {
  it("agree on every permission set × every route need × read and write", () => {
    const disagreements: string[] = [];
    const needs = subsets(NEEDS).filter((n) => n.length > 0);
    for (const held of subsets(CUSTOMER_PERMISSIONS)) {
      const user = { customerId: "cus_x", permissions: held };
      for (const need of needs) {
        for (const [mode, method] of [
          ["read", "GET"],
          ["write", "POST"],
        ] as const) {
          const ui = can(user, need, mode);
          const api = customerMayCall(held, need, method);
          if (ui !== api)
            disagreements.push(
              `${JSON.stringify(held)} ${JSON.stringify(need)} ${mode}: ui ${ui}, api ${api}`,
            );
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("shows nothing without an account", () => {
    expect(can({ customerId: null, permissions: ["owner"] }, "billing")).toBe(false);
    expect(can(null, "billing")).toBe(false);
  });
});

describe("the web UI's staffCan() and the API's staffMayCall", () => {
  const STAFF_NEEDS: StaffRoutePermission[] = ["admin", "billing", "support", "sales"];

  it("agree on every role × every route need × read and write", () => {
    const disagreements: string[] = [];
    const needs: (StaffRoutePermission[] | undefined)[] = [
      undefined,
      ...subsets(STAFF_NEEDS).filter((n) => n.length > 0),
    ];
    for (const role of STAFF_ROLES) {
      for (const need of needs) {
        for (const [mode, method] of [
          ["read", "GET"],
          ["write", "PUT"],
        ] as const) {
          const ui = staffCan(role, need, mode);
          const api = staffMayCall(role, need, method);
          if (ui !== api)
            disagreements.push(`${role} ${JSON.stringify(need)} ${mode}: ui ${ui}, api ${api}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("shows nothing to a login without a staff role", () => {
    expect(staffCan(null, "billing")).toBe(false);
    expect(staffCan(undefined, undefined, "write")).toBe(false);
  });
});
