import { ACCOUNTS, account, expect, logIn, pageHeading, test } from "./support/fixtures.ts";

test("a customer sees services and invoices, switches to English, and logs out", async ({
  page,
}) => {
  const anna = account(ACCOUNTS.customerJourney);
  expect(anna.language).toBe("hu");

  // Hungarian is the default UI language.
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "hu");
  await expect(pageHeading(page)).toHaveText("Belépés");
  await logIn(page, anna);

  // Lands on the services with the demo services of Kovács Anna.
  await expect(page).toHaveURL(/\/services$/);
  await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
  const services = page.getByRole("table", { name: "Szolgáltatások listája" });
  await expect(services.getByRole("row", { name: /Start tárhely/ })).toContainText("kovacsanna.hu");
  await expect(services.getByRole("row", { name: /\.hu domain/ })).toContainText("kovacsanna.hu");
  await expect(services.getByRole("row")).toHaveCount(3); // header + 2 services

  // The invoices through the side navigation.
  const nav = page.getByRole("navigation", { name: "Fő navigáció" });
  await nav.getByRole("link", { name: "Számláim" }).click();
  await expect(page).toHaveURL(/\/finances\/documents$/);
  await expect(pageHeading(page)).toHaveText("Számláim");
  const invoices = page.getByRole("table", { name: "Számlák listája" });
  await expect(invoices.getByRole("link", { name: /^KAPU-\d{4}-\d{6}$/ }).first()).toBeVisible();
  await expect(invoices.getByRole("row", { name: /KAPU-\d{4}-\d{6}/ }).first()).toContainText(
    "Fizetve",
  );

  // Switch to English: the page changes language at once.
  await page.getByRole("button", { name: "English" }).click();
  await expect(pageHeading(page)).toHaveText("My invoices");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByRole("table", { name: "List of invoices" })).toContainText("Paid");

  // The choice is remembered across a reload.
  await page.reload();
  await expect(pageHeading(page)).toHaveText("My invoices");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "My services" })
    .click();
  await expect(pageHeading(page)).toHaveText("My services");

  // Log out: back on the login page.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(pageHeading(page)).toHaveText("Log in");
  await expect(page.getByRole("button", { name: "Log out" })).toHaveCount(0);

  // The browser's back button does not bring the customer's pages back.
  await page.goBack();
  await expect(pageHeading(page)).toHaveText("Log in");
  await expect(page.getByRole("link", { name: /^KAPU-/ })).toHaveCount(0);

  // Nor does opening a customer page directly.
  await page.goto("/services");
  await expect(page).toHaveURL(/\/login$/);
  await expect(pageHeading(page)).toHaveText("Log in");
  await expect(page.getByText("kovacsanna.hu")).toHaveCount(0);
});
