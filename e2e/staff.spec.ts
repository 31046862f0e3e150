import { ACCOUNTS, account, expect, logIn, pageHeading, test } from "./support/fixtures.ts";

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
