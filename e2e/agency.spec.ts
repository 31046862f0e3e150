import type { Browser, Locator, Page } from "@playwright/test";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { ACCOUNTS, account, expect, logIn, pageHeading, waitForMail } from "./support/fixtures.ts";
import { orderStartWithFreeDomain, payPlacedOrderByCard } from "./support/order.ts";
import { signedInTest as test } from "./support/session.ts";
import { staffApi } from "./support/staff-api.ts";

/**
 * Accounts and access (issue 6) as people meet them: an agency opens an account for its client
 * and orders for it (seed 004), a contact who may only see the money, staff acting as a
 * customer.
 *
 * The demo logins used here are this spec's alone (see ACCOUNTS in support/fixtures.ts for the
 * others).
 */
const LOGINS = {
  /** The agency: a freelance web developer who opens accounts for clients. */
  agency: "bence.lakatos@demo.kapu.hu",
  /** Adds an accountant with the billing permission only. */
  owner: "peter.horvath@demo.kapu.hu",
} as const;

const RUN = Date.now().toString(36);
const CLIENT = `Sparrow Ügyfél ${RUN} Kft.`;
const CLIENT_OWNER = { name: "Ügyfél Ilona", email: `ilona.${RUN}@ugyfel.example` };
/** A domain name no run has ordered before. */
const CLIENT_DOMAIN = `sparrow-ugyfel-${RUN}`;
const ACCOUNTANT = { name: "Könyvelő Kata", email: `kata.${RUN}@konyvelo.example` };
const NEW_PASSWORD = `Uj-jelszo-${RUN}-Kapu`;

function mainNav(page: Page): Locator {
  return page.getByRole("navigation", { name: "Fő navigáció" });
}

/** The account menu in the header (desktop width). */
function accountMenu(page: Page): Locator {
  return page.getByRole("button", { name: /^Fiók: .*Fiókváltás$/ });
}

/** The invitation link in a mail to `to` whose subject matches. */
async function invitationLink(to: string, subject: string): Promise<string> {
  const mail = await waitForMail((m) => m.to.includes(to) && m.subject === subject);
  const link = /https?:\/\/\S+\/invitation\?token=[\w-]+/.exec(mail.text)?.[0];
  expect(link, `no invitation link in the mail:\n${mail.text}`).toBeDefined();
  return link!;
}

/**
 * A fresh browser for the invited person: no cookies (the test's own login would otherwise come
 * along, and accepting would end it), Hungarian UI.
 */
async function newVisitor(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  return context.newPage();
}

