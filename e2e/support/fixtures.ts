import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { ENV, type DemoLogins, type ReceivedMail } from "./env.ts";
import { nextTotpCode } from "./totp.ts";

export { expect };

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the journeys with \`npx playwright test -c e2e/playwright.config.ts\`, whose global setup starts the server.`,
    );
  }
  return value;
}

/** Every spec imports `test` from here: it fails early, and clearly, without the global setup. */
export const test = base.extend<{ kapuServer: string }>({
  kapuServer: [
    async ({ baseURL }, use) => {
      if (!baseURL) required(ENV.baseUrl);
      await use(baseURL ?? "");
    },
    { auto: true },
  ],
});

let demoLogins: DemoLogins | undefined;

/** The logins printed by `kapu demo --json` during global setup. */
export function demo(): DemoLogins {
  demoLogins ??= JSON.parse(required(ENV.demo)) as DemoLogins;
  return demoLogins;
}

export interface Login {
  email: string;
  password: string;
  /** Staff: the two-factor secret the login's second step needs (null: not enrolled). */
  totpSecret?: string | null;
}

/**
 * The demo logins each spec uses. The specs share one server and run one after the other, so a
 * journey that changes its user (password, language) must have that user to itself.
 */
export const ACCOUNTS = {
  /** customer.spec.ts: switches the account's language to English. */
  customerJourney: "anna.kovacs@demo.kapu.hu",
  /** password-reset.spec.ts: changes the password. Stored language English. */
  passwordReset: "aino@revontuli.demo.kapu.fi",
  /** a11y.spec.ts: several services and invoices, Hungarian. */
  accessibility: "gergo@webmuhely.demo.kapu.hu",
  /** finances.spec.ts: reads the Finances pages; switches to English and back. */
  finances: "ildiko.varga@demo.kapu.hu",
  /** staff.spec.ts, staff-billing.spec.ts, payments.spec.ts and a11y.spec.ts. */
  staffAdmin: "admin@demo.kapu.hu",
  /** staff.spec.ts: the read-only role sees a customer's notification addresses, cannot edit. */
  staffReadonly: "auditor@demo.kapu.hu",
  /** two-factor.spec.ts: enrols in two-factor login (the demo leaves it without). */
  staffEnrol: "support@demo.kapu.hu",
  /** two-factor.spec.ts: turns two-factor on and off, changes the login e-mail address. */
  customerSecurity: "julia@pixelgyar.demo.kapu.hu",
  /** payments.spec.ts: pays proformas (made for it) by card. Hungarian company. */
  payments: "reka@zoldkert.demo.kapu.hu",
  /** profile.spec.ts: edits the account's billing data and notification addresses. */
  profile: "erzsebet@fokonyv.demo.kapu.hu",
  /** staff-admin.spec.ts: reads Profile → Activity after staff issued a proforma for it. */
  activity: "hajnalka@fuszer.demo.kapu.hu",
} as const;

/** Customers whose documents a spec changes through staff (no login of theirs is used). */
export const CUSTOMERS = {
  /** payments.spec.ts: the statement import pays proformas made for it. */
  bankImport: "Balaton Apartmanok Kft.",
  /** payments.spec.ts: pays by card. */
  payments: "Zöld Kert Kft.",
  /** payments.spec.ts: a manual payment, its refund, a write-off. */
  manualPayment: "Simon Dóra",
  /** a11y.spec.ts: a manual payment to show on the staff payment pages. */
  accessibility: "Lakatos Bence",
  /** staff.spec.ts: staff change its notification addresses (where its invoices go). */
  staffNotifications: "Čebelica d.o.o.",
} as const;

/** A login from the demo JSON; fails when the demo no longer has it. */
export function account(email: string): Login & { language: string; totpSecret: string | null } {
  const { customers, staff, access } = demo();
  const customer = customers.find((c) => c.email === email);
  if (customer)
    return { email, password: customer.password, language: customer.language, totpSecret: null };
  const narrower = access.find((a) => a.email === email);
  if (narrower) return { email, password: narrower.password, language: "hu", totpSecret: null };
  const member = staff.find((s) => s.email === email);
  if (member)
    return { email, password: member.password, language: "hu", totpSecret: member.totpSecret };
  throw new Error(`The demo data has no login ${email}`);
}

/**
 * Logs in through the login form, which must be in Hungarian (the default UI language); with a
 * two-factor secret, also through the code step. Returns once the server has answered (whether
 * it let the login in or not), so that navigating next cannot cancel the login request.
 */
export async function logIn(page: Page, login: Login): Promise<void> {
  const submit = async (button: string, path: string) => {
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === path,
    );
    await page.getByRole("button", { name: button }).click();
    await answered;
  };
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail-cím" }).fill(login.email);
  // By accessible name: the label's text also holds the required mark ("Jelszó *").
  await page.getByRole("textbox", { name: "Jelszó", exact: true }).fill(login.password);
  await submit("Belépés", "/api/auth/login");
  if (login.totpSecret) {
    const code = page.getByRole("textbox", { name: "Hitelesítő kód" });
    await code.fill(await nextTotpCode(login.totpSecret));
    await submit("Ellenőrzés", "/api/auth/login/two-factor");
  }
}

/**
 * Logs in through the API (a Playwright request context): the password, then, for a login
 * with two-factor on, the code. Returns the session body (with its CSRF token).
 */
export async function apiLogIn(
  request: APIRequestContext,
  login: Login,
): Promise<{ csrfToken: string }> {
  const first = await request.post("/api/auth/login", {
    data: { email: login.email, password: login.password },
  });
  expect(first.status(), `login of ${login.email}: ${await first.text()}`).toBe(200);
  const body = (await first.json()) as { csrfToken: string } | { challenge: string };
  if (!("challenge" in body)) return body;
  if (!login.totpSecret) throw new Error(`${login.email} has two-factor on; no secret is known`);
  const second = await request.post("/api/auth/login/two-factor", {
    data: { challenge: body.challenge, code: await nextTotpCode(login.totpSecret) },
  });
  expect(second.status(), `two-factor login of ${login.email}: ${await second.text()}`).toBe(200);
  return (await second.json()) as { csrfToken: string };
}

/** The page's h1 (every page has exactly one). */
export function pageHeading(page: Page) {
  return page.getByRole("heading", { level: 1 });
}

/** Reads what the test SMTP server has received so far, oldest first. */
export function receivedMail(): ReceivedMail[] {
  const dir = required(ENV.mailDir);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as ReceivedMail);
}

/** Waits, bounded, for a received message matching the predicate. */
export async function waitForMail(
  predicate: (mail: ReceivedMail) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = receivedMail();
    const found = all.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = all.map((m) => `  ${m.to.join(", ")}: ${m.subject}`).join("\n") || "  (none)";
      throw new Error(`No matching mail arrived within ${timeoutMs} ms. Received:\n${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
