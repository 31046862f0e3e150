import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistrarError } from "./port.ts";
import { RdapRegistrar } from "./rdap.ts";

/**
 * The RDAP client against a real HTTP server on 127.0.0.1 (port chosen by the OS) that answers
 * like registries' RDAP servers do: 404 for a free name, 200 with a domain object for a taken
 * one, 503 or 429 when overloaded, a redirect (as rdap.org sends to the TLD's server), and no
 * answer at all.
 */

// Shaped after a real .com answer (Verisign), trimmed.
const KAPU_COM = {
  objectClassName: "domain",
  handle: "2336799_DOMAIN_COM-VRSN",
  ldhName: "KAPU.COM",
  links: [
    {
      value: "https://rdap.verisign.com/com/v1/domain/KAPU.COM",
      rel: "self",
      href: "https://rdap.verisign.com/com/v1/domain/KAPU.COM",
      type: "application/rdap+json",
    },
  ],
  status: ["client delete prohibited", "client transfer prohibited", "client update prohibited"],
  entities: [
    {
      objectClassName: "entity",
      handle: "292",
      roles: ["registrar"],
      publicIds: [{ type: "IANA Registrar ID", identifier: "292" }],
      vcardArray: [
        "vcard",
        [
          ["version", {}, "text", "4.0"],
          ["fn", {}, "text", "Example Registrar Inc."],
        ],
      ],
    },
  ],
  events: [
    { eventAction: "registration", eventDate: "1997-09-15T04:00:00Z" },
    { eventAction: "expiration", eventDate: "2028-09-14T04:00:00Z" },
    { eventAction: "last update of RDAP database", eventDate: "2026-11-23T09:52:11Z" },
  ],
  secureDNS: { delegationSigned: false },
  nameservers: [
    { objectClassName: "nameserver", ldhName: "NS1.KAPU.COM" },
    { objectClassName: "nameserver", ldhName: "NS2.KAPU.COM" },
  ],
  rdapConformance: [
    "rdap_level_0",
    "icann_rdap_technical_implementation_guide_1",
    "icann_rdap_response_profile_1",
  ],
  notices: [
    {
      title: "Terms of Use",
      description: ["Service subject to Terms of Use."],
      links: [
        {
          href: "https://www.verisign.com/domain-names/registration-data-access-protocol/terms-service/index.xhtml",
          type: "text/html",
        },
      ],
    },
  ],
};

const NO_EXPIRY = { ...KAPU_COM, ldhName: "NOEXPIRY.NET", events: [] };

const rdapError = (errorCode: number, title: string, description: string[]) => ({
  errorCode,
  title,
  description,
  rdapConformance: ["rdap_level_0"],
});

let server: Server;
let base: string;
const requests: { url: string; accept: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", accept: req.headers.accept });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/rdap+json" });
      res.end(JSON.stringify(body));
    };
    const path = req.url ?? "";
    const name = decodeURIComponent(path.replace(/^.*\/domain\//, ""));
    if (!path.startsWith("/rdap/domain/") && !path.startsWith("/com-server/domain/"))
      return json(404, rdapError(404, "Not Found", ["No such path"]));
    switch (name) {
      case "kapu.com":
        return json(200, KAPU_COM);
      case "noexpiry.net":
        return json(200, NO_EXPIRY);
      case "moved.com":
        if (path.startsWith("/rdap/")) {
          res.writeHead(302, { location: `/com-server/domain/moved.com` });
          return res.end();
        }
        return json(200, { ...KAPU_COM, ldhName: "MOVED.COM" });
      case "busy.com":
        return json(503, rdapError(503, "Service Unavailable", ["Try again later."]));
      case "limited.com":
        res.writeHead(429, { "retry-after": "10" });
        return res.end();
      case "proxy.com":
        res.writeHead(200, { "content-type": "text/html" });
        return res.end("<html><body>Captive portal</body></html>");
      case "bad.com":
        return json(400, rdapError(400, "Bad Request", ["Domain name not valid for this TLD"]));
      case "hang.com":
        return; // reads the request, never answers: the client's time limit ends it
      default:
        return json(404, rdapError(404, "Not Found", [`${name} is not registered`]));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rdap/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (timeoutMs = 2000) => new RdapRegistrar({ baseUrl: base, timeoutMs });

async function failure(promise: Promise<unknown>): Promise<RegistrarError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistrarError) return error;
    throw error;
  }
  throw new Error("expected a RegistrarError, the call succeeded");
}

