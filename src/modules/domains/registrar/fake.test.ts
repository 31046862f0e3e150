import { describe, expect, it } from "vitest";
import { FixedClock } from "../../../platform/clock.ts";
import { addYears, FakeRegistrar, type FakeFailure } from "./fake.ts";
import { RegistrarError } from "./port.ts";

const NOW = "2026-11-23T10:00:00Z";

function setup() {
  const clock = new FixedClock(NOW);
  return { clock, registry: new FakeRegistrar({ clock }) };
}

async function failure(promise: Promise<unknown>): Promise<RegistrarError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistrarError) return error;
    throw error;
  }
  throw new Error("expected a RegistrarError, the call succeeded");
}

describe("FakeRegistrar availability", () => {
  it("answers deterministically: taken, reserved, premium, free, unreadable", async () => {
    const { registry } = setup();
    const results = await registry.checkAvailability([
      "kapu.hu",
      "google.com",
      "budapest.hu",
      "shop.eu",
      "szabad-nev.hu",
      "not a name",
    ]);
    expect(results.map((r) => [r.name, r.status, r.premium])).toEqual([
      ["kapu.hu", "registered", false],
      ["google.com", "registered", false],
      ["budapest.hu", "reserved", false],
      ["shop.eu", "available", true],
      ["szabad-nev.hu", "available", false],
      ["not a name", "unknown", undefined],
    ]);
    // A name held elsewhere expires on a fixed day of the year, after now.
    const expiry = results[0]?.expiresAt ?? "";
    expect(Date.parse(expiry)).toBeGreaterThan(Date.parse(NOW));
    expect(Date.parse(expiry)).toBeLessThanOrEqual(Date.parse("2027-11-23T10:00:00Z"));
    expect((await registry.checkAvailability(["kapu.hu"]))[0]?.expiresAt).toBe(expiry);
  });

  it("takes its lists from the options", async () => {
    const registry = new FakeRegistrar({
      takenSlds: ["foglalt"],
      reservedSlds: [],
      premiumSlds: [],
    });
    const results = await registry.checkAvailability(["foglalt.hu", "kapu.hu", "budapest.hu"]);
    expect(results.map((r) => r.status)).toEqual(["registered", "available", "available"]);
  });
});

describe("FakeRegistrar register", () => {
  it("registers a free name, which is then taken, expiring after the period", async () => {
    const { registry } = setup();
    const r = await registry.register({ name: "uj-ugyfel.hu", years: 2, registrantId: "cus_1" });
    expect(r).toEqual({
      name: "uj-ugyfel.hu",
      registrantId: "cus_1",
      expiresAt: "2028-11-23T10:00:00.000Z",
    });
    expect(await registry.checkAvailability(["uj-ugyfel.hu"])).toEqual([
      {
        name: "uj-ugyfel.hu",
        status: "registered",
        premium: false,
        expiresAt: "2028-11-23T10:00:00.000Z",
      },
    ]);
  });

  it("answers a retried register of a name it holds for the same registrant as success", async () => {
    const { registry, clock } = setup();
    const first = await registry.register({ name: "retry.com", years: 1, registrantId: "cus_1" });
    clock.advance({ hours: 1 });
    const again = await registry.register({ name: "retry.com", years: 1, registrantId: "cus_1" });
    expect(again).toEqual(first); // no extra year
  });

  it("refuses a name held for another registrant, held elsewhere, or reserved, for good", async () => {
    const { registry } = setup();
    await registry.register({ name: "mine.com", years: 1, registrantId: "cus_1" });
    const other = await failure(
      registry.register({ name: "mine.com", years: 1, registrantId: "cus_2" }),
    );
    expect([other.code, other.retryable]).toEqual(["name_taken", false]);
    const elsewhere = await failure(
      registry.register({ name: "kapu.hu", years: 1, registrantId: "cus_1" }),
    );
    expect([elsewhere.code, elsewhere.retryable, elsewhere.registryMessage]).toEqual([
      "name_taken",
      false,
      "2302 Object exists",
    ]);
    const reserved = await failure(
      registry.register({ name: "budapest.hu", years: 1, registrantId: "cus_1" }),
    );
    expect([reserved.code, reserved.retryable]).toEqual(["rejected", false]);
  });

  it.each([0, 11, 1.5])("refuses a period of %s years", async (years) => {
    const { registry } = setup();
    const e = await failure(registry.register({ name: "period.com", years, registrantId: "c" }));
    expect([e.code, e.retryable]).toEqual(["rejected", false]);
    expect((await registry.checkAvailability(["period.com"]))[0]?.status).toBe("available");
  });

  it("refuses a name not in ASCII form", async () => {
    const { registry } = setup();
    const e = await failure(registry.register({ name: "árvíz.hu", years: 1, registrantId: "c" }));
    expect(e.code).toBe("rejected");
  });
});

