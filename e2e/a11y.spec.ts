import type { PlaywrightWorkerArgs } from "@playwright/test";
import { ACCOUNTS, CUSTOMERS, expect, pageHeading } from "./support/fixtures.ts";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { signedInTest as a11yTest } from "./support/session.ts";
import { customerId, issueProforma, staffApi } from "./support/staff-api.ts";

/**
 * A proforma of the customer paid in cash through the staff API: a payment to show on the
 * payment pages. Returns the payment's id.
 */
async function cashPayment(
  playwright: PlaywrightWorkerArgs["playwright"],
  baseURL: string | undefined,
  customer: string,
): Promise<string> {
  const api = await staffApi(() =>
    playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }),
  );
  const proforma = await issueProforma(api, customer, "5000");
  const recorded = await api.post<{ paymentId: string }>("/api/staff/payments", {
    customerId: await customerId(api, customer),
    amount: proforma.total.amount,
    currency: proforma.total.currency,
    method: "cash",
    receivedOn: new Date().toISOString().slice(0, 10),
    documents: [{ id: proforma.id }],
    idempotencyKey: `a11y-${proforma.id}`,
  });
  return recorded.paymentId;
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

  a11yTest("my payments and a payment", async ({ page, playwright, baseURL }) => {
    const paymentId = await cashPayment(playwright, baseURL, "Webműhely Ügynökség Kft.");
    await page.goto("/finances/payments");
    await expect(pageHeading(page)).toHaveText("Befizetéseim");
    await expect(page.getByRole("table", { name: "Befizetések listája" })).toContainText(
      "Készpénz",
    );
    await expectAccessible(page, "/finances/payments");

    await page.goto(`/finances/payments/${paymentId}`);
    await expect(pageHeading(page)).toHaveText(/^Befizetés, /);
    await expect(page.getByRole("table", { name: "Kifizetett bizonylatok" })).toBeVisible();
    await expectAccessible(page, "/finances/payments/:id");
  });

  a11yTest.describe("at phone width", () => {
    a11yTest.use({ viewport: PHONE });

    a11yTest("my payments fit the screen", async ({ page }) => {
      await page.goto("/finances/payments");
      await expect(pageHeading(page)).toHaveText("Befizetéseim");
      // Cards instead of a table (the payment of the test above, or the empty list).
      await expect(
        page
          .getByRole("list", { name: "Befizetések listája" })
          .or(page.getByText("Még nincs befizetés.")),
      ).toBeVisible();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "/finances/payments at phone width");
    });

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

  a11yTest(
    "payments, card notifications, bank statements and the queue",
    async ({ page, playwright, baseURL }) => {
      const paymentId = await cashPayment(playwright, baseURL, CUSTOMERS.accessibility);
      await page.goto("/staff/payments");
      await expect(pageHeading(page)).toHaveText("Befizetések");
      await expect(page.getByRole("table", { name: "Befizetések listája" })).toContainText(
        CUSTOMERS.accessibility,
      );
      await expectAccessible(page, "/staff/payments");

      await page.goto(`/staff/payments/${paymentId}`);
      await expect(pageHeading(page)).toHaveText(/^Befizetés, /);
      await page.getByRole("button", { name: "Visszatérítés" }).click();
      await expect(page.getByRole("dialog", { name: "Visszatérítés" })).toBeVisible();
      await expectAccessible(page, "refund dialog");
      await page.getByRole("button", { name: "Mégse" }).click();

      await page.goto("/staff/payments/new");
      await expect(pageHeading(page)).toHaveText("Befizetés rögzítése");
      await expectAccessible(page, "/staff/payments/new");

      await page.goto("/staff/gateway-notifications?all=true");
      await expect(pageHeading(page)).toHaveText("Kártyás értesítések");
      await expectAccessible(page, "/staff/gateway-notifications");

      await page.goto("/staff/bank");
      await expect(pageHeading(page)).toHaveText("Bankkivonatok");
      await expect(page.getByLabel("Kivonatfájl")).toBeVisible();
      await expectAccessible(page, "/staff/bank");

      await page.goto("/staff/bank/queue");
      await expect(pageHeading(page)).toHaveText("Párosításra vár");
      await expectAccessible(page, "/staff/bank/queue");
    },
  );
});
