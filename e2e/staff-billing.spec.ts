import { expectAccessible } from "./support/a11y.ts";
import { ACCOUNTS, expect, pageHeading } from "./support/fixtures.ts";
import { signedInTest as test } from "./support/session.ts";

const DOCUMENT_NUMBER = /^KAPU-\d{4}-\d{6}$/;

test.use({ signedInAs: ACCOUNTS.staffAdmin });

test("staff corrects a paid invoice with a storno and the administration fee", async ({ page }) => {
  await page.goto("/staff/customers");
  const nav = page.getByRole("navigation", { name: "Fő navigáció" });
  await nav
    .getByRole("group", { name: "Számlázás" })
    .getByRole("link", { name: "Bizonylatok" })
    .click();
  await expect(page).toHaveURL(/\/staff\/documents$/);
  await expect(pageHeading(page)).toHaveText("Bizonylatok");

  // A paid invoice of one customer.
  await page.getByRole("searchbox", { name: "Keresés" }).fill("Dunai Hajózás");
  await page.getByRole("combobox", { name: "Típus" }).selectOption({ label: "Számlák" });
  await page.getByRole("combobox", { name: "Állapot" }).selectOption({ label: "Fizetve" });
  await expect(page).toHaveURL(/q=Dunai/);
  const list = page.getByRole("table", { name: "Bizonylatlista" });
  await expect(list.getByRole("row", { name: /Sztornó|Díjbekérő/ })).toHaveCount(0);
  await expect(list.getByRole("row").nth(1)).toContainText("Dunai Hajózás");
  await expectAccessible(page, "/staff/documents");
  const first = list.getByRole("link", { name: DOCUMENT_NUMBER }).first();
  const number = (await first.textContent()) ?? "";
  await first.click();

  await expect(page).toHaveURL(/\/staff\/documents\/inv_\w+$/);
  await expect(pageHeading(page)).toHaveText(`Számla ${number}`);
  await expect(page.getByRole("link", { name: "UBL e-számla" })).toBeVisible();
  await expect(page.getByRole("link", { name: "NAV XML" })).toBeVisible();
  await expectAccessible(page, `staff invoice ${number}`);

  // The credit note dialog: storno is the default.
  await page.getByRole("button", { name: "Helyesbítés, sztornó" }).click();
  const dialog = page.getByRole("dialog", { name: `${number} helyesbítése` });
  await expect(dialog.getByRole("radio", { name: /^Sztornó/ })).toBeChecked();
  // The reason is required.
  await dialog.getByRole("button", { name: "Sztornó számla kiállítása" }).click();
  await expect(
    dialog.getByRole("textbox", { name: "A helyesbítés oka" }),
  ).toHaveAccessibleDescription(/Kötelező mező\./);
  await dialog
    .getByRole("textbox", { name: "A helyesbítés oka" })
    .fill("Az ügyfél lemondta a szolgáltatást.");
  await dialog.getByRole("checkbox", { name: "Adminisztrációs díj felszámítása" }).check();
  await expectAccessible(page, "credit note dialog");
  await dialog.getByRole("button", { name: "Sztornó számla kiállítása" }).click();
  await expect(dialog).toBeHidden();

  // The new credit note and the fee invoice are announced and linked.
  const status = page.getByRole("status").filter({ hasText: "Kiállított helyesbítő bizonylat:" });
  await expect(status).toBeVisible();
  const creditNote = status.getByRole("link", { name: DOCUMENT_NUMBER }).first();
  const creditNumber = (await creditNote.textContent()) ?? "";
  expect(creditNumber).not.toBe(number);
  await expect(status).toContainText("Az adminisztrációs díj számlája:");
  await expect(status.getByRole("link", { name: DOCUMENT_NUMBER })).toHaveCount(2);
  const relations = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { level: 2, name: "Kapcsolódó bizonylatok" }) });
  await expect(relations).toContainText(creditNumber);

  await creditNote.click();
  await expect(pageHeading(page)).toHaveText(`Sztornó számla ${creditNumber}`);
  await expect(page.getByRole("link", { name: number }).first()).toBeVisible();
  // A credit note is not corrected again.
  await expect(page.getByRole("button", { name: "Helyesbítés, sztornó" })).toHaveCount(0);
});

