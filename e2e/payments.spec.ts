import type { Page, PlaywrightWorkerArgs } from "@playwright/test";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { camt053, hungarianIban } from "./support/camt053.ts";
import { ACCOUNTS, CUSTOMERS, expect, pageHeading } from "./support/fixtures.ts";
import { signedInTest as test } from "./support/session.ts";
import { issueDocument, issueProforma, staffApi, type Proforma } from "./support/staff-api.ts";

const INVOICE_NUMBER = /^KAPU-\d{4}-\d{6}$/;
const CARD_BUTTON = "Fizetés bankkártyával (Szimulátor)";

function api(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string | undefined) {
  // An empty cookie jar: inside a test the new context would start with the page's login, and
  // logging in with it would end that session.
  return staffApi(() =>
    playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } }),
  );
}

/** The value next to a label in a description list (dt/dd) inside `scope`. */
function detail(scope: ReturnType<Page["locator"]>, label: string) {
  return scope.locator(`dt:text-is("${label}") + dd`);
}

/** From the pay page to the simulator bank's page, then one of its buttons. */
async function payBySimulator(page: Page, button: string): Promise<void> {
  await page.getByRole("button", { name: CARD_BUTTON }).click();
  await expect(page).toHaveURL(/\/api\/simulator\/pay\/sim_[0-9a-f]+$/);
  await expect(page.getByRole("heading", { name: /Simulator Bank/ })).toBeVisible();
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/finances\/payments\/return\/chk_\w+$/);
  await expect(pageHeading(page)).toHaveText("Bankkártyás fizetés");
}

