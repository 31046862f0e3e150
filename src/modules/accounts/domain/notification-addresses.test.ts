import { describe, expect, it } from "vitest";
import {
  emptySettings,
  settingsChanges,
  validateNotificationSettings,
  type SettingsErrorCode,
  type TargetInput,
} from "./notification-addresses.ts";

const contacts = [
  { id: "con_owner", email: "Owner@Example.test" },
  { id: "con_tech", email: "tech@example.test" },
];

describe("validateNotificationSettings", () => {
  it("stores contacts by id and addresses trimmed in lower case; left-out types are empty", () => {
    const r = validateNotificationSettings(
      {
        invoices: [{ email: " Books@Accounting.test " }],
        renewals: [{ contactId: "con_tech" }, { email: "boss@example.test" }],
        support: [],
      },
      contacts,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        ...emptySettings(),
        invoices: [{ kind: "email", email: "books@accounting.test" }],
        renewals: [
          { kind: "contact", contactId: "con_tech" },
          { kind: "email", email: "boss@example.test" },
        ],
      },
    });
  });

  it.each<[string, Record<string, TargetInput[]>, [string, SettingsErrorCode][]]>([
    [
      "another account's (or an unknown) contact",
      { invoices: [{ contactId: "con_elsewhere" }] },
      [["types.invoices.0.contactId", "unknown_contact"]],
    ],
    [
      "an address without a domain",
      { abuse: [{ email: "abuse@" }] },
      [["types.abuse.0.email", "email_invalid"]],
    ],
    [
      "an address with a space",
      { abuse: [{ email: "ab use@x.test" }] },
      [["types.abuse.0.email", "email_invalid"]],
    ],
    [
      "an address that is too long",
      { abuse: [{ email: `${"a".repeat(250)}@x.test` }] },
      [["types.abuse.0.email", "email_invalid"]],
    ],
    [
      "more than three targets",
      { technical: ["a", "b", "c", "d"].map((x) => ({ email: `${x}@x.test` })) },
      [["types.technical", "too_many"]],
    ],
    [
      "the same address twice",
      { support: [{ email: "a@x.test" }, { email: "A@X.test" }] },
      [["types.support.1", "duplicate"]],
    ],
    [
      "the same contact twice",
      { support: [{ contactId: "con_tech" }, { contactId: "con_tech" }] },
      [["types.support.1", "duplicate"]],
    ],
  ])("refuses %s", (_name, input, expected) => {
    const r = validateNotificationSettings(input, contacts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.field, e.code])).toEqual(expected);
  });
});

describe("settingsChanges", () => {
  it("lists the types whose targets change, old → new", () => {
    const after = emptySettings();
    after.invoices = [{ kind: "email", email: "books@x.test" }];
    after.renewals = [{ kind: "contact", contactId: "con_tech" }];
    const before = emptySettings();
    before.renewals = [{ kind: "contact", contactId: "con_tech" }];
    before.abuse = [{ kind: "email", email: "abuse@x.test" }];
    expect(settingsChanges(before, after)).toEqual({
      invoices: { from: [], to: ["books@x.test"] },
      abuse: { from: ["abuse@x.test"], to: [] },
    });
  });
});