/** Accepts an invitation for a new login: name, password twice. Lands in the portal. */
async function acceptAsNewLogin(page: Page, link: string, name: string): Promise<void> {
  await page.getByRole("textbox", { name: "Az Ön neve" }).fill(name);
  await page.getByRole("textbox", { name: "Új jelszó", exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("textbox", { name: "Új jelszó még egyszer" }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Meghívó elfogadása" }).click();
  await expect(page).not.toHaveURL(link);
}

test.describe("an agency opens an account for its client (seed 004)", () => {
  test.use({ signedInAs: LOGINS.agency });

  test("new client account → the client accepts and sees the agency → the agency switches in, orders Start with a free domain and pays by card", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(150_000);

    // The agency opens the account from its account menu.
    await page.goto("/services");
    await expect(accountMenu(page)).toHaveText("Lakatos Bence");
    await accountMenu(page).click();
    await page.getByRole("menuitem", { name: "Új ügyfélfiók" }).click();
    await expect(page).toHaveURL(/\/clients\/new$/);
    await expect(pageHeading(page)).toHaveText("Új ügyfélfiók");
    await expect(page.getByRole("menu")).toHaveCount(0); // closed, not half-way out
    await expectAccessible(page, "/clients/new");

    // Missing data is said on the fields, nothing is sent.
    await page.getByRole("button", { name: "Fiók megnyitása" }).click();
    await expect(page.getByRole("textbox", { name: "Cégnév" })).toHaveAccessibleDescription(
      "Kötelező mező.",
    );
    await expectAccessible(page, "/clients/new with errors");

    await page.getByRole("textbox", { name: "Cégnév" }).fill(CLIENT);
    await expect(page.getByRole("combobox", { name: "Ország" })).toHaveValue("HU");
    await page.getByRole("textbox", { name: "Irányítószám" }).fill("1111");
    await page.getByRole("textbox", { name: "Település" }).fill("Budapest");
    await page.getByRole("textbox", { name: "Utca, házszám" }).fill("Bartók Béla út 1.");
    await page.getByRole("textbox", { name: "Adószám", exact: true }).fill("12345676-2-41");
    await page.getByRole("textbox", { name: "A tulajdonos neve" }).fill(CLIENT_OWNER.name);
    await page.getByRole("textbox", { name: "A tulajdonos e-mail-címe" }).fill(CLIENT_OWNER.email);
    await page.getByRole("button", { name: "Fiók megnyitása" }).click();

    // The session now acts for the new account: straight to the order page.
    await expect(page).toHaveURL(/\/order$/);
    await expect(page.getByRole("status").filter({ hasText: "fiókja elkészült" })).toContainText(
      CLIENT_OWNER.email,
    );
    await expect(accountMenu(page)).toHaveText(`${CLIENT} – ügynökségként`);

    // The client gets the invitation, sets a password, and sees the agency as its manager.
    const link = await invitationLink(CLIENT_OWNER.email, `Elkészült a(z) ${CLIENT} ügyfélfiókja`);
    const client = await newVisitor(browser, baseURL);
    await client.goto(link);
    await expect(pageHeading(client)).toHaveText("Meghívó");
    await expect(
      client.getByText(`Meghívták ${CLIENT} fiókjába kapcsolattartóként.`),
    ).toBeVisible();
    await expect(client.getByText("Tulajdonos", { exact: true })).toBeVisible();
    await expectAccessible(client, "/invitation");
    await acceptAsNewLogin(client, link, CLIENT_OWNER.name);
    await expect(client).toHaveURL(/\/services$/);

    await mainNav(client).getByRole("link", { name: "Profil" }).click();
    await client
      .getByRole("navigation", { name: "Profil" })
      .getByRole("link", { name: "Kezelők" })
      .click();
    await expect(pageHeading(client)).toHaveText("Kezelők");
    await expect(client.getByText("az Ön jelszava nélkül")).toBeVisible();
    const managers = client.getByRole("table", { name: "A fiók kezelői" });
    await expect(managers.getByRole("row", { name: /Lakatos Bence/ })).toContainText("Aktív");
    await expect(managers.getByRole("row", { name: /Lakatos Bence/ })).toContainText("Tulajdonos");
    await expectAccessible(client, "/profile/managers");

    await client
      .getByRole("navigation", { name: "Profil" })
      .getByRole("link", { name: "Kapcsolattartók" })
      .click();
    await expect(pageHeading(client)).toHaveText("Kapcsolattartók");
    await expect(
      client.getByRole("table", { name: "A fiók kapcsolattartói" }).getByRole("row", {
        name: new RegExp(CLIENT_OWNER.name),
      }),
    ).toContainText("Be tud lépni");
    await client.context().close();

    // The agency switches to its own account and back into the client's.
    await accountMenu(page).click();
    await page.getByRole("menuitem", { name: /Lakatos Bence/ }).click();
    await expect(accountMenu(page)).toHaveText("Lakatos Bence");
    await expect(page).toHaveURL(/\/services$/);
    await expect(
      page.getByRole("table", { name: "Szolgáltatások listája" }).getByRole("row", {
        name: /lakatosbence\.hu/,
      }),
    ).toBeVisible();
    await accountMenu(page).click();
    const clientItem = page.getByRole("menuitem", { name: new RegExp(CLIENT) });
    await expect(clientItem).toContainText("ügynökségként");
    await clientItem.click();
    await expect(accountMenu(page)).toHaveText(`${CLIENT} – ügynökségként`);

    // It orders the Start plan with the free domain for the client, and pays by card.
    await mainNav(page).getByRole("link", { name: "Megrendelés" }).click();
    await orderStartWithFreeDomain(page, CLIENT_DOMAIN);
    await payPlacedOrderByCard(page);

    // The client's services now hold the order.
    await page.goto("/services");
    await expect(page.getByRole("table", { name: "Szolgáltatások listája" })).toContainText(
      `${CLIENT_DOMAIN}.hu`,
    );
  });
});

test.describe("an agency asks for access to an existing account", () => {
  test.use({ signedInAs: LOGINS.agency });

  test("the owner approves it with fewer permissions, the agency switches in, the owner ends it", async ({
    page,
    browser,
    baseURL,
    playwright,
  }) => {
    test.setTimeout(90_000);
    const staff = await staffApi(() =>
      playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }),
    );
    const found = await staff.get<{ items: { name: string; code: string }[] }>(
      `/api/staff/customers?q=${encodeURIComponent("Horváth Péter")}`,
    );
    const code = found.items.find((c) => c.name === "Horváth Péter")?.code;
    expect(code, "Horváth Péter's customer code").toBeDefined();

    await page.goto("/clients/request");
    await expect(pageHeading(page)).toHaveText("Hozzáférés kérése egy fiókhoz");
    await page.getByRole("textbox", { name: "Ügyfélkód" }).fill(code!);
    await page.getByRole("textbox", { name: "Egy tulajdonos e-mail-címe" }).fill(LOGINS.owner);
    const asked = page.getByRole("group", { name: "A kért jogosultságok" });
    await asked.getByRole("checkbox", { name: /^Pénzügy/ }).check();
    await asked.getByRole("checkbox", { name: /^Műszaki/ }).check();
    await expectAccessible(page, "/clients/request");
    await page.getByRole("button", { name: "Kérés elküldése" }).click();
    await expect(page.getByRole("status")).toContainText("Ha az ügyfélkód és a cím összetartozik");

    // The owner is asked by mail, and decides on the Managers page.
    await waitForMail(
      (m) =>
        m.to.includes(LOGINS.owner) &&
        m.subject === "Lakatos Bence kezelői hozzáférést kér a(z) Horváth Péter fiókhoz",
    );
    const owner = await newVisitor(browser, baseURL);
    await logIn(owner, account(LOGINS.owner));
    await owner.goto("/profile/managers");
    await expect(pageHeading(owner)).toHaveText("Kezelők");
    const requests = owner.getByRole("table", { name: "Kérések" });
    await expect(requests.getByRole("row", { name: /Lakatos Bence/ })).toContainText("Pénzügy");
    await expectAccessible(owner, "/profile/managers with a request");
    await owner.getByRole("button", { name: /^Jóváhagyás: Lakatos Bence/ }).click();
    const approve = owner.getByRole("dialog", { name: /^Lakatos Bence .* jóváhagyása$/ });
    await approve.getByRole("checkbox", { name: /^Műszaki/ }).uncheck();
    await expectAccessible(owner, "the approve dialog");
    await approve.getByRole("button", { name: "Jóváhagyás" }).click();
    await expect(owner.getByRole("status")).toContainText("mostantól kezeli a fiókot");
    const current = owner
      .getByRole("table", { name: "A fiók kezelői" })
      .getByRole("row", { name: /Lakatos Bence/ });
    await expect(current).toContainText("Aktív");
    await expect(current).not.toContainText("Műszaki");

    // The agency switches in: billing only, so it starts at the invoices.
    await page.reload();
    await accountMenu(page).click();
    await page.getByRole("menuitem", { name: /Horváth Péter/ }).click();
    await expect(accountMenu(page)).toHaveText("Horváth Péter – ügynökségként");
    await expect(page).toHaveURL(/\/finances\/documents$/);
    await expect(mainNav(page).getByRole("link", { name: "Megrendelés" })).toHaveCount(0);

    // The owner ends the access; it stops at the agency's next step.
    await current.getByRole("button", { name: /^Műveletek: Lakatos Bence/ }).click();
    await owner.getByRole("menuitem", { name: "Hozzáférés megszüntetése" }).click();
    await owner
      .getByRole("dialog", { name: /^Megszünteti Lakatos Bence/ })
      .getByRole("button", { name: "Hozzáférés megszüntetése" })
      .click();
    await expect(owner.getByRole("status")).toContainText("már nem kezeli a fiókot");
    await expect(
      owner.getByRole("table", { name: "Korábbi kezelők" }).getByRole("row", {
        name: /Lakatos Bence/,
      }),
    ).toContainText("Megszűnt");
    await owner.context().close();

    await page.reload();
    await expect(pageHeading(page)).toHaveText("Nincs fiók");
    await expectAccessible(page, "the no-account page");
    await accountMenu(page).click();
    await expect(page.getByRole("menuitem", { name: /Horváth Péter/ })).toHaveCount(0);
    await page.getByRole("menuitem", { name: /^Lakatos Bence/ }).click();
    await expect(accountMenu(page)).toHaveText("Lakatos Bence");
  });
});

