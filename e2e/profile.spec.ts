import { ACCOUNTS, expect, pageHeading } from "./support/fixtures.ts";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { signedInTest as test } from "./support/session.ts";
import { addOwnAddress } from "./support/notifications.ts";

/**
 * Profile → Data and Profile → Notifications (A4, A7): the owner of a Hungarian company fixes
 * its billing data — the server refuses a tax number with a wrong check digit on the field, then
 * takes a valid one — and sends its invoices to the accountant's address. Both pages pass axe,
 * with and without errors, at desktop and phone width.
 */
test.describe("profile", () => {
  test.use({ signedInAs: ACCOUNTS.profile });

  test("billing data: a wrong tax number is refused on its field, a valid one is saved", async ({
    page,
  }) => {
    await page.goto("/services");
    await page.getByRole("link", { name: "Profil" }).click();
    await expect(page).toHaveURL(/\/profile\/data$/);
    await expect(pageHeading(page)).toHaveText("Számlázási adatok");
    await expect(page.getByText("A változás az új bizonylatokra vonatkozik")).toBeVisible();
    const profileNav = page.getByRole("navigation", { name: "Profil" });
    await expect(profileNav.getByRole("link", { name: "Számlázási adatok" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expectAccessible(page, "/profile/data");

    const taxNumber = page.getByRole("textbox", { name: "Magyar adószám" });
    await expect(taxNumber).toHaveValue("45678909-2-41");
    // The 8th digit (the check digit) is wrong.
    await taxNumber.fill("45678908-2-41");
    await page.getByRole("button", { name: "Számlázási adatok mentése" }).click();
    await expect(taxNumber).toHaveAttribute("aria-invalid", "true");
    await expect(taxNumber).toHaveAccessibleDescription(
      /Ez nem érvényes magyar adószám\. Formája 12345678-1-12/,
    );
    await expect(page.getByText("Néhány adat nem érvényes.")).toBeVisible();
    await expectAccessible(page, "/profile/data with a field error");

    await taxNumber.fill("45678909-2-42");
    await page.getByRole("textbox", { name: "Irányítószám" }).fill("4024");
    await page.getByRole("textbox", { name: "Település" }).fill("Debrecen");
    await page.getByRole("button", { name: "Számlázási adatok mentése" }).click();
    await expect(page.getByRole("status")).toContainText(
      "Mentve. A mostantól kiállított bizonylatok már az új adatokkal készülnek.",
    );
    await expect(taxNumber).not.toHaveAttribute("aria-invalid", "true");

    await page.reload();
    await expect(page.getByRole("textbox", { name: "Magyar adószám" })).toHaveValue(
      "45678909-2-42",
    );
    await expect(page.getByRole("textbox", { name: "Település" })).toHaveValue("Debrecen");
  });

  test("notification addresses: invoices go to the accountant's address", async ({ page }) => {
    await page.goto("/profile/data");
    await page
      .getByRole("navigation", { name: "Profil" })
      .getByRole("link", { name: "Értesítések" })
      .click();
    await expect(pageHeading(page)).toHaveText("Értesítési címek");
    const invoices = page.getByRole("group", { name: "Számlák és fizetések" });
    await expect(invoices).toContainText(
      "Most ide megy (alapértelmezés): erzsebet@fokonyv.demo.kapu.hu",
    );
    await expectAccessible(page, "/profile/notifications");

    const address = await addOwnAddress(invoices, "Számlák és fizetések");
    await address.fill("konyveles@");
    await page.getByRole("button", { name: "Értesítési címek mentése" }).click();
    await expect(address).toHaveAttribute("aria-invalid", "true");
    await expect(address).toHaveAccessibleDescription("Adjon meg érvényes e-mail-címet.");
    await expectAccessible(page, "/profile/notifications with a field error");

    await address.fill("konyveles@fokonyv.demo.kapu.hu");
    await page.getByRole("button", { name: "Értesítési címek mentése" }).click();
    await expect(page.getByRole("status")).toHaveText("Mentve.");
    await expect(invoices).toContainText("Most ide megy: konyveles@fokonyv.demo.kapu.hu");
    // Other types keep the default.
    await expect(page.getByRole("group", { name: "Megújítási emlékeztetők" })).toContainText(
      "Most ide megy (alapértelmezés): erzsebet@fokonyv.demo.kapu.hu",
    );
  });

  test("both pages at phone width", async ({ page }) => {
    await page.setViewportSize(PHONE);
    for (const [path, heading] of [
      ["/profile/data", "Számlázási adatok"],
      ["/profile/notifications", "Értesítési címek"],
    ] as const) {
      await page.goto(path);
      await expect(pageHeading(page)).toHaveText(heading);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, `${path} on a phone`);
    }
  });
});
