import type { Page } from "@playwright/test";
import { expect, pageHeading } from "./fixtures.ts";

/** The card button of the payment page (the demo's gateway simulator). */
export const CARD_BUTTON = "Fizetés bankkártyával (Szimulátor)";

/**
 * On /order (Hungarian): the yearly Start plan with its free .hu domain `name`.hu (a name no run
 * has ordered before: the fake registry has it free), reviewed and sent. The steps and texts of
 * the lifecycle journey (lifecycle.spec.ts), without its checks of the wrong answers.
 */
export async function orderStartWithFreeDomain(page: Page, name: string): Promise<void> {
  const domain = `${name}.hu`;
  await expect(pageHeading(page)).toHaveText("Megrendelés");
  const start = page.getByRole("region", { name: "Start tárhely" });
  await expect(start).toContainText("Ingyenes .hu domain éves számlázással");
  await start.getByRole("combobox", { name: "Számlázási időszak" }).selectOption("annual");
  await start.getByRole("button", { name: "Start tárhely kiválasztása" }).click();

  await expect(page.getByRole("heading", { level: 2, name: "Domainnév" })).toBeVisible();
  await page.getByRole("textbox", { name: "Domainnév" }).fill(name);
  await page.getByRole("button", { name: "Ellenőrzés" }).click();
  const free = page
    .getByRole("list", { name: "Ellenőrzött domainnevek" })
    .getByRole("listitem")
    .filter({ hasText: domain });
  await expect(free).toContainText("Szabad");
  await expect(free).toContainText("Ingyenes a(z) Start tárhely csomaggal");
  await free.getByRole("button", { name: `${domain} regisztrálása` }).click();

  await expect(
    page.getByRole("heading", { level: 2, name: "A megrendelés áttekintése" }),
  ).toBeVisible();
  const lines = page.getByRole("table", { name: "Megrendelt tételek" });
  await expect(
    lines.getByRole("row", { name: new RegExp(`Domainregisztráció: ${name}`) }),
  ).toContainText("Ingyenes");
  await expect(page.getByText("Hiányos számlázási adatok")).toHaveCount(0);
  await page.getByRole("button", { name: "Megrendelés elküldése" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Köszönjük a megrendelést." }),
  ).toContainText(/Díjbekérő: \S+/);
}

/** From the placed order: pays its proforma by card in the gateway simulator. */
export async function payPlacedOrderByCard(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Fizetés bankkártyával most" }).click();
  await expect(pageHeading(page)).toHaveText("Fizetés");
  await page.getByRole("button", { name: CARD_BUTTON }).click();
  await expect(page).toHaveURL(/\/api\/simulator\/pay\/sim_[0-9a-f]+$/);
  await page.getByRole("button", { name: "Approve / Jóváhagyás" }).click();
  await expect(page).toHaveURL(/\/finances\/payments\/return\/chk_\w+$/);
  await expect(page.getByRole("status").filter({ hasText: "Sikeres fizetés" })).toBeVisible({
    timeout: 20_000,
  });
}