test.describe("a contact with the billing permission only", () => {
  test.use({ signedInAs: LOGINS.owner });

  test("is invited by the owner, sees the invoices and services but cannot order", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await page.goto("/profile/contacts");
    await expect(pageHeading(page)).toHaveText("Kapcsolattartók");
    const contacts = page.getByRole("table", { name: "A fiók kapcsolattartói" });
    await expect(contacts.getByRole("row", { name: /Horváth Péter/ })).toContainText("Tulajdonos");
    await expectAccessible(page, "/profile/contacts");

    // The owner cannot take away the account's last owner.
    await page.getByRole("button", { name: "Műveletek: Horváth Péter" }).click();
    await page.getByRole("menuitem", { name: "Kapcsolattartó eltávolítása" }).click();
    const remove = page.getByRole("dialog", { name: "Eltávolítja: Horváth Péter?" });
    await remove.getByRole("button", { name: "Kapcsolattartó eltávolítása" }).click();
    await expect(remove).toContainText("legalább egy olyan tulajdonosa");
    await remove.getByRole("button", { name: "Vissza" }).click();

    // Adds the accountant with the billing permission.
    await page.getByRole("button", { name: "Kapcsolattartó hozzáadása" }).click();
    const dialog = page.getByRole("dialog", { name: "Kapcsolattartó hozzáadása" });
    await dialog.getByRole("textbox", { name: "Név" }).fill(ACCOUNTANT.name);
    await dialog.getByRole("textbox", { name: "E-mail-cím" }).fill(ACCOUNTANT.email);
    const permissions = dialog.getByRole("group", { name: "Jogosultságok" });
    await permissions.getByRole("checkbox", { name: /^Pénzügy/ }).check();
    // Owner implies every other permission.
    await permissions.getByRole("checkbox", { name: /^Tulajdonos/ }).check();
    await expect(permissions.getByRole("checkbox", { name: /^Műszaki/ })).toBeChecked();
    await expect(permissions.getByRole("checkbox", { name: /^Műszaki/ })).toBeDisabled();
    await permissions.getByRole("checkbox", { name: /^Tulajdonos/ }).uncheck();
    await permissions.getByRole("checkbox", { name: /^Pénzügy/ }).check();
    await expect(permissions.getByRole("checkbox", { name: /^Műszaki/ })).not.toBeChecked();
    await expectAccessible(page, "the add contact dialog");
    await dialog.getByRole("button", { name: "Hozzáadás" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status")).toContainText(
      `meghívót küldtünk a(z) ${ACCOUNTANT.email} címre`,
    );
    const row = contacts.getByRole("row", { name: new RegExp(ACCOUNTANT.name) });
    await expect(row).toContainText("Pénzügy");
    await expect(row).toContainText("Meghívva");

    // The same address twice: said in plain words.
    await page.getByRole("button", { name: "Kapcsolattartó hozzáadása" }).click();
    await dialog.getByRole("textbox", { name: "Név" }).fill("Másik Kata");
    await dialog.getByRole("textbox", { name: "E-mail-cím" }).fill(ACCOUNTANT.email);
    await dialog
      .getByRole("group", { name: "Jogosultságok" })
      .getByRole("checkbox", { name: /^Csak olvasás/ })
      .check();
    await dialog.getByRole("button", { name: "Hozzáadás" }).click();
    await expect(dialog).toContainText("már van kapcsolattartó ezzel az e-mail-címmel");
    await dialog.getByRole("button", { name: "Mégse" }).click();

    // The accountant accepts and lands on the invoices.
    const link = await invitationLink(ACCOUNTANT.email, "Meghívás a(z) Horváth Péter ügyfélfiókba");
    const accountant = await newVisitor(browser, baseURL);
    await accountant.goto(link);
    await expect(accountant.getByText("Pénzügy", { exact: true })).toBeVisible();
    await acceptAsNewLogin(accountant, link, ACCOUNTANT.name);
    await expect(accountant).toHaveURL(/\/finances\/documents$/);
    await expect(pageHeading(accountant)).toHaveText("Számláim");

    const nav = mainNav(accountant);
    await expect(nav.getByRole("link", { name: "Számláim" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Szolgáltatásaim" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Megrendelés" })).toHaveCount(0);

    // Typing the address is no way around it.
    await accountant.goto("/order");
    await expect(pageHeading(accountant)).toHaveText("Nincs jogosultsága");
    await expectAccessible(accountant, "the not-allowed page");
    await accountant.goto("/profile/contacts");
    await expect(pageHeading(accountant)).toHaveText("Nincs jogosultsága");

    // The link worked once.
    await accountant.goto(link);
    await expect(accountant.getByText("Ez a meghívó link már nem érvényes.")).toBeVisible();
    await accountant.context().close();

    // The owner sees the accountant can log in now.
    await page.reload();
    await expect(row).toContainText("Be tud lépni");
  });
});

