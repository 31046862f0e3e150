import type { Page } from "@playwright/test";
import { ACCOUNTS, account, expect, logIn, pageHeading, test } from "./support/fixtures.ts";
import { PHONE, expectAccessible, expectNoHorizontalScroll } from "./support/a11y.ts";
import { signedInTest } from "./support/session.ts";
import { issueProforma, type StaffApi } from "./support/staff-api.ts";

/**
 * Staff administration (A6) and the audit log (K3): an administrator adds a department and a
 * staff member, changes the member's role, disables the login, and finds those changes in the
 * audit log; a customer's owner sees what was done in the account on Profile → Activity.
 */

const RUN = Date.now().toString(36);
const DEPARTMENT = `E2E Domainek ${RUN}`;
const MEMBER = { name: `E2E Munkatárs ${RUN}`, email: `e2e-staff-${RUN}@demo.kapu.hu` };
/** Its owner's activity shows the proforma the administrator issues below. */
const ACTIVITY_CUSTOMER = { name: "Fűszer és Társa Bt.", owner: ACCOUNTS.activity };

/** The staff API through the browser's own session (its cookie, its CSRF token). */
async function browserStaffApi(page: Page): Promise<StaffApi> {
  const session = await page.request.get("/api/auth/session");
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const ok = async <T>(response: Awaited<ReturnType<Page["request"]["get"]>>, what: string) => {
    expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  return {
    get: async <T>(path: string) => ok<T>(await page.request.get(path), `GET ${path}`),
    post: async <T>(path: string, data: unknown) =>
      ok<T>(
        await page.request.post(path, { data, headers: { "x-csrf-token": csrfToken } }),
        `POST ${path}`,
      ),
  };
}

test.describe.configure({ mode: "serial" });

test("an admin adds a department and a staff member, changes the role, and finds it in the audit log", async ({
  page,
}) => {
  // The demo administrator, with its two-factor code.
  await logIn(page, account(ACCOUNTS.staffAdmin));
  await expect(pageHeading(page)).toHaveText("Ügyfelek");
  const nav = page.getByRole("navigation", { name: "Fő navigáció" });
  const administration = nav.getByRole("group", { name: "Adminisztráció" });

  // A department.
  await administration.getByRole("link", { name: "Osztályok" }).click();
  await expect(pageHeading(page)).toHaveText("Osztályok");
  const addDepartment = page.getByRole("form", { name: "Új osztály" });
  await addDepartment.getByRole("textbox", { name: "Név" }).fill(DEPARTMENT);
  await addDepartment.getByRole("button", { name: "Osztály felvétele" }).click();
  await expect(addDepartment.getByRole("status")).toHaveText(`${DEPARTMENT} felvéve.`);
  const departments = page.getByRole("table", { name: "Osztályok listája" });
  await expect(departments.getByRole("row", { name: new RegExp(DEPARTMENT) })).toBeVisible();
  // The same name again: refused in plain words.
  await addDepartment.getByRole("textbox", { name: "Név" }).fill(DEPARTMENT);
  await addDepartment.getByRole("button", { name: "Osztály felvétele" }).click();
  await expect(addDepartment.getByRole("alert")).toContainText("Ilyen nevű osztály már van.");
  await expectAccessible(page, "/staff/departments with an error");

  // A staff member in it, with the support role.
  await administration.getByRole("link", { name: "Munkatársak" }).click();
  await expect(pageHeading(page)).toHaveText("Munkatársak");
  const addMember = page.getByRole("form", { name: "Új munkatárs" });
  await addMember.getByRole("textbox", { name: "E-mail-cím" }).fill(MEMBER.email);
  await addMember.getByRole("textbox", { name: "Név" }).fill(MEMBER.name);
  await addMember.getByRole("combobox", { name: "Szerepkör" }).selectOption("Ügyfélszolgálat");
  await addMember.getByRole("checkbox", { name: DEPARTMENT }).check();
  await addMember.getByRole("button", { name: "Felvétel és meghívó küldése" }).click();
  await expect(addMember.getByRole("status")).toHaveText(
    `${MEMBER.name} felvéve; a meghívót elküldtük ide: ${MEMBER.email}.`,
  );
  const members = page.getByRole("table", { name: "Munkatársak listája" });
  const member = members.getByRole("row", { name: new RegExp(MEMBER.name) });
  await expect(member).toContainText(MEMBER.email);
  await expect(member).toContainText("Ügyfélszolgálat");
  await expect(member).toContainText(DEPARTMENT);
  await expect(member).toContainText("Aktív");
  await expect(member).toContainText("Még soha");
  // The same address again: refused in plain words.
  await addMember.getByRole("textbox", { name: "E-mail-cím" }).fill(MEMBER.email);
  await addMember.getByRole("textbox", { name: "Név" }).fill(MEMBER.name);
  await addMember.getByRole("button", { name: "Felvétel és meghívó küldése" }).click();
  await expect(addMember.getByRole("alert")).toContainText(
    "Ezzel az e-mail-címmel már létezik fiók.",
  );
  await expectAccessible(page, "/staff/users");

  // The role changes to billing.
  await member.getByRole("button", { name: `Szerkesztés: ${MEMBER.name}` }).click();
  const edit = page.getByRole("dialog", { name: `${MEMBER.name} szerkesztése` });
  await edit.getByRole("combobox", { name: "Szerepkör" }).selectOption("Számlázás");
  await expect(edit.getByText("Bizonylatok, befizetések, bankkivonatok")).toBeVisible();
  await expectAccessible(page, "/staff/users, edit dialog");
  await edit.getByRole("button", { name: "Mentés" }).click();
  await expect(edit).toBeHidden();
  await expect(member).toContainText("Számlázás");

  // The login is disabled, after a confirmation.
  await member.getByRole("button", { name: `Letiltás: ${MEMBER.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Letiltja ${MEMBER.name} belépését?` });
  await expect(confirm).toContainText("a nyitott munkamenetei azonnal véget érnek");
  await confirm.getByRole("button", { name: "Letiltás" }).click();
  await expect(confirm).toBeHidden();
  await expect(member).toContainText("Letiltva");
  await expect(member.getByRole("button", { name: `Engedélyezés: ${MEMBER.name}` })).toBeVisible();

  // The audit log, filtered to staff changes: newest first, the disable, the role, the invitation.
  await administration.getByRole("link", { name: "Eseménynapló" }).click();
  await expect(pageHeading(page)).toHaveText("Eseménynapló");
  await page.getByRole("textbox", { name: "Esemény" }).fill("staff.");
  await page.getByRole("button", { name: "Szűrés" }).click();
  await expect(page).toHaveURL(/[?&]action=staff\.(&|$)/);
  const log = page.getByRole("table", { name: "Eseménynapló bejegyzései" });
  const rows = log.getByRole("row");
  await expect(rows.nth(1)).toContainText("staff.changed");
  await expect(rows.nth(1)).toContainText("Munkatárs módosítva");
  await expect(rows.nth(1)).toContainText("Demo Admin");
  await expect(rows.nth(2)).toContainText("staff.changed");
  await expect(rows.nth(3)).toContainText("staff.created");
  await expect(rows.nth(3)).toContainText("Munkatárs felvéve");
  await rows.nth(2).getByText("Adatok megjelenítése").click();
  const data = rows.nth(2).getByRole("group");
  await expect(data).toContainText('"from": "support"');
  await expect(data).toContainText('"to": "billing"');
  await expect(rows.nth(1)).not.toContainText("staff.created");
  await expectAccessible(page, "/staff/audit with data open");

  // The department's creation, by its own filter.
  await page.getByRole("textbox", { name: "Esemény" }).fill("department.");
  await page.getByRole("button", { name: "Szűrés" }).click();
  const created = log.getByRole("row").filter({ hasText: "department.created" }).first();
  await expect(created).toContainText("Osztály felvéve");
  await created.getByText("Adatok megjelenítése").click();
  await expect(created).toContainText(DEPARTMENT);

  // A proforma for a customer: its owner sees it below, and the customer's page links its log.
  const proforma = await issueProforma(await browserStaffApi(page), ACTIVITY_CUSTOMER.name, "4000");
  await nav.getByRole("link", { name: "Ügyfelek" }).click();
  await page.getByRole("searchbox", { name: "Keresés" }).fill(ACTIVITY_CUSTOMER.name);
  await page.getByRole("link", { name: ACTIVITY_CUSTOMER.name }).click();
  await expect(pageHeading(page)).toHaveText(ACTIVITY_CUSTOMER.name);
  await page.getByRole("link", { name: "Az ügyfél eseménynaplója" }).click();
  await expect(pageHeading(page)).toHaveText("Eseménynapló");
  await expect(page).toHaveURL(/[?&]customerId=cus_/);
  await expect(page.getByRole("combobox", { name: "Ügyfél" })).toHaveValue(
    new RegExp(`^${ACTIVITY_CUSTOMER.name}`),
  );
  const issued = log.getByRole("row").nth(1);
  await expect(issued).toContainText("billing.proforma_issued");
  await expect(issued).toContainText("Díjbekérő kiállítva");
  await expect(issued.getByRole("link", { name: ACTIVITY_CUSTOMER.name })).toBeVisible();
  await expect(issued).toContainText(proforma.id);

  // At phone width: cards instead of the table, nothing wider than the screen.
  await page.setViewportSize(PHONE);
  await expect(page.getByRole("list", { name: "Eseménynapló bejegyzései" })).toContainText(
    "billing.proforma_issued",
  );
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "/staff/audit at phone width");
  await page.goto("/staff/users");
  await expect(page.getByRole("list", { name: "Munkatársak listája" })).toContainText(MEMBER.name);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "/staff/users at phone width");
});

signedInTest.describe("the customer's owner", () => {
  signedInTest.use({ signedInAs: ACTIVITY_CUSTOMER.owner });

  signedInTest("sees the account's activity", async ({ page }) => {
    await page.goto("/profile");
    await page
      .getByRole("navigation", { name: "Profil" })
      .getByRole("link", { name: "Tevékenység" })
      .click();
    await expect(page).toHaveURL(/\/profile\/activity$/);
    await expect(pageHeading(page)).toHaveText("Tevékenység");
    const activity = page.getByRole("table", { name: "A fiók tevékenysége" });
    // The proforma the administrator issued above, newest first.
    const newest = activity.getByRole("row").nth(1);
    await expect(newest).toContainText("Díjbekérő kiállítva");
    await expect(newest).toContainText("Munkatársunk");
    // The demo made the account: Kapu itself.
    await expect(
      activity.getByRole("row").filter({ hasText: "Fiók létrehozva" }).first(),
    ).toContainText("Automatikus");
    await expectAccessible(page, "/profile/activity");

    await page.setViewportSize(PHONE);
    await expect(page.getByRole("list", { name: "A fiók tevékenysége" })).toContainText(
      "Díjbekérő kiállítva",
    );
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, "/profile/activity at phone width");
  });
});
