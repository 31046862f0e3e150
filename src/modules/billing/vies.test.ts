import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeVies, type FakeVies, type FakeViesMode } from "../../../test/fake-vies.ts";
import { eventually } from "../../../test/wait.ts";
import { FixedClock } from "../../platform/clock.ts";
import { createViesClient, type ViesResult } from "./vies.ts";

const NOW = "2026-11-20T09:30:00.000Z";
const clock = new FixedClock(NOW);

let vies: FakeVies;

beforeAll(async () => {
  vies = await startFakeVies({
    numbers: {
      HU12345676: {
        valid: true,
        name: "KAPU DEMO TÁRHELY KFT.",
        address: "1051 BUDAPEST\nOKTÓBER 6. UTCA 12.",
      },
      FI20774740: {
        valid: true,
        name: "Mäkelä Öljy Oy",
        address: "Pohjoisesplanadi 11, 00100 Helsinki",
      },
      DE136695976: { valid: true, name: null, address: null }, // Germany discloses neither
      EL094501040: { valid: true, name: "ΕΤΑΙΡΕΙΑ Α.Ε.", address: "ΑΘΗΝΑ" },
    },
  });
});

afterEach(() => {
  vies.setMode("normal");
});

afterAll(async () => {
  await vies.close();
});

const client = (timeoutMs = 2_000, extra: Partial<Parameters<typeof createViesClient>[0]> = {}) =>
  createViesClient({ baseUrl: vies.url, timeoutMs, clock, ...extra });

const unavailable = (detail: string): ViesResult => ({
  status: "unavailable",
  name: null,
  address: null,
  requestIdentifier: null,
  checkedAt: new Date(NOW),
  detail,
});

describe("createViesClient against the fake VIES", () => {
  it("confirms a valid number with the registered name and address", async () => {
    expect(await client().verify("HU", "12345676")).toEqual({
      status: "valid",
      name: "KAPU DEMO TÁRHELY KFT.",
      address: "1051 BUDAPEST\nOKTÓBER 6. UTCA 12.",
      requestIdentifier: null,
      checkedAt: new Date(NOW),
      detail: null,
    });
    expect(vies.received.at(-1)).toEqual({ countryCode: "HU", vatNumber: "12345676" });
  });

  it("sends the requester's VAT number and returns the consultation number", async () => {
    const result = await client(2_000, {
      requester: { country: "HU", number: "HU 12345676" },
    }).verify("FI", "20774740");
    expect(result).toMatchObject({ status: "valid", name: "Mäkelä Öljy Oy" });
    expect(result.requestIdentifier).toMatch(/^WAPIAAAAZ\d{7}$/);
    expect(vies.received.at(-1)).toEqual({
      countryCode: "FI",
      vatNumber: "20774740",
      requesterMemberStateCode: "HU",
      requesterNumber: "12345676",
    });
  });

  it("maps VIES's '---' (not disclosed) to null", async () => {
    expect(await client().verify("DE", "136695976")).toMatchObject({
      status: "valid",
      name: null,
      address: null,
    });
  });

  it("sends Greece as EL and cleans the number", async () => {
    expect(await client().verify("GR", "EL 094.501-040")).toMatchObject({
      status: "valid",
      name: "ΕΤΑΙΡΕΙΑ Α.Ε.",
    });
    expect(vies.received.at(-1)).toEqual({ countryCode: "EL", vatNumber: "094501040" });
    expect(await client().verify("el", "094501040")).toMatchObject({ status: "valid" });
  });

  it("reports a number VIES does not know as invalid", async () => {
    expect(await client().verify("HU", "24767547")).toEqual({
      status: "invalid",
      name: null,
      address: null,
      requestIdentifier: null,
      checkedAt: new Date(NOW),
      detail: null,
    });
  });

  it("reports INVALID_INPUT (HTTP 400) as invalid", async () => {
    expect(await client().verify("HU", "")).toMatchObject({
      status: "invalid",
      detail: "INVALID_INPUT",
    });
    expect(await client().verify("XX", "1")).toMatchObject({
      status: "invalid",
      detail: "INVALID_INPUT",
    });
  });

  it.each([
    "MS_UNAVAILABLE",
    "TIMEOUT",
    "SERVICE_UNAVAILABLE",
    "MS_MAX_CONCURRENT_REQ",
    "GLOBAL_MAX_CONCURRENT_REQ",
  ])("reports userError %s as unavailable, not invalid", async (code) => {
    vies.setMode({ kind: "user_error", code });
    expect(await client().verify("HU", "12345676")).toEqual(unavailable(code));
  });

  it.each<[string, number, ViesResult["status"]]>([
    ["MS_MAX_CONCURRENT_REQ", 200, "unavailable"],
    ["MS_UNAVAILABLE", 500, "unavailable"],
    ["SERVICE_UNAVAILABLE", 503, "unavailable"],
    ["GLOBAL_MAX_CONCURRENT_REQ", 429, "unavailable"],
    ["IP_BLOCKED", 403, "unavailable"],
    ["INVALID_REQUESTER_INFO", 400, "unavailable"],
    ["INVALID_INPUT", 400, "invalid"],
    ["INVALID_INPUT", 200, "invalid"],
  ])("reports errorWrappers %s (HTTP %i) as %s", async (code, status, expected) => {
    vies.setMode({ kind: "error_wrapper", code, status });
    expect(await client().verify("HU", "12345676")).toMatchObject({
      status: expected,
      detail: code,
      name: null,
    });
  });

  it.each([503, 500, 502, 504, 429])("reports a bare HTTP %i as unavailable", async (status) => {
    vies.setMode({ kind: "http_error", status });
    expect(await client().verify("HU", "12345676")).toEqual(unavailable(`HTTP ${status}`));
  });

  it("reports the shorthand modes as unavailable", async () => {
    const cases: [FakeViesMode | "unavailable" | "503", string][] = [
      ["unavailable", "MS_UNAVAILABLE"],
      ["503", "HTTP 503"],
    ];
    for (const [mode, detail] of cases) {
      vies.setMode(mode);
      expect(await client().verify("HU", "12345676")).toEqual(unavailable(detail));
    }
  });

  it("gives up on a hanging VIES after the timeout", async () => {
    vies.setMode("hang");
    const before = vies.requests;
    const started = Date.now();
    expect(await client(300).verify("HU", "12345676")).toEqual(unavailable("timeout after 300 ms"));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    expect(vies.requests).toBe(before + 1);
  });

  it("reports a body that is not JSON as unavailable", async () => {
    vies.setMode("malformed");
    expect(await client().verify("HU", "12345676")).toEqual(unavailable("malformed response"));
  });

  it("reports a dropped connection as unavailable", async () => {
    vies.setMode("reset");
    const result = await client().verify("HU", "12345676");
    expect(result).toMatchObject({ status: "unavailable", name: null });
    expect(result.detail).toMatch(/^network error: /);
  });

  it("reports a wrong base URL (404) as unavailable", async () => {
    const result = await createViesClient({
      baseUrl: vies.url + "/nope/",
      timeoutMs: 2_000,
      clock,
    }).verify("HU", "12345676");
    expect(result).toMatchObject({ status: "unavailable" });
  });

  it("counts every request it receives", async () => {
    const before = vies.requests;
    await client().verify("HU", "12345676");
    vies.setMode("503");
    await client().verify("HU", "12345676");
    expect(vies.requests).toBe(before + 2);
  });
});

