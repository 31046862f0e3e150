import type { Locator, Page } from "@playwright/test";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { ACCOUNTS, expect, pageHeading } from "./support/fixtures.ts";
import { signedInTest as test } from "./support/session.ts";

/**
 * The service lifecycle (issue 5) as customers and staff meet it: cancelling and withdrawing,
 * changing the billing cycle, ordering a plan with a domain and paying by card, the delivery
 * status; staff's billing runs, provisioning queue and the other lifecycle pages.
 *
 * The demo logins used here are this spec's alone (see ACCOUNTS in support/fixtures.ts for the
 * others): each journey changes its customer's services.
 */
const LOGINS = {
  /** Cancels the Start tárhely (simondora.hu) and withdraws. (Staff specs only pay for her.) */
  cancel: "dora.simon@demo.kapu.hu",
  /** Changes the Pro tárhely (dunaihajozas.hu) from annual to monthly. */
  cycle: "laszlo@dunaihajozas.demo.kapu.hu",
  /** Orders a Start tárhely with a new .hu domain and pays by card. Company, complete data. */
  order: "zsuzsa@merleg.demo.kapu.hu",
} as const;

const CARD_BUTTON = "Fizetés bankkártyával (Szimulátor)";

/** A name no run has ordered before: the fake registry has it free, the order takes it. */
const ORDERED_NAME = `merleg-e2e-${Date.now().toString(36)}`;
const ORDERED_DOMAIN = `${ORDERED_NAME}.hu`;

function mainNav(page: Page): Locator {
  return page.getByRole("navigation", { name: "Fő navigáció" });
}

/** Opens one of the customer's services from My services by its product and name. */
async function openService(page: Page, product: string, name: string): Promise<void> {
  await page.goto("/services");
  await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
  const row = page
    .getByRole("table", { name: "Szolgáltatások listája" })
    .getByRole("row")
    .filter({ hasText: name })
    .filter({ has: page.getByRole("link", { name: product, exact: true }) });
  await row.getByRole("link", { name: product, exact: true }).click();
  await expect(pageHeading(page)).toHaveText(`${product} – ${name}`);
}

