import {
  ACCOUNTS,
  CUSTOMERS,
  account,
  expect,
  logIn,
  pageHeading,
  test,
} from "./support/fixtures.ts";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { signedInTest } from "./support/session.ts";
import { addOwnAddress } from "./support/notifications.ts";

test("staff finds a customer and sees its contacts and services", async ({ page }) => {
  await logIn(page, account(ACCOUNTS.staffAdmin));

  await expect(page).toHaveURL(/\/staff\/customers$/);
  await expect(pageHeading(page)).toHaveText("Ügyfelek");
  const list = page.getByRole("table", { name: "Ügyféllista" });
  await expect(page.getByText(/^\d+ ügyfél látható$/)).toBeVisible();
  await expect(list.getByRole("row").nth(2)).toBeVisible(); // more than one customer

  await page.getByRole("searchbox", { name: "Keresés" }).fill("Szegedi Pék");
  await expect(page.getByText("1 ügyfél látható")).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(2); // header + the match
  await list.getByRole("link", { name: "Szegedi Pékség Bt." }).click();

  await expect(page).toHaveURL(/\/staff\/customers\/cus_\w+$/);
  await expect(pageHeading(page)).toHaveText("Szegedi Pékség Bt.");
  const contacts = page.getByRole("table", { name: "Kapcsolattartók" });
  await expect(contacts.getByRole("row", { name: /Tóth Ödön/ })).toContainText(
    "odon@szegedipekseg.demo.kapu.hu",
  );
  const services = page.getByRole("table", { name: "Szolgáltatások listája" });
  await expect(services.getByRole("row", { name: /Pro tárhely/ })).toContainText(
    "szegedipekseg.hu",
  );
  await expect(services.getByRole("row", { name: /\.hu domain/ })).toContainText(
    "szegedipekseg.hu",
  );
  await expect(services.getByRole("row")).toHaveCount(3);
});

/**
 * Notification addresses on the staff customer page (A4): the administrator sends a customer's
 * invoices to an address of its own — an invalid one is refused on its field first — and finds
 * it there after a reload; the dialog passes axe, also at phone width.
 */
signedInTest.describe("a customer's notification addresses", () => {
  signedInTest.use({ signedInAs: ACCOUNTS.staffAdmin });

  signedInTest("staff send the customer's invoices to another address", async ({ page }) => {
    const customer = CUSTOMERS.staffNotifications;
    await page.goto("/staff/customers");
    await page.getByRole("searchbox", { name: "Keresés" }).fill(customer);
    await page
      .getByRole("table", { name: "Ügyféllista" })
      .getByRole("link", { name: customer })
      .click();
    await expect(pageHeading(page)).toHaveText(customer);

    const section = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { level: 2, name: "Értesítési címek" }) });
    await expect(section).toContainText(
      "Számlák és fizetésekspela@cebelica.demo.kapu.si (alapértelmezés)",
    );

    const openDialog = async () => {
      await section.getByRole("button", { name: "Értesítési címek szerkesztése" }).click();
      const dialog = page.getByRole("dialog", {
        name: "Az ügyfél értesítési címeinek szerkesztése",
      });
      await expect(dialog).toBeVisible();
      return dialog;
    };
    let dialog = await openDialog();
    let invoices = dialog.getByRole("group", { name: "Számlák és fizetések" });
    await expect(invoices).toContainText(
      "Most ide megy (alapértelmezés): spela@cebelica.demo.kapu.si",
    );
    await expectAccessible(page, "the staff customer page with the notification addresses dialog");

    const address = await addOwnAddress(invoices, "Számlák és fizetések");
    // The staff route refuses it on its field, in plain words.
    await address.fill("szamla@");
    await dialog.getByRole("button", { name: "Értesítési címek mentése" }).click();
    await expect(address).toHaveAttribute("aria-invalid", "true");
    await expect(address).toHaveAccessibleDescription("Adjon meg érvényes e-mail-címet.");

    await address.fill("szamla@cebelica.demo.kapu.si");
    await dialog.getByRole("button", { name: "Értesítési címek mentése" }).click();
    await expect(dialog.getByRole("status")).toHaveText("Mentve.");
    await expect(invoices).toContainText("Most ide megy: szamla@cebelica.demo.kapu.si");
    await dialog.getByRole("button", { name: "Bezárás" }).click();
    await expect(dialog).toBeHidden();

    await page.reload();
    await expect(section).toContainText("Számlák és fizetésekszamla@cebelica.demo.kapu.si");
    // Other types keep the default.
    await expect(section).toContainText(
      "Megújítási emlékeztetőkspela@cebelica.demo.kapu.si (alapértelmezés)",
    );
    dialog = await openDialog();
    invoices = dialog.getByRole("group", { name: "Számlák és fizetések" });
    await expect(
      invoices.getByRole("textbox", { name: "Számlák és fizetések: 1. e-mail-cím" }),
    ).toHaveValue("szamla@cebelica.demo.kapu.si");
    await dialog.getByRole("button", { name: "Bezárás" }).click();

    // At phone width the dialog fills the screen and nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    dialog = await openDialog();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "the notification addresses dialog on a phone");
  });
});

/** The read-only role (the demo auditor) reads a customer's notification addresses, no more. */
signedInTest.describe("notification addresses for read-only staff", () => {
  signedInTest.use({ signedInAs: ACCOUNTS.staffReadonly });

  signedInTest("are shown without the edit button", async ({ page }) => {
    await page.goto("/staff/customers");
    await page.getByRole("searchbox", { name: "Keresés" }).fill("Szegedi Pék");
    await page
      .getByRole("table", { name: "Ügyféllista" })
      .getByRole("link", { name: "Szegedi Pékség Bt." })
      .click();
    await expect(pageHeading(page)).toHaveText("Szegedi Pékség Bt.");
    const section = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { level: 2, name: "Értesítési címek" }) });
    await expect(section).toContainText("Számlák és fizetések");
    await expect(section).toContainText("(alapértelmezés)");
    await expect(section.getByRole("button")).toHaveCount(0);
  });
});
