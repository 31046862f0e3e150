import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./index.ts";

describe("configuration", () => {
  it("has defaults for the embedded mode", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      baseUrl: "http://localhost:3000",
      timeZone: "Europe/Budapest",
      defaultCurrency: "HUF",
      defaultLanguage: "hu",
      databaseUrl: undefined,
      smtpUrl: undefined,
      loginRateLimit: 10,
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it("switches to PostgreSQL with DATABASE_URL and trims BASE_URL", () => {
    const c = loadConfig({
      DATABASE_URL: "postgres://u:p@db:5432/kapu",
      BASE_URL: "https://portal.example.com/",
    });
    expect(c.databaseUrl).toBe("postgres://u:p@db:5432/kapu");
    expect(c.baseUrl).toBe("https://portal.example.com");
  });

  it.each([
    ["PORT", "abc", /^Invalid configuration: PORT must be a number \(got "abc"\)$/],
    ["PORT", "70000", /PORT must be at most 65535/],
    ["TIME_ZONE", "Mars/Olympus", /TIME_ZONE must be an IANA time zone/],
    [
      "DATABASE_URL",
      "mysql://x",
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ connection URL/,
    ],
    ["DEFAULT_CURRENCY", "USD", /DEFAULT_CURRENCY must be one of HUF, EUR/],
    ["DEFAULT_LANGUAGE", "de", /DEFAULT_LANGUAGE must be one of hu, en/],
    ["BASE_URL", "ftp://x", /BASE_URL must be an http\(s\) URL/],
    ["SMTP_URL", "mail.example.com", /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of/],
    ["LOGIN_RATE_LIMIT", "0", /LOGIN_RATE_LIMIT must be at least 1/],
  ])("%s=%s stops start-up with one line naming it", (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", SMTP_URL: "" }).port).toBe(3000);
  });
});