test.describe("a customer cancels a service", () => {
  test.use({ signedInAs: LOGINS.cancel });

  test("sees the date it stops, then withdraws the cancellation", async ({ page }) => {
    await page.goto("/services");
    await expect(pageHeading(page)).toHaveText("Szolgáltatásaim");
    await expect(page.getByRole("link", { name: "Új szolgáltatás megrendelése" })).toBeVisible();
    await expectAccessible(page, "/services");

    await openService(page, "Start tárhely", "simondora.hu");
    await expect(page.getByRole("heading", { level: 2, name: "Üzembe helyezés" })).toBeVisible();
    await expectAccessible(page, "a service's page");

    await page.getByRole("button", { name: "Szolgáltatás lemondása" }).click();
    const dialog = page.getByRole("dialog", { name: "Start tárhely – simondora.hu lemondása" });
    // The notice rule is explained before anything is sent.
    await expect(dialog).toContainText("írásbeli felmondásnak számít");
    await expect(dialog).toContainText("legalább egy hónappal");
    await dialog
      .getByRole("textbox", { name: "A lemondás oka (nem kötelező)" })
      .fill("e2e: megszűnik a vállalkozás");
    await expectAccessible(page, "the cancellation dialog");
    await dialog.getByRole("button", { name: "Szolgáltatás lemondása" }).click();

    // The date the service stops, said at once.
    const result = dialog.getByRole("status");
    await expect(result).toContainText(/A szolgáltatás .+ napjától megszűnik\./);
    const date = /A szolgáltatás (.+) napjától megszűnik/.exec(await result.innerText())?.[1];
    expect(date, "the effective date in the answer").toBeTruthy();
    await expectAccessible(page, "the cancellation dialog with its effective date");
    await dialog.getByRole("button", { name: "Bezárás" }).last().click();
    await expect(dialog).toBeHidden();

    // The page and the list show the pending cancellation with the same date.
    await expect(page.getByText("Lemondás folyamatban")).toBeVisible();
    await expect(
      page.getByText(`Ön lemondta ezt a szolgáltatást. ${date} napjától megszűnik.`),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Szolgáltatás lemondása" })).toHaveCount(0);
    await expectAccessible(page, "a service with a pending cancellation");
    await page.getByRole("link", { name: "Vissza a szolgáltatásaimhoz" }).click();
    await expect(
      page.getByRole("table", { name: "Szolgáltatások listája" }).getByRole("row", {
        name: /simondora\.hu/,
      }),
    ).toContainText(`Lemondva, ${date} napjától megszűnik`);

    // Withdrawn: the service goes on.
    await openService(page, "Start tárhely", "simondora.hu");
    await page.getByRole("button", { name: "Lemondás visszavonása" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "A lemondást visszavonta" }),
    ).toBeVisible();
    await expect(page.getByText("Lemondás folyamatban")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Szolgáltatás lemondása" })).toBeVisible();
    await expectAccessible(page, "a service after withdrawing its cancellation");
  });
});

test.describe("a customer changes the billing cycle", () => {
  test.use({ signedInAs: LOGINS.cycle });

  test("from annual to monthly, from the next period", async ({ page }) => {
    await openService(page, "Pro tárhely", "dunaihajozas.hu");
    await page.getByRole("button", { name: "Számlázási időszak módosítása" }).click();
    const dialog = page.getByRole("dialog", {
      name: "Pro tárhely – dunaihajozas.hu számlázási időszaka",
    });
    await expect(dialog.getByRole("radio", { name: "Éves (jelenlegi)" })).toBeChecked();
    // Each cycle the catalog offers, with its price.
    await expect(dialog).toContainText(/3490\s*Ft/);
    await dialog.getByRole("radio", { name: "Havi" }).check();
    await expectAccessible(page, "the cycle change dialog");
    await dialog.getByRole("button", { name: "Számlázási időszak módosítása" }).click();

    const result = dialog.getByRole("status");
    await expect(result).toContainText("A számlázási időszak új értéke: Havi.");
    await expect(result).toContainText(/napjától a díj időszakonként 3490\s*Ft\./);
    await expectAccessible(page, "the cycle change dialog with its result");
    await dialog.getByRole("button", { name: "Bezárás" }).last().click();

    // The page says what changes and from when; the current cycle stays until then.
    await expect(page.getByText(/napjától: Havi$/).first()).toBeVisible();
    await expect(page.locator('dt:text-is("Számlázási időszak") + dd')).toHaveText("Éves");
    await expectAccessible(page, "a service with a cycle change ahead");
  });
});

test.describe("a customer orders a plan with a domain", () => {
  test.use({ signedInAs: LOGINS.order });

  test("plan → domain check → review → pays by card → the service is delivered", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto("/services");
    await mainNav(page).getByRole("link", { name: "Megrendelés" }).click();
    await expect(page).toHaveURL(/\/order$/);
    await expect(pageHeading(page)).toHaveText("Megrendelés");
    await expect(page.getByRole("heading", { level: 2, name: "Válasszon csomagot" })).toBeVisible();

    // The plan: yearly Start, whose discount and free domain are shown.
    const start = page.getByRole("region", { name: "Start tárhely" });
    await expect(start).toContainText("Ingyenes .hu domain éves számlázással");
    await start.getByRole("combobox", { name: "Számlázási időszak" }).selectOption("annual");
    await expect(start).toContainText("17% megtakarítás");
    await expect(start).toContainText(/14\s900\s*Ft/);
    await expectAccessible(page, "/order: plans");
    await start.getByRole("button", { name: "Start tárhely kiválasztása" }).click();

    // The domain: clear answers for a reserved and a malformed name, then a free one.
    await expect(page.getByRole("heading", { level: 2, name: "Domainnév" })).toBeVisible();
    const name = page.getByRole("textbox", { name: "Domainnév" });
    const check = page.getByRole("button", { name: "Ellenőrzés" });
    await name.fill("budapest.hu");
    await check.click();
    const results = page.getByRole("list", { name: "Ellenőrzött domainnevek" });
    await expect(results.getByRole("listitem").filter({ hasText: "budapest.hu" })).toContainText(
      "Védett",
    );
    await expect(results.getByRole("button")).toHaveCount(0);

    await name.fill("a.hu");
    await check.click();
    await expect(page.getByText("A név túl rövid ehhez a végződéshez.")).toBeVisible();
    await expectAccessible(page, "/order: a malformed domain name");

    await name.fill(ORDERED_NAME);
    await check.click();
    const free = results.getByRole("listitem").filter({ hasText: ORDERED_DOMAIN });
    await expect(free).toContainText("Szabad");
    await expect(free).toContainText("Ingyenes a(z) Start tárhely csomaggal");
    await expectAccessible(page, "/order: domain results");
    await free.getByRole("button", { name: `${ORDERED_DOMAIN} regisztrálása` }).click();

    // The review: the plan, the free domain, the total.
    await expect(
      page.getByRole("heading", { level: 2, name: "A megrendelés áttekintése" }),
    ).toBeVisible();
    const lines = page.getByRole("table", { name: "Megrendelt tételek" });
    await expect(
      lines.getByRole("row", { name: new RegExp(`Start tárhely – ${ORDERED_NAME}`) }),
    ).toContainText(/14\s900\s*Ft/);
    await expect(
      lines.getByRole("row", { name: new RegExp(`Domainregisztráció: ${ORDERED_NAME}`) }),
    ).toContainText("Ingyenes");
    await expect(page.getByText(/^Összesen: 14\s900\s*Ft \+ áfa$/)).toBeVisible();
    await expect(page.getByText("Hiányos számlázási adatok")).toHaveCount(0);
    await expectAccessible(page, "/order: review");
    await page.getByRole("button", { name: "Megrendelés elküldése" }).click();

    // Placed: a proforma, to pay by card now or by transfer.
    const placed = page.getByRole("status").filter({ hasText: "Köszönjük a megrendelést." });
    await expect(placed).toContainText(/Díjbekérő: \S+/);
    await expect(page.getByRole("link", { name: "Átutalással fizetek" })).toBeVisible();
    await expectAccessible(page, "/order: placed");
    await page.getByRole("link", { name: "Fizetés bankkártyával most" }).click();

    await expect(pageHeading(page)).toHaveText("Fizetés");
    await page.getByRole("button", { name: CARD_BUTTON }).click();
    await expect(page).toHaveURL(/\/api\/simulator\/pay\/sim_[0-9a-f]+$/);
    await page.getByRole("button", { name: "Approve / Jóváhagyás" }).click();
    await expect(page).toHaveURL(/\/finances\/payments\/return\/chk_\w+$/);
    await expect(page.getByRole("status").filter({ hasText: "Sikeres fizetés" })).toBeVisible({
      timeout: 20_000,
    });

    // Paying released the hosting: its delivery status follows the demo panel to the end.
    await openService(page, "Start tárhely", ORDERED_DOMAIN);
    const delivery = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { level: 2, name: "Üzembe helyezés" }) });
    await expect(delivery.getByRole("status")).toContainText(/Beállítás alatt|Kész/);
    await expectAccessible(page, "a new service being delivered");
    await expect(delivery.getByRole("status")).toContainText("A szolgáltatása használatra kész.", {
      timeout: 60_000,
    });
    await expect(delivery.locator('dt:text-is("Vezérlőpult") + dd')).toContainText("https://");
    await expectAccessible(page, "a delivered service");
  });
});

