import { AxeBuilder } from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { ACCOUNTS, account, expect, pageHeading, test, type Login } from "./support/fixtures.ts";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const PHONE = { width: 375, height: 812 };

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/** One login per account per worker (the login route allows 10 attempts a minute per address). */
const sessions = new Map<string, Promise<StorageState>>();

function sessionOf(
  newRequestContext: () => Promise<APIRequestContext>,
  login: Login,
): Promise<StorageState> {
  let session = sessions.get(login.email);
  if (!session) {
    session = (async () => {
      const request = await newRequestContext();
      try {
        const response = await request.post("/api/auth/login", {
          data: { email: login.email, password: login.password },
        });
        expect(response.status(), `login of ${login.email}`).toBe(200);
        return await request.storageState();
      } finally {
        await request.dispose();
      }
    })();
    sessions.set(login.email, session);
  }
  return session;
}

/** `test.use({ signedInAs: … })` starts the page logged in as that demo account. */
const a11yTest = test.extend<{ signedInAs: string | null }>({
  signedInAs: [null, { option: true }],
  storageState: async ({ signedInAs, storageState, playwright, baseURL }, use) => {
    if (signedInAs === null) return use(storageState);
    await use(
      await sessionOf(() => playwright.request.newContext({ baseURL }), account(signedInAs)),
    );
  },
});

/** Runs axe on the page as it is now; fails on serious and critical violations, listing them. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary ?? ""}`).join("\n"),
    );
  expect(violations, `axe found serious/critical violations on ${what}`).toEqual([]);
}

/** No horizontal scrolling: the page fits the viewport. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // The test code is type-checked without the DOM library; describe the two values used.
  const size = await page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
  });
  expect(size.scrollWidth, "page is wider than the viewport").toBeLessThanOrEqual(size.innerWidth);
}

a11yTest.describe("pages without login", () => {
  a11yTest("login", async ({ page }) => {
    await page.goto("/login");
    await expect(pageHeading(page)).toHaveText("Belépés");
    await expect(page.getByLabel("E-mail-cím")).toBeVisible();
    await expectAccessible(page, "/login");
  });

  a11yTest("login with a validation error", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Belépés" }).click();
    // Each error is tied to its field.
    for (const name of ["E-mail-cím", "Jelszó"]) {
      const field = page.getByRole("textbox", { name, exact: true });
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveAccessibleDescription("Kötelező mező.");
    }
    await expectAccessible(page, "/login with errors");
  });

  a11yTest("forgot password", async ({ page }) => {
    await page.goto("/forgot-password");
    await expect(pageHeading(page)).toHaveText("Elfelejtett jelszó");
    await expect(page.getByRole("button", { name: "Link küldése" })).toBeVisible();
    await expectAccessible(page, "/forgot-password");
  });

  a11yTest("reset password", async ({ page }) => {
    await page.goto(`/reset-password?token=${"x".repeat(43)}`);
    await expect(pageHeading(page)).toHaveText("Új jelszó beállítása");
    await expect(page.getByLabel("Új jelszó")).toBeVisible();
    await expectAccessible(page, "/reset-password");
  });
});

a11yTest.describe("customer pages", () => {
  a11yTest.use({ signedInAs: ACCOUNTS.accessibility });

  a11yTest("my services", async ({ page }) => {
    await page.goto("/services");
    await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
    await expect(page.getByRole("table", { name: "Szolgáltatások listája" })).toContainText(
      "webmuhely.hu",
    );
    await expectAccessible(page, "/services");
  });

  a11yTest("my invoices and an invoice", async ({ page }) => {
    await page.goto("/finances/invoices");
    await expect(pageHeading(page)).toHaveText("Számláim");
    const first = page.getByRole("link", { name: /^KAPU-\d{4}-\d{6}$/ }).first();
    await expect(first).toBeVisible();
    await expectAccessible(page, "/finances/invoices");

    const number = (await first.textContent()) ?? "";
    await first.click();
    await expect(pageHeading(page)).toHaveText(`Számla ${number}`);
    await expect(page.getByRole("table", { name: "Tételek" })).toBeVisible();
    await expectAccessible(page, `invoice ${number}`);
  });

  a11yTest.describe("at phone width", () => {
    a11yTest.use({ viewport: PHONE });

    a11yTest("my services fit the screen; the menu opens the navigation", async ({ page }) => {
      await page.goto("/services");
      await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
      // Cards instead of a table.
      await expect(page.getByRole("list", { name: "Szolgáltatások listája" })).toContainText(
        "webmuhely.hu",
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "/services at phone width");

      const nav = page.getByRole("navigation", { name: "Fő navigáció" });
      const menu = page.getByRole("button", { name: "Menü" });
      await expect(nav).toBeHidden();
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await menu.click();
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      await expect(nav.getByRole("link", { name: "Számláim" })).toBeVisible();
      await expectAccessible(page, "/services at phone width, menu open");

      await nav.getByRole("link", { name: "Számláim" }).click();
      await expect(pageHeading(page)).toHaveText("Számláim");
      await expect(nav).toBeHidden();
      await expect(menu).toHaveAttribute("aria-expanded", "false");
    });

    a11yTest("my invoices fit the screen; the menu opens the navigation", async ({ page }) => {
      await page.goto("/finances/invoices");
      await expect(pageHeading(page)).toHaveText("Számláim");
      await expect(page.getByRole("list", { name: "Számlák listája" })).toContainText(
        /KAPU-\d{4}-\d{6}/,
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "/finances/invoices at phone width");

      const nav = page.getByRole("navigation", { name: "Fő navigáció" });
      await page.getByRole("button", { name: "Menü" }).click();
      await nav.getByRole("link", { name: "Szolgáltatásaim" }).click();
      await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
      await expect(nav).toBeHidden();
    });
  });
});

a11yTest.describe("staff pages", () => {
  a11yTest.use({ signedInAs: ACCOUNTS.staffAdmin });

  a11yTest("customers", async ({ page }) => {
    await page.goto("/staff/customers");
    await expect(pageHeading(page)).toHaveText("Ügyfelek");
    await expect(page.getByRole("table", { name: "Ügyféllista" })).toContainText("Kovács Anna");
    await expectAccessible(page, "/staff/customers");
  });
});