describe("RdapRegistrar.checkAvailability", () => {
  it("reads 404 as available and 200 as registered with the expiration event", async () => {
    requests.length = 0;
    const results = await client().checkAvailability(["szabad.com", "kapu.com", "noexpiry.net"]);
    expect(results).toEqual([
      { name: "szabad.com", status: "available" },
      { name: "kapu.com", status: "registered", expiresAt: "2028-09-14T04:00:00.000Z" },
      { name: "noexpiry.net", status: "registered" },
    ]);
    expect(requests.map((r) => r.url).sort()).toEqual([
      "/rdap/domain/kapu.com",
      "/rdap/domain/noexpiry.net",
      "/rdap/domain/szabad.com",
    ]);
    for (const r of requests) expect(r.accept).toMatch(/^application\/rdap\+json/);
  });

  it("follows a redirect to the TLD's server, keeping the Accept header", async () => {
    requests.length = 0;
    expect(await client().checkAvailability(["moved.com"])).toEqual([
      { name: "moved.com", status: "registered", expiresAt: "2028-09-14T04:00:00.000Z" },
    ]);
    expect(requests.map((r) => r.url)).toEqual([
      "/rdap/domain/moved.com",
      "/com-server/domain/moved.com",
    ]);
    expect(requests[1]?.accept).toMatch(/^application\/rdap\+json/);
  });

  it("answers unknown for a 200 that is not an RDAP domain object", async () => {
    expect(await client().checkAvailability(["proxy.com"])).toEqual([
      { name: "proxy.com", status: "unknown" },
    ]);
  });

  it("throws a retryable error for 503, with the server's RDAP error text", async () => {
    const e = await failure(client().checkAvailability(["szabad.com", "busy.com"]));
    expect([e.code, e.retryable]).toEqual(["unavailable", true]);
    expect(e.registryMessage).toBe("Service Unavailable Try again later.");
    expect(e.message).toContain("HTTP 503");
  });

  it("throws a retryable error for 429", async () => {
    const e = await failure(client().checkAvailability(["limited.com"]));
    expect([e.code, e.retryable]).toEqual(["unavailable", true]);
    expect(e.message).toContain("rate limited");
  });

  it("throws a non-retryable error for another 4xx", async () => {
    const e = await failure(client().checkAvailability(["bad.com"]));
    expect([e.code, e.retryable]).toEqual(["rejected", false]);
    expect(e.registryMessage).toBe("Bad Request Domain name not valid for this TLD");
  });

  it("ends a query that gets no answer at its time limit, as a retryable timeout", async () => {
    const e = await failure(client(300).checkAvailability(["hang.com"]));
    expect([e.code, e.retryable]).toEqual(["timeout", true]);
    expect(e.message).toContain("300 ms");
  }, 10_000);

  it("throws a retryable error when nothing listens", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const e = await failure(
      new RdapRegistrar({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }).checkAvailability(
        ["szabad.com"],
      ),
    );
    expect([e.code, e.retryable]).toEqual(["unavailable", true]);
  });

  it("checks many names a few at a time and keeps their order", async () => {
    requests.length = 0;
    const names = Array.from({ length: 9 }, (_, i) => `nev${i}.com`);
    const results = await new RdapRegistrar({
      baseUrl: base,
      timeoutMs: 2000,
      concurrency: 2,
    }).checkAvailability([...names, "kapu.com"]);
    expect(results.map((r) => r.name)).toEqual([...names, "kapu.com"]);
    expect(results.map((r) => r.status)).toEqual([...names.map(() => "available"), "registered"]);
    expect(requests).toHaveLength(10);
  });
});

describe("RdapRegistrar writes", () => {
  it.each(["register", "renew", "transfer"] as const)(
    "%s is not supported, for good",
    async (operation) => {
      const registrar = client();
      const call =
        operation === "register"
          ? registrar.register()
          : operation === "renew"
            ? registrar.renew()
            : registrar.transfer();
      const e = await failure(call);
      expect([e.code, e.retryable]).toEqual(["not_supported", false]);
      expect(e.message).toContain("not supported by the RDAP checker");
    },
  );
});