test.describe("staff", () => {
  test.use({ signedInAs: ACCOUNTS.staffAdmin });

  test("see the provisioning queue and complete the ordered domain by hand", async ({ page }) => {
    await page.goto("/staff/customers");
    await mainNav(page)
      .getByRole("group", { name: "Szolgáltatások" })
      .getByRole("link", { name: "Telepítés" })
      .click();
    await expect(pageHeading(page)).toHaveText("Telepítés");
    await expect(page.getByRole("tab", { name: "Sikertelen" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expectAccessible(page, "/staff/provisioning: failures");

    await page.getByRole("tab", { name: "Kézi sor" }).click();
    await expect(page).toHaveURL(/tab=manual/);
    const queue = page.getByRole("table", { name: "Telepítési feladatok" });
    // The .hu domain ordered above: its registration waits for staff (a manual module).
    await expect(queue).toBeVisible();
    const task = queue.getByRole("row").filter({ hasText: ORDERED_DOMAIN });
    const more = page.getByRole("button", { name: "Továbbiak betöltése" });
    // Newest first, a page at a time: load more until the task is there.
    await expect(async () => {
      if ((await task.count()) === 0 && (await more.isEnabled())) await more.click();
      await expect(task).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(task).toContainText("Kézi");
    await expect(task).toContainText("Mérleg Könyvelőiroda Bt.");
    await expectAccessible(page, "/staff/provisioning: the manual queue");

    await task.getByRole("button", { name: /^Kézzel elvégezve: / }).click();
    const dialog = page.getByRole("dialog", { name: /^Kézzel elvégezve: / });
    await dialog.getByRole("textbox", { name: "Mit végzett el" }).fill("e2e: regisztrálva");
    await expectAccessible(page, "the complete-by-hand dialog");
    await dialog.getByRole("button", { name: "Elvégzettnek jelölés" }).click();
    await expect(dialog).toBeHidden();
    await expect(queue.getByRole("row").filter({ hasText: ORDERED_DOMAIN })).toHaveCount(0);
  });

  test("open Billing runs and run today's billing now", async ({ page }) => {
    await page.goto("/staff/customers");
    await mainNav(page)
      .getByRole("group", { name: "Szolgáltatások" })
      .getByRole("link", { name: "Napi számlázás" })
      .click();
    await expect(page).toHaveURL(/\/staff\/billing-runs$/);
    await expect(pageHeading(page)).toHaveText("Napi számlázás");
    await expectAccessible(page, "/staff/billing-runs");

    await page.getByRole("button", { name: "Futtatás most" }).click();
    // Queued as a job; the worker starts it within seconds and the history follows it.
    const result = page.getByRole("status").filter({ hasText: "sorba került" });
    await expect(result).toBeVisible();
    const history = page.getByRole("table", { name: "A napi számlázás előzményei" });
    await expect(history.getByRole("row").filter({ hasText: "Munkatárs" }).first()).toContainText(
      "Kész",
      { timeout: 60_000 },
    );
    await expectAccessible(page, "/staff/billing-runs after a run");

    await result.getByRole("link", { name: "A futás megnyitása" }).click();
    await expect(page).toHaveURL(/\/staff\/billing-runs\/run_\w+$/);
    await expect(pageHeading(page)).toHaveText(/napi számlázása$/);
    await expect(page.getByRole("heading", { level: 2, name: "Elvégezve" })).toBeVisible();
    await expect(page.getByText("Megújítási bizonylatok", { exact: true })).toBeVisible();
    await expectAccessible(page, "a billing run's page");
  });

  test("the other lifecycle pages: services, catalog, cancellations, settings", async ({
    page,
  }) => {
    const group = mainNav(page).getByRole("group", { name: "Szolgáltatások" });
    await page.goto("/staff/customers");

    await group.getByRole("link", { name: "Összes szolgáltatás" }).click();
    await expect(pageHeading(page)).toHaveText("Szolgáltatások");
    await page.getByRole("combobox", { name: "Állapot" }).selectOption("suspended");
    const services = page.getByRole("table", { name: "Az összes ügyfél szolgáltatásai" });
    await expect(services).toContainText("horvathpeter.hu");
    await expectAccessible(page, "/staff/services");
    await services
      .getByRole("row")
      .filter({ hasText: "horvathpeter.hu" })
      .getByRole("button", { name: /^Műveletek: / })
      .click();
    await page.getByRole("menuitem", { name: "Állapot módosítása" }).click();
    // The actions menu closes with a transition: scan once it is gone, not half-way out.
    await expect(page.getByRole("menu")).toHaveCount(0);
    const transition = page.getByRole("dialog", { name: /horvathpeter\.hu állapota$/ });
    await expect(transition.getByRole("combobox", { name: "Új állapot" })).toHaveValue("active");
    await expectAccessible(page, "the status change dialog");
    await transition.getByRole("button", { name: "Vissza" }).click();

    await group.getByRole("link", { name: "Termékkatalógus" }).click();
    await expect(pageHeading(page)).toHaveText("Termékkatalógus");
    await expect(page.getByRole("table", { name: "Termékek" })).toContainText("Start tárhely");
    await expectAccessible(page, "/staff/catalog");
    await page.getByRole("link", { name: "Start tárhely" }).click();
    await expect(pageHeading(page)).toHaveText("Start tárhely");
    await expect(page.getByRole("group", { name: "1. ár" })).toBeVisible();
    await expectAccessible(page, "a product's page");

    await group.getByRole("link", { name: "Lemondások" }).click();
    await expect(pageHeading(page)).toHaveText("Lemondási kérelmek");
    await page.getByRole("combobox", { name: "Állapot" }).selectOption("withdrawn");
    await expect(page.getByRole("table", { name: "Lemondási kérelmek" })).toContainText(
      "simondora.hu",
    );
    await expectAccessible(page, "/staff/cancellations");

    await group.getByRole("link", { name: "Életciklus-beállítások" }).click();
    await expect(pageHeading(page)).toHaveText("Életciklus-beállítások");
    await expect(
      page.getByRole("textbox", {
        name: "Megújítási bizonylat, ennyi nappal az esedékesség előtt",
      }),
    ).toHaveValue(/^\d+$/);
    await expectAccessible(page, "/staff/settings/lifecycle");
  });
});

test.describe("at phone width", () => {
  test.use({ signedInAs: LOGINS.order, viewport: PHONE });

  test("the order page and a service's page fit the screen", async ({ page }) => {
    await page.goto("/order");
    await expect(page.getByRole("region", { name: "Start tárhely" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/order at phone width");

    await page.goto("/services");
    await expect(page.getByRole("list", { name: "Szolgáltatások listája" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page
      .getByRole("list", { name: "Szolgáltatások listája" })
      .getByRole("link", { name: "Könyvelő Pro támogatás" })
      .click();
    await expect(pageHeading(page)).toHaveText("Könyvelő Pro támogatás");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "a service's page at phone width");
  });
});
