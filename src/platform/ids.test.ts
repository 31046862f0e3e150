import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ID_PREFIXES, idTimeMs, isId, newId, type IdPrefix } from "./ids.ts";

const PREFIXES = Object.values(ID_PREFIXES);
const FORMAT = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;

describe("ID_PREFIXES", () => {
  it("has the agreed three-letter prefixes, all distinct", () => {
    expect(ID_PREFIXES).toEqual({
      customer: "cus",
      contact: "con",
      user: "usr",
      session: "ses",
      product: "prd",
      price: "prc",
      service: "svc",
      invoice: "inv",
      invoiceLine: "inl",
      mail: "msg",
      audit: "aud",
      token: "tok",
      payment: "pay",
      refund: "rfd",
      checkout: "chk",
      gatewayNotification: "gwn",
      bankImport: "bim",
      bankLine: "bln",
      ledgerEntry: "led",
      ledgerTransaction: "ltx",
      allocation: "alc",
      vatRate: "vat",
      vatCheck: "vck",
      request: "req",
      billingRun: "run",
      cancellation: "cnr",
      order: "ord",
      provisioningTask: "ptk",
      statusNotice: "ntc",
      managerAccess: "mga",
      department: "dep",
      loginChallenge: "lch",
    });
    expect(new Set(PREFIXES).size).toBe(PREFIXES.length);
  });
});

describe("newId", () => {
  it.each(PREFIXES)("creates a well-formed %s id", (prefix) => {
    const id = newId(prefix);
    expect(id).toMatch(FORMAT);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(id).toHaveLength(30);
    expect(isId(id, prefix)).toBe(true);
  });

  it.each<[number, string]>([
    [0, "0000000000"],
    [1, "0000000001"],
    [31, "000000000z"],
    [32, "0000000010"],
    [Date.UTC(2026, 0, 1), "01kdvdna00"],
    [2 ** 48 - 1, "7zzzzzzzzz"],
  ])("encodes timestamp %s as %s", (ms, encoded) => {
    const id = newId("inv", ms);
    expect(id.slice(4, 14)).toBe(encoded);
    expect(idTimeMs(id)).toBe(ms);
  });

  it("uses the given time, defaulting to now", () => {
    const before = Date.now();
    const id = newId("cus");
    const after = Date.now();
    expect(idTimeMs(id)).toBeGreaterThanOrEqual(before);
    expect(idTimeMs(id)).toBeLessThanOrEqual(after);
  });

  it.each([-1, 2 ** 48, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects timestamp %s",
    (ms) => {
      expect(() => newId("cus", ms)).toThrow(RangeError);
    },
  );

  it("rejects an unknown prefix", () => {
    expect(() => newId("xyz" as IdPrefix)).toThrow(TypeError);
    expect(() => newId("" as IdPrefix)).toThrow(TypeError);
  });

  it("is unique over 100 000 ids in the same millisecond", () => {
    const ms = Date.UTC(2026, 4, 1);
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(newId("led", ms));
    expect(ids.size).toBe(100_000);
  });

  it("spreads the random part over the whole alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) for (const char of newId("tok", 0).slice(14)) seen.add(char);
    expect([...seen].sort().join("")).toBe("0123456789abcdefghjkmnpqrstvwxyz");
  });

  it("sorts by creation time (property)", () => {
    const ms = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        fc.pre(a !== b);
        const idA = newId("pay", a);
        const idB = newId("pay", b);
        expect(idA < idB).toBe(a < b);
      }),
    );
  });

  it("keeps a sequence of increasing timestamps in order", () => {
    const start = Date.UTC(2026, 2, 29, 0, 59, 59, 990);
    const ids = Array.from({ length: 1_000 }, (_, i) => newId("msg", start + i));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(idTimeMs)).toEqual(ids.map((_, i) => start + i));
  });
});

describe("isId", () => {
  const valid = newId("cus", Date.UTC(2026, 0, 1));
  const body = valid.slice(4);

  it("accepts a valid id", () => {
    expect(isId(valid, "cus")).toBe(true);
    expect(isId(`cus_${"0".repeat(26)}`, "cus")).toBe(true);
    expect(isId(`cus_7${"z".repeat(25)}`, "cus")).toBe(true);
  });

  it.each<[string, unknown]>([
    ["wrong prefix", `inv_${body}`],
    ["prefix of another kind with same body", `con_${body}`],
    ["missing prefix", body],
    ["missing underscore", `cus${body}`],
    ["dash instead of underscore", `cus-${body}`],
    ["too short", `cus_${body.slice(1)}`],
    ["too long", `cus_${body}0`],
    ["uppercase body", `cus_${body.toUpperCase()}`],
    ["uppercase prefix", `CUS_${body}`],
    ["letter i", `cus_${body.slice(0, 25)}i`],
    ["letter l", `cus_${body.slice(0, 25)}l`],
    ["letter o", `cus_${body.slice(0, 25)}o`],
    ["letter u", `cus_${body.slice(0, 25)}u`],
    ["punctuation", `cus_${body.slice(0, 25)}-`],
    ["timestamp overflow", `cus_8${body.slice(1)}`],
    ["whitespace", ` ${valid}`],
    ["trailing newline", `${valid}\n`],
    ["empty", ""],
    ["number", 42],
    ["null", null],
    ["undefined", undefined],
    ["object", { id: valid }],
  ])("rejects %s", (_, value) => {
    expect(isId(value, "cus")).toBe(false);
  });

  it("rejects an unknown prefix argument", () => {
    expect(isId(`xyz_${body}`, "xyz" as IdPrefix)).toBe(false);
  });

  it("narrows unknown to string", () => {
    const value: unknown = valid;
    if (isId(value, "cus")) {
      expect(value.length).toBe(30);
    } else {
      expect.unreachable();
    }
  });
});

describe("idTimeMs", () => {
  it("rejects strings that are not ids", () => {
    expect(() => idTimeMs("nope")).toThrow(TypeError);
    expect(() => idTimeMs(`xyz_${"0".repeat(26)}`)).toThrow(TypeError);
  });
});

describe("ids made in the same millisecond", () => {
  it("sort in the order they were made", () => {
    const ids = Array.from({ length: 1000 }, () => newId("svc", 1_795_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
