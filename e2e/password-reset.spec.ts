import {
  ACCOUNTS,
  account,
  expect,
  logIn,
  pageHeading,
  test,
  waitForMail,
} from "./support/fixtures.ts";

test("a customer resets a forgotten password with the link from the mail", async ({
  page,
  baseURL,
}) => {
  const aino = account(ACCOUNTS.passwordReset);
  expect(aino.language).toBe("en");
  const newPassword = `Uj-jelszo-${Date.now()}`;

  // Ask for the link from the (Hungarian) login page.
  await page.goto("/login");
  await page.getByRole("link", { name: "Elfelejtett jelszó" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(pageHeading(page)).toHaveText("Elfelejtett jelszó");
  await page.getByLabel("E-mail-cím").fill(aino.email);
  await page.getByRole("button", { name: "Link küldése" }).click();
  await expect(page.getByText("Ha ehhez a címhez tartozik fiók, elküldtük rá")).toBeVisible();

  // The mail goes out in the user's stored language (English), not the page's.
  const mail = await waitForMail(
    (m) => m.to.includes(aino.email) && m.subject === "Reset your Kapu password",
  );
  const link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail.text)?.[0];
  expect(link, `no reset link in the mail:\n${mail.text}`).toBeDefined();
  expect(link!.startsWith(`${baseURL}/reset-password?token=`)).toBe(true);

  // Set the new password through the link.
  await page.goto(link!);
  await expect(pageHeading(page)).toHaveText("Új jelszó beállítása");
  await page.getByLabel("Új jelszó").fill(newPassword);
  await page.getByRole("button", { name: "Jelszó mentése" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("A jelszavát megváltoztattuk")).toBeVisible();
  await waitForMail(
    (m) => m.to.includes(aino.email) && m.subject === "Your Kapu password was changed",
  );

  // The link works once.
  await page.goto(link!);
  await page.getByLabel("Új jelszó").fill(`${newPassword}-again`);
  await page.getByRole("button", { name: "Jelszó mentése" }).click();
  await expect(page.getByRole("alert")).toContainText("Ez a link érvénytelen vagy lejárt.");
  await expect(page).toHaveURL(/\/reset-password\?token=/);

  // The old password no longer works...
  await logIn(page, aino);
  await expect(page.getByRole("alert")).toContainText("Hibás e-mail-cím vagy jelszó.");
  await expect(page).toHaveURL(/\/login$/);

  // ...the new one does. The UI then follows the account's language (English).
  await logIn(page, { email: aino.email, password: newPassword });
  await expect(page).toHaveURL(/\/services$/);
  await expect(pageHeading(page)).toHaveText("My services");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("table", { name: "List of services" })).toContainText("revontuli.fi");
});
