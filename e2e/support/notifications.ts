import type { Locator } from "@playwright/test";

/**
 * In the notification-address form (Profile → Notifications, and the staff dialog on a customer's
 * page, which share it): adds a recipient to a type's group as an address of its own, and returns
 * that recipient's e-mail field.
 */
export async function addOwnAddress(group: Locator, type: string, n = 1): Promise<Locator> {
  await group.getByRole("button", { name: `Címzett hozzáadása: ${type}` }).click();
  await group
    .getByRole("combobox", { name: `${type}: ${n}. címzett` })
    .selectOption({ label: "Másik e-mail-cím…" });
  return group.getByRole("textbox", { name: `${type}: ${n}. e-mail-cím` });
}