test.describe("a customer pays by card", () => {
  test.use({ signedInAs: ACCOUNTS.payments });

  test("pays an open proforma from Finances, gets the final invoice, sees the payment", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const proforma = await issueProforma(
      await api(playwright, baseURL),
      CUSTOMERS.payments,
      "15000",
    );

    await page.goto("/services");
    const nav = page.getByRole("navigation", { name: "Fő navigáció" });
    const finances = nav.getByRole("group", { name: "Pénzügyek" });
    await finances.getByRole("link", { name: "Számláim" }).click();
    await expect(pageHeading(page)).toHaveText("Számláim");
    await expect(page.getByText("Jelölje be a nyitott bizonylatokat")).toBeVisible();

    // Tick the proforma: the bar counts it and leads to the pay page.
    await page.getByRole("checkbox", { name: `${proforma.number} kijelölése fizetésre` }).check();
    const bar = page.getByRole("region", { name: "Fizetésre kijelölt bizonylatok" });
    await expect(bar).toContainText("1 bizonylat kijelölve, összesen");
    await expectAccessible(page, "/finances/documents with a document chosen");
    await bar.getByRole("link", { name: "Kijelöltek fizetése" }).click();

    await expect(page).toHaveURL(new RegExp(`/finances/pay\\?documents=${proforma.id}$`));
    await expect(pageHeading(page)).toHaveText("Fizetés");
    await expect(page.getByRole("table", { name: "Fizetendő bizonylatok" })).toContainText(
      proforma.number,
    );
    // The transfer alternative: the account and the proforma's RF reference to quote.
    const transfer = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { level: 2, name: "Fizetés banki átutalással" }) });
    await expect(detail(transfer, "Közlemény")).toContainText(proforma.paymentReference);
    await expect(detail(transfer, "Bankszámlaszám (IBAN)")).toContainText(/^HU\d\d /);
    await expect(transfer.getByRole("button", { name: "Másolás: Közlemény" })).toBeVisible();
    await expectAccessible(page, "/finances/pay");

    await payBySimulator(page, "Approve / Jóváhagyás");
    const result = page.getByRole("status").filter({ hasText: "Sikeres fizetés" });
    await expect(result).toBeVisible({ timeout: 20_000 });
    const invoice = page.getByRole("link", { name: INVOICE_NUMBER });
    await expect(invoice).toHaveCount(1);
    const invoiceNumber = (await invoice.textContent()) ?? "";
    await expectAccessible(page, "payment result: success");

    // The final invoice, paid.
    await invoice.click();
    await expect(pageHeading(page)).toHaveText(`Számla ${invoiceNumber}`);
    await expect(page.getByText("Fizetve").first()).toBeVisible();

    // The payment in the history, and its page.
    await finances.getByRole("link", { name: "Befizetéseim" }).click();
    await expect(page).toHaveURL(/\/finances\/payments$/);
    await expect(pageHeading(page)).toHaveText("Befizetéseim");
    const row = page
      .getByRole("table", { name: "Befizetések listája" })
      .getByRole("row")
      .filter({ hasText: invoiceNumber });
    await expect(row).toContainText("Bankkártya");
    await expectAccessible(page, "/finances/payments");
    await row.getByRole("link").first().click();
    await expect(pageHeading(page)).toHaveText(/^Befizetés, /);
    await expect(page.getByRole("table", { name: "Kifizetett bizonylatok" })).toContainText(
      invoiceNumber,
    );
    await expectAccessible(page, "a payment's page");
  });

  test("a declined card payment says so and offers to try again", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const proforma = await issueProforma(
      await api(playwright, baseURL),
      CUSTOMERS.payments,
      "4000",
    );

    // The document's own page has a Pay button.
    await page.goto(`/finances/documents/${proforma.id}`);
    await expect(pageHeading(page)).toHaveText(`Díjbekérő ${proforma.number}`);
    await page.getByRole("link", { name: "Fizetés", exact: true }).click();
    await expect(pageHeading(page)).toHaveText("Fizetés");

    await payBySimulator(page, "Decline / Elutasítás");
    const failure = page.getByRole("alert").filter({ hasText: "A fizetés nem sikerült" });
    await expect(failure).toBeVisible({ timeout: 20_000 });
    await expect(failure).toContainText("card declined");
    await expectAccessible(page, "payment result: declined");

    // Try again: back on the pay page with the same document, which is still open.
    await page.getByRole("link", { name: "Újrapróbálom" }).click();
    await expect(pageHeading(page)).toHaveText("Fizetés");
    await expect(page.getByRole("table", { name: "Fizetendő bizonylatok" })).toContainText(
      proforma.number,
    );
    await expect(page.getByRole("button", { name: CARD_BUTTON })).toBeEnabled();
  });

  test.describe("at phone width", () => {
    test.use({ viewport: PHONE });

    test("the pay page and a cancelled payment fit the screen", async ({
      page,
      playwright,
      baseURL,
    }) => {
      const proforma: Proforma = await issueProforma(
        await api(playwright, baseURL),
        CUSTOMERS.payments,
        "2500",
      );
      await page.goto(`/finances/pay?documents=${proforma.id}`);
      await expect(pageHeading(page)).toHaveText("Fizetés");
      // Cards instead of a table.
      await expect(page.getByRole("list", { name: "Fizetendő bizonylatok" })).toContainText(
        proforma.number,
      );
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "/finances/pay at phone width");

      await payBySimulator(page, "Cancel / Mégsem");
      await expect(
        page.getByRole("alert").filter({ hasText: "A fizetést megszakította" }),
      ).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole("link", { name: "Újrapróbálom" })).toBeVisible();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page, "payment result: cancelled, at phone width");
    });
  });
});

