import { describe, expect, it } from "vitest";
import { smtpUrlWithDefaults } from "./index.ts";

describe("smtpUrlWithDefaults", () => {
  it.each([
    [
      "smtp://127.0.0.1:2525",
      {
        pool: "true",
        maxConnections: "2",
        connectionTimeout: "15000",
        greetingTimeout: "15000",
        socketTimeout: "30000",
      },
    ],
    [
      "smtps://user:p%40ss@mail.example.test:465?pool=false&socketTimeout=5000",
      {
        pool: "false",
        maxConnections: "2",
        connectionTimeout: "15000",
        greetingTimeout: "15000",
        socketTimeout: "5000",
      },
    ],
  ])("%s gets the defaults it does not set itself", (given, expected) => {
    const url = new URL(smtpUrlWithDefaults(given));
    expect(Object.fromEntries(url.searchParams)).toEqual(expected);
    const original = new URL(given);
    expect([url.protocol, url.username, url.password, url.host]).toEqual([
      original.protocol,
      original.username,
      original.password,
      original.host,
    ]);
  });
});