test("staff issues a manual invoice", async ({ page }) => {
  await page.goto("/staff/documents");
  await page.getByRole("link", { name: "Új számla vagy díjbekérő" }).click();
  await expect(page).toHaveURL(/\/staff\/documents\/new$/);
  await expect(pageHeading(page)).toHaveText("Új számla vagy díjbekérő");
  await expect(page.getByRole("radio", { name: "Számla" })).toBeChecked();

  // Nothing filled in: each required field says so.
  await page.getByRole("button", { name: "Számla kiállítása" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "javítsa a megjelölt mezőket" }),
  ).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Ügyfél" })).toHaveAttribute(
    "aria-invalid",
    "true",
  );

  const customer = page.getByRole("combobox", { name: "Ügyfél" });
  await customer.fill("Oláh");
  await page.getByRole("option", { name: /^Oláh Gábor \(C\d+\)$/ }).click();
  await expect(customer).toHaveValue(/^Oláh Gábor/);

  const line1 = page.getByRole("group", { name: "1. tétel" });
  await line1.getByRole("textbox", { name: "Megnevezés" }).fill("Egyedi fejlesztés");
  await line1.getByRole("textbox", { name: "Mennyiség" }).fill("2,5");
  await line1.getByRole("combobox", { name: "Mennyiségi egység" }).selectOption({ label: "óra" });
  await line1.getByRole("textbox", { name: "Nettó egységár (HUF)" }).fill("15 000");

  // A second line, and a third that is removed again.
  await page.getByRole("button", { name: "Tétel hozzáadása" }).click();
  const line2 = page.getByRole("group", { name: "2. tétel" });
  await line2.getByRole("textbox", { name: "Megnevezés" }).fill("Tárhely-költöztetés");
  await line2.getByRole("textbox", { name: "Nettó egységár (HUF)" }).fill("9900");
  await page.getByRole("button", { name: "Tétel hozzáadása" }).click();
  await page.getByRole("button", { name: "3. tétel törlése" }).click();
  await expect(page.getByRole("group", { name: "3. tétel" })).toHaveCount(0);
  await expectAccessible(page, "/staff/documents/new");

  await page.getByRole("button", { name: "Számla kiállítása" }).click();
  await expect(page).toHaveURL(/\/staff\/documents\/inv_\w+$/);
  await expect(pageHeading(page)).toHaveText(/^Számla KAPU-\d{4}-\d{6}$/);
  const heading = (await pageHeading(page).textContent()) ?? "";
  const number = heading.replace("Számla ", "");
  await expect(page.getByRole("status")).toContainText(`Kiállítva: ${number}.`);
  const lines = page.getByRole("table", { name: "Tételek" });
  await expect(lines.getByRole("row", { name: /Egyedi fejlesztés/ })).toContainText("2,5 óra");
  await expect(lines.getByRole("row", { name: /Tárhely-költöztetés/ })).toContainText("27%");
  await expect(page.getByRole("link", { name: "Oláh Gábor" })).toBeVisible();
});

test("staff adds a future VAT rate", async ({ page }) => {
  const nextYear = new Date().getFullYear() + 1;
  await page.goto("/staff/customers");
  await page
    .getByRole("navigation", { name: "Fő navigáció" })
    .getByRole("link", { name: "ÁFA-kulcsok" })
    .click();
  await expect(page).toHaveURL(/\/staff\/vat-rates$/);
  await expect(pageHeading(page)).toHaveText("ÁFA-kulcsok");
  // Each country is a card under its own heading.
  const estonia = page.getByRole("heading", { level: 3, name: "Észtország (EE)" }).locator("..");
  await expect(estonia).toContainText("Hatályos");
  await expectAccessible(page, "/staff/vat-rates");

  await page.getByRole("combobox", { name: "Ország" }).selectOption("EE");
  await page.getByRole("textbox", { name: "Kulcs" }).fill("25,5");
  await page.getByLabel("Érvényes ettől").fill(`${nextYear}-01-01`);
  await page.getByRole("textbox", { name: "Megjegyzés" }).fill("e2e: jövő évi emelés");
  await page.getByRole("button", { name: "ÁFA-kulcs felvétele" }).click();

  await expect(page.getByRole("status")).toContainText(
    `Felvéve: Észtország 25,5%, érvényes ettől: ${nextYear}. jan. 1.`,
  );
  await expect(estonia.getByRole("listitem").first()).toContainText("25,5%");
  await expect(estonia.getByRole("listitem").first()).toContainText("Jövőbeli");
  await expect(estonia).toContainText("e2e: jövő évi emelés");
});

test("the billing settings pages and a customer's ledger are accessible", async ({ page }) => {
  await page.goto("/staff/exchange-rates");
  await expect(pageHeading(page)).toHaveText("Árfolyamok");
  await expect(page.getByRole("table", { name: "Rögzített árfolyamok" })).toContainText("EUR");
  await expectAccessible(page, "/staff/exchange-rates");

  await page.goto("/staff/settings/invoicing");
  await expect(pageHeading(page)).toHaveText("Számlázási beállítások");
  await expect(page.getByRole("textbox", { name: "Cégnév" })).toHaveValue(/\S/);
  await expectAccessible(page, "/staff/settings/invoicing");

  // A customer with an EU VAT number: ledger, and the evidence of its VAT number.
  await page.goto("/staff/customers");
  await page.getByRole("searchbox", { name: "Keresés" }).fill("Nordlicht");
  await page.getByRole("link", { name: "Nordlicht GmbH" }).click();
  await expect(pageHeading(page)).toHaveText("Nordlicht GmbH");
  await expect(page.getByRole("table", { name: "Folyószámla-mozgások" })).toContainText(
    "Befizetés",
  );
  await expect(page.getByRole("button", { name: /^Adószám ellenőrzése: DE/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Korábbi ellenőrzések" })).toContainText("Érvényes");
  await expectAccessible(page, "customer page with ledger");
});
