import { ACCOUNTS, expect, pageHeading } from "./support/fixtures.ts";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { signedInTest as a11yTest } from "./support/session.ts";

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
    await page.goto("/finances/documents");
    await expect(pageHeading(page)).toHaveText("Számláim");
    const first = page.getByRole("link", { name: /^KAPU-\d{4}-\d{6}$/ }).first();
    await expect(first).toBeVisible();
    await expectAccessible(page, "/finances/documents");

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
      await page.goto("/finances/documents");
      await expect(pageHeading(page)).toHaveText("Számláim");
      await expect(page.getByRole("list", { name: "Számlák listája" })).toContainText(
        /KAPU-\d{4}-\d{6}/,
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "/finances/documents at phone width");

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