describe("createViesClient without a VIES", () => {
  it("reports a refused connection as unavailable", async () => {
    const gone = await startFakeVies();
    const url = gone.url;
    await gone.close();
    const result = await createViesClient({ baseUrl: url, timeoutMs: 2_000, clock }).verify(
      "HU",
      "12345676",
    );
    expect(result).toMatchObject({ status: "unavailable" });
    expect(result.detail).toMatch(/^network error: /);
  });

  it("never throws, whatever fetch does", async () => {
    const throwing = createViesClient({
      baseUrl: "http://vies.invalid",
      timeoutMs: 1_000,
      clock,
      fetchImpl: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(await throwing.verify("HU", "12345676")).toEqual(
      unavailable("network error: fetch failed"),
    );

    const odd = (body: string, status = 200) =>
      createViesClient({
        baseUrl: "http://vies.invalid",
        timeoutMs: 1_000,
        clock,
        fetchImpl: () => Promise.resolve(new Response(body, { status })),
      }).verify("HU", "12345676");
    expect(await odd("{}")).toEqual(unavailable("malformed response"));
    expect(await odd("[]")).toEqual(unavailable("malformed response"));
    expect(await odd('"valid"')).toEqual(unavailable("malformed response"));
    expect(await odd('{"valid":"true"}')).toEqual(unavailable("malformed response"));
    expect(await odd('{"actionSucceed":false,"errorWrappers":[]}')).toEqual(
      unavailable("UNKNOWN_ERROR"),
    );
    expect(await odd('{"valid":true}', 500)).toEqual(unavailable("HTTP 500"));
    // the GET-endpoint shape (isValid) is understood too
    expect(await odd('{"isValid":true,"userError":"VALID","name":"X Kft."}')).toMatchObject({
      status: "valid",
      name: "X Kft.",
    });
  });
});

describe("fake VIES", () => {
  it("close() ends hanging connections", async () => {
    const fake = await startFakeVies({ mode: "hang" });
    const pending = createViesClient({ baseUrl: fake.url, timeoutMs: 20_000, clock }).verify(
      "HU",
      "12345676",
    );
    await eventually("the request to arrive", () => fake.requests === 1, { intervalMs: 10 });
    const started = Date.now();
    await fake.close();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ status: "unavailable" });
    expect(result.detail).toMatch(/^network error: /);
  });
});
