import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  MAIL_ROUTES,
  NOTIFICATION_TYPES,
  PERSONAL_MAIL_TYPES,
  chooseRecipients,
  routeOf,
  type RecipientCandidate,
} from "./routing.ts";

const contact = (email: string, ...permissions: string[]): RecipientCandidate => ({
  source: "contact",
  email,
  permissions,
});
const setting = (email: string): RecipientCandidate => ({
  source: "setting",
  email,
  permissions: [],
});

describe("chooseRecipients", () => {
  it.each<[string, RecipientCandidate[], string[]]>([
    ["no contacts: nobody", [], []],
    [
      "default: owner and billing contacts, in order",
      [
        contact("owner@x.test", "owner"),
        contact("tech@x.test", "technical"),
        contact("acc@x.test", "billing"),
      ],
      ["owner@x.test", "acc@x.test"],
    ],
    [
      "default without owner or billing contacts: the first (primary) contact",
      [contact("first@x.test", "technical"), contact("second@x.test", "support")],
      ["first@x.test"],
    ],
    [
      "chosen targets replace the default, in their order",
      [setting("books@x.test"), setting("Boss@X.test")],
      ["books@x.test", "boss@x.test"],
    ],
    [
      "each address once, compared in lower case",
      [setting("A@x.test"), setting("a@x.test"), setting("b@x.test")],
      ["a@x.test", "b@x.test"],
    ],
    [
      "the default too",
      [contact("O@x.test", "owner"), contact("o@x.test", "billing")],
      ["o@x.test"],
    ],
  ])("%s", (_name, candidates, expected) => {
    expect(chooseRecipients(candidates)).toEqual(expected);
  });
});

describe("MAIL_ROUTES", () => {
  it("routes every document and payment mail by invoices (bulk issuing relies on it)", () => {
    for (const kind of ["proforma", "invoice", "credit_note"] as const)
      expect(routeOf(`billing.${kind}_issued`)).toBe("invoices");
    expect(routeOf("payments.received")).toBe("invoices");
    expect(routeOf("payments.refunded")).toBe("invoices");
    expect(routeOf("billing.statement")).toBe("invoices");
  });

  it("routes renewal reminders by renewals, and what happens to a service by technical", () => {
    expect(routeOf("service.expiry_reminder")).toBe("renewals");
    for (const change of ["suspended", "expired", "terminated", "cancelled"] as const)
      expect(routeOf(`service.${change}`)).toBe("technical");
    for (const phase of ["published", "updated", "resolved", "cancelled"] as const)
      expect(routeOf(`notice.${phase}`)).toBe("technical");
  });

  it("uses only the five notification types", () => {
    for (const type of Object.values(MAIL_ROUTES)) expect(NOTIFICATION_TYPES).toContain(type);
  });
});

describe("every mail Kapu writes to the outbox", () => {
  const src = path.resolve(import.meta.dirname, "../../..");
  const files = fs
    .readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => path.join(src, f))
    .filter((f) => /\b(queueMail|outboxRow)\(/.test(fs.readFileSync(f, "utf8")));

  it("is routed by a notification type, or is a personal mail that is not", () => {
    const routed = new Set(Object.keys(MAIL_ROUTES));
    const personal = new Set<string>(PERSONAL_MAIL_TYPES);
    const found: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      // `type: "billing.statement"`, and templates such as `type: \`service.${change}\``.
      for (const m of text.matchAll(/\btype: (?:"([a-z_]+\.[a-z_.]+)"|`([a-z_]+\.)\$\{)/g)) {
        const type = m[1] ?? m[2]!;
        found.push(type);
        const known = m[1]
          ? routed.has(type) || personal.has(type)
          : [...routed].some((t) => t.startsWith(type));
        expect(known, `${path.relative(src, file)}: mail type ${type}`).toBe(true);
      }
    }
    expect(found).toContain("billing.statement");
    expect(found).toContain("service.");
  });
});
