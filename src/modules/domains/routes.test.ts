import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/index.ts";
import { sendProblem } from "../../platform/http/problem.ts";
import { createTestRuntime, testConfig, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeStaff, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import {
  FakeRegistrar,
  RdapRegistrar,
  registerDomainRoutes,
  registrarFor,
  type DomainCheck,
} from "./index.ts";

/** The availability check through HTTP: the contract the order flow and the web UI use. */
let rt: TestRuntime;
let app: FastifyInstance;
let customer: Session;
let staff: Session;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  const c = await makeCustomer(rt);
  const s = await makeStaff(rt);
  customer = await loginAs(app, c.email, PASSWORD);
  staff = await loginAs(app, s.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const check = (name: string, s: Session | null = customer) =>
  app.inject({
    method: "GET",
    url: "/api/domains/availability",
    query: { name },
    headers: s ? { cookie: s.cookie } : {},
  });

interface Problem {
  status: number;
  code: string;
  detail: string;
}

describe("GET /api/domains/availability", () => {
  it("answers a free name as available", async () => {
    const res = await check("szabad-nev.hu");
    expect(res.statusCode).toBe(200);
    expect(res.json<DomainCheck & { query: string }>()).toEqual({
      query: "szabad-nev.hu",
      results: [
        {
          name: "szabad-nev.hu",
          unicode: "szabad-nev.hu",
          status: "available",
          premium: false,
          expiresAt: null,
        },
      ],
      refused: [],
    });
  });

  it("takes an IDN name as typed and answers it in both forms", async () => {
    const res = await check("  Árvíztűrő.HU ");
    expect(res.statusCode).toBe(200);
    const body = res.json<DomainCheck & { query: string }>();
    expect(body.query).toBe("Árvíztűrő.HU");
    expect(body.results).toEqual([
      {
        name: "xn--rvztr-wqa0gx3bwi.hu",
        unicode: "árvíztűrő.hu",
        status: "available",
        premium: false,
        expiresAt: null,
      },
    ]);
  });

  it("answers a taken name as registered, with its expiry", async () => {
    const res = await check("kapu.hu");
    expect(res.statusCode).toBe(200);
    const [result] = res.json<DomainCheck>().results;
    expect(result).toMatchObject({ name: "kapu.hu", status: "registered", premium: false });
    expect(Date.parse(result?.expiresAt ?? "")).toBeGreaterThan(rt.clock.now().getTime() - 1);
  });

  it("answers a name registered through the configured registrar as registered", async () => {
    const registrar = registrarFor(rt.config);
    expect((await check("rendeles-utan.eu")).json<DomainCheck>().results[0]?.status).toBe(
      "available",
    );
    await registrar.register({ name: "rendeles-utan.eu", years: 1, registrantId: "cus_test" });
    expect((await check("rendeles-utan.eu")).json<DomainCheck>().results[0]?.status).toBe(
      "registered",
    );
  });

  it("checks a single label under every ending sold, in the configured order", async () => {
    expect(rt.config.registrar.tlds).toEqual(["hu", "com", "eu", "net", "org"]);
    const taken = await check("kapu");
    expect(taken.statusCode).toBe(200);
    expect(taken.json<DomainCheck>().results.map((r) => [r.name, r.status])).toEqual([
      ["kapu.hu", "registered"],
      ["kapu.com", "registered"],
      ["kapu.eu", "registered"],
      ["kapu.net", "registered"],
      ["kapu.org", "registered"],
    ]);

    const mixed = await check("Shop");
    expect(mixed.json<DomainCheck>().results.map((r) => [r.unicode, r.status, r.premium])).toEqual([
      ["shop.hu", "available", true],
      ["shop.com", "available", true],
      ["shop.eu", "available", true],
      ["shop.net", "available", true],
      ["shop.org", "available", true],
    ]);
  });

  it("lists the endings whose rules refuse a single label, and checks the others", async () => {
    const res = await check("q");
    expect(res.statusCode).toBe(200);
    const body = res.json<DomainCheck>();
    expect(body.results.map((r) => r.name)).toEqual(["q.com", "q.eu", "q.net", "q.org"]);
    expect(body.refused).toEqual([
      { name: "q.hu", code: "domains.sld_too_short", message: expect.any(String) as unknown },
    ]);
  });

  it.each([
    ["kapu..hu", "domains.label_invalid"],
    ["-kapu.hu", "domains.label_invalid"],
    ["kapu_tarhely.hu", "domains.label_invalid"],
    [`${"a".repeat(64)}.com`, "domains.label_too_long"],
    [`${Array.from({ length: 4 }, () => "a".repeat(62)).join(".")}.com`, "domains.name_too_long"],
    ["kapu.de", "domains.tld_not_sold"],
    ["www.kapu.hu", "domains.name_not_registrable"],
    ["ä.hu", "domains.characters_not_allowed"],
    ["   ", "domains.name_empty"],
    ["-", "domains.label_invalid"],
  ])("refuses %j with 400 %s as problem+json", async (name, code) => {
    const res = await check(name);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = res.json<Problem>();
    expect(problem).toMatchObject({ status: 400, code });
    expect(problem.detail.length).toBeGreaterThan(10);
  });

  it.each(["nic.hu", "example.com", "www"])(
    "refuses the reserved %j with 400 domains.name_reserved",
    async (name) => {
      const res = await check(name);
      expect(res.statusCode).toBe(400);
      expect(res.json<Problem>()).toMatchObject({ code: "domains.name_reserved" });
    },
  );

  it("validates the query: the name is required and at most 300 characters", async () => {
    const missing = await app.inject({
      method: "GET",
      url: "/api/domains/availability",
      headers: { cookie: customer.cookie },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<Problem>().code).toBe("validation_failed");
    const long = await check(`${"a".repeat(298)}.hu`); // 301 characters
    expect(long.statusCode).toBe(400);
    expect(long.json<Problem>().code).toBe("validation_failed");
  });

  it("answers 401 to an anonymous caller and 403 to staff", async () => {
    const anonymous = await check("szabad.hu", null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<Problem>().code).toBe("auth.unauthenticated");
    const asStaff = await check("szabad.hu", staff);
    expect(asStaff.statusCode).toBe(403);
  });

  it.each(["unavailable", "timeout", "rejected"] as const)(
    "answers 503 domains.registry_unavailable when the registry fails (%s)",
    async (kind) => {
      const registrar = registrarFor(rt.config);
      expect(registrar).toBeInstanceOf(FakeRegistrar);
      (registrar as FakeRegistrar).failNext(kind);
      const res = await check("szabad.hu");
      expect(res.statusCode).toBe(503);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json<Problem>()).toMatchObject({
        status: 503,
        code: "domains.registry_unavailable",
      });
      // The registry's own message stays in the log.
      expect(res.body).not.toContain("2400");
      expect((await check("szabad.hu")).statusCode).toBe(200);
    },
  );
});

describe("wiring", () => {
  it("uses a registrar passed to registerDomainRoutes", async () => {
    const own = new FakeRegistrar({ takenSlds: ["sajat"], reservedSlds: [], premiumSlds: [] });
    const bare = Fastify();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    bare.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
    bare.decorateRequest("principal", null);
    bare.addHook("onRequest", async (request) => {
      request.principal = {
        sessionId: "ses_x",
        userId: "usr_x",
        email: "x@example.test",
        name: "X",
        language: "hu",
        staffRole: null,
        customerId: "cus_x",
        customerName: "X Kft.",
        permissions: ["owner"],
        via: "contact",
        csrfToken: "t",
      };
    });
    registerDomainRoutes(bare, rt, own);
    await bare.ready();
    const res = await bare.inject({ url: "/api/domains/availability?name=sajat.hu" });
    expect(res.json<DomainCheck>().results[0]).toMatchObject({
      name: "sajat.hu",
      status: "registered",
    });
    // The app's registrar (the process-wide fake) does not hold it.
    expect((await check("sajat.hu")).json<DomainCheck>().results[0]?.status).toBe("available");
    await bare.close();
  });

  it("gives one fake registrar per process, and an RDAP checker when configured", () => {
    expect(registrarFor(testConfig())).toBe(registrarFor(rt.config));
    const rdapConfig = testConfig({
      REGISTRAR: "rdap",
      RDAP_URL: "http://127.0.0.1:9/rdap/",
      RDAP_TIMEOUT_MS: "1500",
    });
    const rdap = registrarFor(rdapConfig);
    expect(rdap).toBeInstanceOf(RdapRegistrar);
    expect(registrarFor(rdapConfig)).toBe(rdap);
    expect(rdapConfig.registrar).toEqual({
      kind: "rdap",
      rdapUrl: "http://127.0.0.1:9/rdap",
      timeoutMs: 1500,
      tlds: ["hu", "com", "eu", "net", "org"],
    });
  });

  it("reads DOMAIN_TLDS as a list and names the variable when it is not one", () => {
    expect(testConfig({ DOMAIN_TLDS: " HU, .com ,co.hu,fi" }).registrar.tlds).toEqual([
      "hu",
      "com",
      "co.hu",
      "fi",
    ]);
    expect(() => testConfig({ DOMAIN_TLDS: "hu,,com" })).toThrow(ConfigError);
    expect(() => testConfig({ DOMAIN_TLDS: "hu; com" })).toThrow(/DOMAIN_TLDS/);
    expect(() => testConfig({ REGISTRAR: "epp" })).toThrow(/REGISTRAR/);
  });
});