test.describe("staff imports a bank statement", () => {
  test.use({ signedInAs: ACCOUNTS.staffAdmin });

  test("one line matches by its RF reference, the other is assigned from the queue in one click", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const staff = await api(playwright, baseURL);
    const byReference = await issueProforma(staff, CUSTOMERS.bankImport, "10000");
    // An amount no other open document has: the line without a reference is found by it alone.
    const byAmount = await issueProforma(staff, CUSTOMERS.bankImport, "8765.43");
    const settings = await staff.get<{ seller: { bankAccount: { iban: string } | null } | null }>(
      "/api/staff/settings/invoicing",
    );
    const accountIban = settings.seller?.bankAccount?.iban;
    if (!accountIban) throw new Error("The demo seller has no bank account");
    const stamp = Date.now().toString(36).toUpperCase();
    // Payers Kapu has never seen: a payer once assigned to a customer is recognised next time.
    const payerAccount = (n: number) =>
      hungarianIban(`1177301${n}${String(Date.now()).slice(-13).padStart(16, "0")}`);
    const statement = camt053({
      messageId: `E2E-${stamp}`,
      accountIban,
      currency: "HUF",
      bookingDate: new Date().toISOString().slice(0, 10),
      credits: [
        {
          amount: byReference.total.amount,
          payerName: "Molnár Ádám",
          payerIban: payerAccount(1),
          remittance: `Díjbekérő ${byReference.paymentReference}`,
          bankReference: `E2E-${stamp}-1`,
        },
        {
          amount: byAmount.total.amount,
          payerName: `Ismeretlen Befizető ${stamp}`,
          payerIban: payerAccount(2),
          remittance: "befizetés november",
          bankReference: `E2E-${stamp}-2`,
        },
      ],
    });

    await page.goto("/staff/customers");
    await page
      .getByRole("navigation", { name: "Fő navigáció" })
      .getByRole("group", { name: "Pénzforgalom" })
      .getByRole("link", { name: "Bankkivonatok" })
      .click();
    await expect(page).toHaveURL(/\/staff\/bank$/);
    await expect(pageHeading(page)).toHaveText("Bankkivonatok");
    await expectAccessible(page, "/staff/bank");

    const file = page.getByLabel("Kivonatfájl");
    const upload = page.getByRole("button", { name: "Feltöltés és párosítás" });

    // A file that is not a statement: rejected, with what is wrong, nothing imported.
    await file.setInputFiles({
      name: "nem-kivonat.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Ez nem bankkivonat.\n"),
    });
    await upload.click();
    const rejected = page.getByRole("alert").filter({ hasText: "A kivonat nem olvasható be" });
    await expect(rejected).toContainText("line 1");
    await expectAccessible(page, "/staff/bank with a rejected file");

    await file.setInputFiles({
      name: "kivonat.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(statement),
    });
    await upload.click();
    const report = page.getByRole("region", { name: "Importálva: 2 új tétel." });
    await expect(report).toBeVisible();
    await expect(detail(report, "Párosítva")).toHaveText("1");
    await expect(detail(report, "Párosításra vár")).toHaveText("1");
    await expect(detail(report, "Már ismert tételek")).toHaveText("0");
    await expect(page.getByRole("table", { name: "Importálások" })).toContainText("kivonat.xml");
    await expectAccessible(page, "/staff/bank with an import report");

    // The queue: the line found by its amount alone waits with its one candidate.
    await report.getByRole("link", { name: "Párosításra vár: 1 tétel" }).click();
    await expect(page).toHaveURL(/\/staff\/bank\/queue$/);
    await expect(pageHeading(page)).toHaveText("Párosításra vár");
    const line = page.getByRole("article", { name: new RegExp(`Ismeretlen Befizető ${stamp}`) });
    await expect(line).toContainText("befizetés november");
    await expect(line).toContainText("Csak az összeg egyezik");
    await expectAccessible(page, "/staff/bank/queue");
    await line.getByRole("button", { name: `Párosítás: ${byAmount.number}` }).click();

    const decided = page.getByRole("status").filter({ hasText: `párosítva: ${byAmount.number}` });
    await expect(decided).toBeVisible();
    await expect(line).toHaveCount(0);
    await expect(page.getByText("Nincs párosításra váró tétel.")).toBeVisible();

    // Both proformas are paid; the assigned one through the payment the click recorded.
    await decided.getByRole("link", { name: "Befizetés megnyitása" }).click();
    await expect(pageHeading(page)).toHaveText(/^Befizetés, /);
    await expect(page.getByText("Bankkivonat").first()).toBeVisible();
    await expect(page.getByRole("table", { name: "Kifizetett bizonylatok" })).toContainText(
      /KAPU-\d{4}-\d{6}/,
    );
    await expectAccessible(page, "/staff/payments/:id");
    for (const proforma of [byReference, byAmount]) {
      await page.goto(`/staff/documents/${proforma.id}`);
      await expect(pageHeading(page)).toHaveText(`Díjbekérő ${proforma.number}`);
      await expect(page.getByText("Fizetve").first()).toBeVisible();
    }
  });
});

