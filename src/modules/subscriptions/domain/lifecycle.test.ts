import { describe, expect, it } from "vitest";
import { canTransition } from "./lifecycle.ts";
import type { ServiceStatus } from "./renewal.ts";

const ALL: ServiceStatus[] = [
  "pending",
  "active",
  "suspended",
  "cancelled",
  "expired",
  "terminated",
];

// Every pair, so a transition added or removed by mistake fails here.
const ALLOWED = new Set([
  "pending>active",
  "pending>cancelled",
  "active>suspended",
  "active>cancelled",
  "active>expired",
  "active>terminated",
  "suspended>active",
  "suspended>cancelled",
  "suspended>expired",
  "suspended>terminated",
  "cancelled>terminated",
  "expired>active",
  "expired>terminated",
]);

describe("service lifecycle transitions", () => {
  for (const from of ALL)
    for (const to of ALL) {
      const expected = ALLOWED.has(`${from}>${to}`);
      it(`${from} → ${to}: ${expected ? "allowed" : "refused"}`, () => {
        expect(canTransition(from, to)).toBe(expected);
      });
    }
});
