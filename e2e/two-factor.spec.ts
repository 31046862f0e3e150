import { expectAccessible, expectNoHorizontalScroll, PHONE } from "./support/a11y.ts";
import {
  ACCOUNTS,
  account,
  expect,
  logIn,
  pageHeading,
  test,
  waitForMail,
} from "./support/fixtures.ts";
import { nextTotpCode } from "./support/totp.ts";

/**
 * Two-factor login (issue 6): staff must enrol before anything else, then log in with the
 * password and a code; a customer turns it on for itself, uses a recovery code, turns it off,
 * and changes the login e-mail address. Each journey has its demo login to itself.
 */

test("staff enrols in two-factor login, then logs in with the password and a code", async ({
  page,
}) => {
  const login = account(ACCOUNTS.staffEnrol);
  expect(login.totpSecret).toBeNull();

  await logIn(page, login);
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expect(pageHeading(page)).toHaveText("Fiókbiztonság");
  await expect(page.getByText("Kapcsolja be a kétlépcsős belépést")).toBeVisible();
  // The staff pages stay closed until the enrolment.
  await page.goto("/staff/customers");
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expectAccessible(page, "/profile/security, before enrolling");

  await page.getByRole("button", { name: "Kétlépcsős belépés bekapcsolása" }).click();
  await expect(page.getByRole("img", { name: /QR-kód/ })).toBeVisible();
  // What the phone would read from the QR code: the key shown beside it.
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "/profile/security, QR code");
  await page.getByRole("textbox", { name: "Az alkalmazás kódja" }).fill(await nextTotpCode(secret));
  await page.getByRole("button", { name: "Bekapcsolás" }).click();

  const codes = page.getByRole("list", { name: "Tartalékkódok" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
  for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
  await expectAccessible(page, "/profile/security, recovery codes");
  await page.getByRole("button", { name: "Elmentettem a kódokat" }).click();
  await expect(page.getByText(/A kétlépcsős belépés be van kapcsolva/)).toBeVisible();
  await expect(page.getByText("10 felhasználatlan tartalékkódja van.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Munkamenetek" })).toBeVisible();
  await expectAccessible(page, "/profile/security, enrolled");

  // The staff pages open now.
  await page.getByRole("link", { name: "Ügyfelek" }).click();
  await expect(page).toHaveURL(/\/staff\/customers$/);

  await page.getByRole("button", { name: "Kilépés" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, { ...login, totpSecret: secret });
  await expect(page).toHaveURL(/\/staff\/customers$/);
  await expect(pageHeading(page)).toHaveText("Ügyfelek");

  // A recovery code works once, instead of the code.
  await page.getByRole("button", { name: "Kilépés" }).click();
  await logIn(page, login);
  await page.getByRole("button", { name: "Tartalékkódot használok" }).click();
  await page.getByRole("textbox", { name: "Tartalékkód" }).fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Ellenőrzés" }).click();
  await expect(page).toHaveURL(/\/staff\/customers$/);
  await page.getByRole("link", { name: "Fiókbiztonság" }).click();
  await expect(page.getByText("9 felhasználatlan tartalékkódja van.")).toBeVisible();
  // Staff cannot turn it off.
  await expect(page.getByText(/munkatársaknak kötelező: nem kapcsolható ki/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Kétlépcsős belépés kikapcsolása" })).toHaveCount(
    0,
  );
});

test.describe("at phone width", () => {
  test.use({ viewport: PHONE });

  test("a customer turns two-factor on and off, and changes the login e-mail", async ({ page }) => {
    const context = page.context();
    const login = account(ACCOUNTS.customerSecurity);
    await logIn(page, login);
    await expect(page).toHaveURL(/\/services$/);
    await page.goto("/profile/security");
    await expect(pageHeading(page)).toHaveText("Fiókbiztonság");
    await expect(page.getByText(/A kétlépcsős belépés ki van kapcsolva/)).toBeVisible();
    // The session list: this device, with a log-out button.
    await expect(page.getByText("Ez az eszköz")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/profile/security, customer, phone");

    await page.getByRole("button", { name: "Kétlépcsős belépés bekapcsolása" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
    await page.getByRole("textbox", { name: "Az alkalmazás kódja" }).fill("000000");
    await page.getByRole("button", { name: "Bekapcsolás" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "A kód nem helyes" })).toBeVisible();
    await page
      .getByRole("textbox", { name: "Az alkalmazás kódja" })
      .fill(await nextTotpCode(secret));
    await page.getByRole("button", { name: "Bekapcsolás" }).click();
    await expect(page.getByRole("list", { name: "Tartalékkódok" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.getByRole("button", { name: "Elmentettem a kódokat" }).click();

    // The next login asks for the code.
    await context.clearCookies();
    await logIn(page, { ...login, totpSecret: secret });
    await expect(page).toHaveURL(/\/services$/);

    // Turning it off needs the password.
    await page.goto("/profile/security");
    await page.getByRole("button", { name: "Kétlépcsős belépés kikapcsolása" }).click();
    const turnOff = page.getByRole("form", { name: "Kétlépcsős belépés kikapcsolása" });
    await turnOff.getByRole("textbox", { name: "Jelszó", exact: true }).fill(login.password);
    await turnOff.getByRole("button", { name: "Kikapcsolás" }).click();
    await expect(page.getByText(/A kétlépcsős belépés ki van kapcsolva/)).toBeVisible();

    // A new login e-mail address: a link to it, the change when it is opened.
    const newEmail = "julia.farkas@pixelgyar.demo.kapu.hu";
    const form = page.getByRole("form", { name: "Belépési e-mail-cím" });
    await form.getByRole("textbox", { name: "Új e-mail-cím" }).fill(newEmail);
    await form.getByRole("textbox", { name: "Jelszó", exact: true }).fill(login.password);
    await form.getByRole("button", { name: "Megerősítő link küldése" }).click();
    await expect(
      page.getByText(`Megerősítő linket küldtünk ide: ${newEmail}.`, { exact: false }),
    ).toBeVisible();
    const mail = await waitForMail((m) => m.to.includes(newEmail));
    const link = /https?:\/\/\S+\/confirm-email\?token=[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    await waitForMail((m) => m.to.includes(login.email) && /Kapu belépési e-mail/.test(m.subject));
    await page.goto(link!);
    await expect(pageHeading(page)).toHaveText("Új e-mail-cím megerősítése");
    await expectAccessible(page, "/confirm-email");
    await page.getByRole("button", { name: "Megerősítés" }).click();
    await expect(
      page.getByText(`A belépési e-mail-címe mostantól ${newEmail}.`, { exact: false }),
    ).toBeVisible();

    await context.clearCookies();
    await logIn(page, { email: newEmail, password: login.password });
    await expect(page).toHaveURL(/\/services$/);
  });
});