test.describe("staff records, refunds and writes off", () => {
  test.use({ signedInAs: ACCOUNTS.staffAdmin });

  test("a cash payment of a proforma, refunded with a storno of its invoice; a write-off", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const staff = await api(playwright, baseURL);
    const proforma = await issueProforma(staff, CUSTOMERS.manualPayment, "6000");

    await page.goto("/staff/customers");
    await page
      .getByRole("navigation", { name: "Fő navigáció" })
      .getByRole("group", { name: "Pénzforgalom" })
      .getByRole("link", { name: "Befizetések" })
      .click();
    await expect(pageHeading(page)).toHaveText("Befizetések");
    await expectAccessible(page, "/staff/payments");
    await page.getByRole("link", { name: "Befizetés rögzítése" }).click();
    await expect(pageHeading(page)).toHaveText("Befizetés rögzítése");

    const customer = page.getByRole("combobox", { name: "Ügyfél" });
    await customer.fill("Simon");
    await page.getByRole("option", { name: /^Simon Dóra \(C\d+\)$/ }).click();
    await page.getByRole("textbox", { name: "Összeg" }).fill(proforma.total.amount);
    await expect(page.getByRole("radio", { name: "Készpénz" })).toBeChecked();
    await page.getByRole("checkbox", { name: new RegExp(`${proforma.number}, nyitott`) }).check();
    await expectAccessible(page, "/staff/payments/new");
    await page.getByRole("button", { name: "Befizetés rögzítése" }).click();

    await expect(page).toHaveURL(/\/staff\/payments\/pay_\w+$/);
    await expect(page.getByRole("status")).toHaveText("A befizetést rögzítettük.");
    const paid = page.getByRole("table", { name: "Kifizetett bizonylatok" });
    const finalInvoice = paid.getByRole("link", { name: INVOICE_NUMBER });
    await expect(finalInvoice).toBeVisible();
    const finalNumber = (await finalInvoice.textContent()) ?? "";

    // A refund of all of it: the money sits on the final invoice, so it must be credited first.
    await page.getByRole("button", { name: "Visszatérítés" }).click();
    const dialog = page.getByRole("dialog", { name: "Visszatérítés" });
    await dialog
      .getByRole("textbox", { name: /^Visszatérítendő összeg/ })
      .fill(proforma.total.amount);
    await dialog.getByRole("radio", { name: "Készpénzben" }).check();
    await dialog.getByRole("textbox", { name: "A visszatérítés oka" }).fill("Az ügyfél elállt.");
    await dialog.getByRole("button", { name: "Visszatérítés rögzítése" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Jelölje be a számla sztornózását");
    await dialog.getByRole("checkbox", { name: new RegExp(`^${finalNumber} sztornózása`) }).check();
    await expectAccessible(page, "refund dialog");
    await dialog.getByRole("button", { name: "Visszatérítés rögzítése" }).click();
    await expect(dialog).toBeHidden();
    const refunded = page.getByRole("status").filter({ hasText: "Visszatérítés rögzítve" });
    await expect(refunded).toContainText("Visszatérítve");
    await expect(refunded.getByRole("link", { name: INVOICE_NUMBER })).toBeVisible();
    await expect(page.getByRole("table", { name: "Visszatérítések" })).toContainText(
      "Az ügyfél elállt.",
    );
    await expect(page.getByRole("button", { name: "Visszatérítés" })).toHaveCount(0);

    // A write-off of an open invoice (issued only now: credit on the account, such as the
    // storno's above, would pay it at once).
    const invoice = await issueDocument(staff, "invoice", CUSTOMERS.manualPayment, "3000");
    await page.goto(`/staff/documents/${invoice.id}`);
    await expect(pageHeading(page)).toHaveText(`Számla ${invoice.number}`);
    await page.getByRole("button", { name: "Leírás" }).click();
    const writeOff = page.getByRole("dialog", { name: `${invoice.number} leírása` });
    await writeOff.getByRole("textbox", { name: "A leírás oka" }).fill("Behajthatatlan.");
    await expectAccessible(page, "write-off dialog");
    await writeOff.getByRole("button", { name: "Leírás rögzítése" }).click();
    await expect(writeOff).toBeHidden();
    await expect(page.getByRole("status")).toContainText("Leírva:");
    await expect(page.getByRole("table", { name: "Kiegyenlítés" })).toContainText("Leírás");
  });
});