test.describe("the demo agency", () => {
  test("manages two demo accounts and switches between them", async ({ page }) => {
    await logIn(page, account("penzugy@sparrow.demo.kapu.hu"));
    await expect(accountMenu(page)).toHaveText("Balaton Apartmanok Kft. – ügynökségként");
    await accountMenu(page).click();
    await page.getByRole("menuitem", { name: /Nordlicht GmbH/ }).click();
    await expect(accountMenu(page)).toHaveText("Nordlicht GmbH – ügynökségként");
    // Billing, technical and domains, not owner: the account's contacts are not its business.
    await expect(mainNav(page).getByRole("link", { name: "Számláim" })).toBeVisible();
    await page.goto("/profile/contacts");
    await expect(pageHeading(page)).toHaveText("Nincs jogosultsága");
  });
});

test.describe("staff act as a customer", () => {
  test("see the customer's portal under a banner, and end it", async ({ page }) => {
    test.setTimeout(90_000);
    // A login of its own: acting changes the session, which must not be the one other staff
    // journeys of this worker share.
    await logIn(page, account(ACCOUNTS.staffAdmin));
    await expect(page).toHaveURL(/\/staff\/customers$/);
    await page.getByRole("searchbox", { name: "Keresés" }).fill("Szegedi Pék");
    await page.getByRole("link", { name: "Szegedi Pékség Bt." }).click();
    await expect(pageHeading(page)).toHaveText("Szegedi Pékség Bt.");
    await page.getByRole("button", { name: "Belépés az ügyfél nevében" }).click();

    await expect(page).toHaveURL(/\/services$/);
    const banner = page.getByRole("region", { name: "Munkatársi nézet" });
    await expect(banner).toContainText(
      "Ön Szegedi Pékség Bt. nevében jár el – munkatársi nézet; a műveleteit rögzítjük.",
    );
    await expect(page.getByRole("table", { name: "Szolgáltatások listája" })).toContainText(
      "szegedipekseg.hu",
    );
    await expectAccessible(page, "a customer page while staff act as the customer");
    await mainNav(page).getByRole("link", { name: "Számláim" }).click();
    await expect(banner).toBeVisible();

    await banner.getByRole("button", { name: "Befejezés" }).click();
    await expect(page).toHaveURL(/\/staff\/customers\/cus_\w+$/);
    await expect(pageHeading(page)).toHaveText("Szegedi Pékség Bt.");
    await expect(banner).toHaveCount(0);
    await expect(mainNav(page).getByRole("link", { name: "Számláim" })).toHaveCount(0);
  });
});

test.describe("at phone width", () => {
  test.use({ signedInAs: LOGINS.owner, viewport: PHONE });

  test("contacts, new client account and the account menu fit the screen", async ({ page }) => {
    await page.goto("/profile/contacts");
    await expect(pageHeading(page)).toHaveText("Kapcsolattartók");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/profile/contacts at phone width");

    await page.goto("/clients/new");
    await expect(pageHeading(page)).toHaveText("Új ügyfélfiók");
    await expectNoHorizontalScroll(page);

    // The account menu is in the navigation behind the menu button.
    await page.getByRole("button", { name: "Menü" }).click();
    await mainNav(page)
      .getByRole("button", { name: /^Fiók: Horváth Péter/ })
      .click();
    await expect(
      page.getByRole("menuitem", { name: "Hozzáférés kérése egy fiókhoz" }),
    ).toBeVisible();
    await page.getByRole("menuitem", { name: "Hozzáférés kérése egy fiókhoz" }).click();
    await expect(pageHeading(page)).toHaveText("Hozzáférés kérése egy fiókhoz");
    await expect(page.getByRole("menu")).toHaveCount(0); // closed, not half-way out
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/clients/request at phone width");
  });
});
