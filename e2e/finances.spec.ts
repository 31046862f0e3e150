import fs from "node:fs";
import type { Download, Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { ACCOUNTS, expect, pageHeading } from "./support/fixtures.ts";
import { signedInTest as test } from "./support/session.ts";

const DOCUMENT_NUMBER = /^KAPU-\d{4}-\d{6}$/;

/** Clicks what starts a download and returns the downloaded file's first bytes. */
async function download(
  page: Page,
  click: () => Promise<void>,
): Promise<{ file: Download; head: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  const head = fs.readFileSync(path).subarray(0, 5).toString("latin1");
  return { file, head };
}

test.use({ signedInAs: ACCOUNTS.finances });

test("a customer filters to invoices, opens one, downloads its PDF and reads the statement", async ({
  page,
}) => {
  // The first address of My invoices still works.
  await page.goto("/finances/invoices");
  await expect(page).toHaveURL(/\/finances\/documents$/);

  await page.goto("/services");
  const nav = page.getByRole("navigation", { name: "Fő navigáció" });
  const finances = nav.getByRole("group", { name: "Pénzügyek" });
  await finances.getByRole("link", { name: "Számláim" }).click();
  await expect(page).toHaveURL(/\/finances\/documents$/);
  await expect(pageHeading(page)).toHaveText("Számláim");

  // The balance per currency, then every document: proformas too.
  await expect(page.getByRole("heading", { level: 2, name: "Egyenleg" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Egyenleg, HUF" })).toContainText(
    "Nyitott tartozás",
  );
  const table = page.getByRole("table", { name: "Számlák listája" });
  await expect(table.getByRole("row", { name: /Díjbekérő/ }).first()).toBeVisible();
  await expectAccessible(page, "/finances/documents");

  // Only paid invoices.
  await page.getByRole("combobox", { name: "Típus" }).selectOption({ label: "Számlák" });
  await page.getByRole("combobox", { name: "Állapot" }).selectOption({ label: "Fizetve" });
  await expect(page).toHaveURL(/kind=invoice/);
  await expect(page).toHaveURL(/status=paid/);
  await expect(table.getByRole("row", { name: /Díjbekérő/ })).toHaveCount(0);
  const first = table.getByRole("link", { name: DOCUMENT_NUMBER }).first();
  await expect(first).toBeVisible();
  const number = (await first.textContent()) ?? "";

  // A PDF from the list.
  const fromList = await download(page, () =>
    table.getByRole("link", { name: `PDF letöltése: ${number}` }).click(),
  );
  expect(fromList.head).toBe("%PDF-");

  // The invoice itself: parties, lines, VAT breakdown, totals.
  await first.click();
  await expect(page).toHaveURL(/\/finances\/documents\/inv_\w+$/);
  await expect(pageHeading(page)).toHaveText(`Számla ${number}`);
  await expect(page.getByRole("heading", { level: 3, name: "Eladó" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Vevő" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Tételek" })).toBeVisible();
  await expect(page.getByRole("table", { name: "ÁFA-összesítő" })).toContainText("27%");
  await expect(page.getByText("Bruttó végösszeg").first()).toBeVisible();
  await expectAccessible(page, `invoice ${number}`);

  const pdf = await download(page, () => page.getByRole("link", { name: "PDF letöltése" }).click());
  expect(pdf.head).toBe("%PDF-");
  expect(pdf.file.suggestedFilename()).toMatch(/\.pdf$/);

  // The statement: period, currency, entries, PDF.
  await finances.getByRole("link", { name: "Elszámolási lap" }).click();
  await expect(page).toHaveURL(/\/finances\/statement$/);
  await expect(pageHeading(page)).toHaveText("Elszámolási lap");
  await expect(page.getByLabel("Időszak kezdete")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole("combobox", { name: "Pénznem" })).toHaveValue("HUF");
  await expect(page.getByText("Záró egyenleg", { exact: true })).toBeVisible();
  const entries = page.getByRole("table", { name: "Mozgások" });
  await expect(entries).toContainText(/KAPU-\d{4}-\d{6}/);
  await expect(entries).toContainText("Befizetés");
  await expectAccessible(page, "/finances/statement");

  const statementPdf = await download(page, () =>
    page.getByRole("link", { name: "Elszámolási lap letöltése (PDF)" }).click(),
  );
  expect(statementPdf.head).toBe("%PDF-");

  // The same page in English, then back to Hungarian (the account keeps its language).
  await page.getByRole("button", { name: "English" }).click();
  await expect(pageHeading(page)).toHaveText("Account statement");
  await expect(page.getByRole("table", { name: "Entries" })).toContainText("Payment");
  await page.getByRole("button", { name: "Magyar" }).click();
  await expect(pageHeading(page)).toHaveText("Elszámolási lap");
});

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the Finances pages fit the screen", async ({ page }) => {
    await page.goto("/finances/documents");
    await expect(pageHeading(page)).toHaveText("Számláim");
    // Cards instead of a table.
    await expect(page.getByRole("list", { name: "Számlák listája" })).toContainText(
      /KAPU-\d{4}-\d{6}/,
    );
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/finances/documents at phone width");

    await page.goto("/finances/statement");
    await expect(page.getByRole("list", { name: "Mozgások" })).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