describe("FakeRegistrar renew", () => {
  it("adds years to the expiry the caller saw, and answers a retry with the same state", async () => {
    const { registry } = setup();
    const r = await registry.register({ name: "renew.eu", years: 1, registrantId: "cus_1" });
    const renewed = await registry.renew({
      name: "renew.eu",
      years: 2,
      currentExpiresAt: r.expiresAt,
    });
    expect(renewed.expiresAt).toBe("2029-11-23T10:00:00.000Z");
    // The same request again (its answer was lost): the renewal already happened.
    const retried = await registry.renew({
      name: "renew.eu",
      years: 2,
      currentExpiresAt: r.expiresAt,
    });
    expect(retried).toEqual(renewed);
    // The expiry as a date, as EPP's curExpDate is written, is accepted too.
    const again = await registry.renew({
      name: "renew.eu",
      years: 1,
      currentExpiresAt: "2029-11-23",
    });
    expect(again.expiresAt).toBe("2030-11-23T10:00:00.000Z");
  });

  it("refuses a stale expiry, a name it does not hold, and more than 10 years ahead", async () => {
    const { registry } = setup();
    await registry.register({ name: "stale.net", years: 1, registrantId: "cus_1" });
    const stale = await failure(
      registry.renew({ name: "stale.net", years: 1, currentExpiresAt: "2026-01-01" }),
    );
    expect([stale.code, stale.retryable]).toEqual(["rejected", false]);
    const notMine = await failure(
      registry.renew({ name: "kapu.hu", years: 1, currentExpiresAt: NOW }),
    );
    expect([notMine.code, notMine.retryable]).toEqual(["not_found", false]);
    const tooFar = await failure(
      registry.renew({ name: "stale.net", years: 10, currentExpiresAt: "2027-11-23" }),
    );
    expect(tooFar.code).toBe("rejected");
    expect(registry.holding("stale.net")?.expiresAt).toBe("2027-11-23T10:00:00.000Z");
  });
});

describe("FakeRegistrar transfer", () => {
  it("moves a name held elsewhere into the account with the right auth code", async () => {
    const { registry } = setup();
    const before = (await registry.checkAvailability(["google.com"]))[0]?.expiresAt ?? "";
    const code = FakeRegistrar.authCodeOf("google.com");
    const t = await registry.transfer({
      name: "google.com",
      authCode: code,
      registrantId: "cus_9",
    });
    expect(t).toEqual({
      name: "google.com",
      registrantId: "cus_9",
      expiresAt: addYears(new Date(before), 1).toISOString(),
    });
    expect(registry.holding("google.com")).toEqual(t);
    // Retried: already here for the same registrant.
    expect(
      await registry.transfer({ name: "google.com", authCode: code, registrantId: "cus_9" }),
    ).toEqual(t);
    // Renewable from here on.
    const renewed = await registry.renew({
      name: "google.com",
      years: 1,
      currentExpiresAt: t.expiresAt,
    });
    expect(renewed.expiresAt).toBe(addYears(new Date(t.expiresAt), 1).toISOString());
  });

  it("refuses a wrong auth code for good, and changes nothing", async () => {
    const { registry } = setup();
    const e = await failure(
      registry.transfer({ name: "kapu.hu", authCode: "guess", registrantId: "cus_1" }),
    );
    expect([e.code, e.retryable, e.registryMessage]).toEqual([
      "auth_invalid",
      false,
      "2202 Invalid authorization information",
    ]);
    expect(registry.holding("kapu.hu")).toBeNull();
  });

  it("refuses a name nobody holds, and one held here for another registrant", async () => {
    const { registry } = setup();
    const none = await failure(
      registry.transfer({ name: "senki.hu", authCode: "x", registrantId: "cus_1" }),
    );
    expect(none.code).toBe("not_found");
    await registry.register({ name: "itt.hu", years: 1, registrantId: "cus_1" });
    const other = await failure(
      registry.transfer({ name: "itt.hu", authCode: "x", registrantId: "cus_2" }),
    );
    expect([other.code, other.retryable]).toEqual(["rejected", false]);
  });
});

describe("FakeRegistrar failNext", () => {
  it.each<[FakeFailure, boolean]>([
    ["timeout", true],
    ["unavailable", true],
    ["rejected", false],
  ])("%s fails the next call once (retryable %s), then it works", async (kind, retryable) => {
    const { registry } = setup();
    registry.failNext(kind);
    const e = await failure(registry.checkAvailability(["szabad.hu"]));
    expect(e).toBeInstanceOf(RegistrarError);
    expect([e.code, e.retryable]).toEqual([kind, retryable]);
    expect((await registry.checkAvailability(["szabad.hu"]))[0]?.status).toBe("available");
  });

  it("fails writes too, without changing state, and queues several failures", async () => {
    const { registry } = setup();
    registry.failNext("unavailable");
    registry.failNext("timeout");
    const first = await failure(
      registry.register({ name: "queued.hu", years: 1, registrantId: "c" }),
    );
    const second = await failure(
      registry.register({ name: "queued.hu", years: 1, registrantId: "c" }),
    );
    expect([first.code, second.code]).toEqual(["unavailable", "timeout"]);
    expect(registry.holding("queued.hu")).toBeNull();
    expect((await registry.register({ name: "queued.hu", years: 1, registrantId: "c" })).name).toBe(
      "queued.hu",
    );
  });
});

describe("addYears", () => {
  it.each([
    ["2026-11-23T10:00:00.000Z", 1, "2027-11-23T10:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", 1, "2029-02-28T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", 4, "2032-02-29T00:00:00.000Z"],
    ["2026-01-31T23:59:59.000Z", 10, "2036-01-31T23:59:59.000Z"],
  ])("%s + %s years = %s", (from, years, expected) => {
    expect(addYears(new Date(from), years).toISOString()).toBe(expected);
  });
});
