import type { Db } from "../../platform/db/index.ts";
import {
  chooseRecipients,
  routeOf,
  type CustomerMailType,
  type NotificationType,
  type RecipientCandidate,
} from "./domain/routing.ts";
import { recipientCandidates } from "./repo-recipients.ts";

/**
 * THE place where mail to customer accounts finds its recipients: for a mail type, each
 * account's addresses for the type it routes by (domain/routing.ts), in one query however many
 * accounts are asked about — bulk senders (the billing run, status notices, statement imports)
 * call it once per page of accounts. Accounts without any address get no entry.
 */
export async function recipientsOf(
  db: Db,
  mailType: CustomerMailType,
  customerIds: readonly string[],
): Promise<Map<string, string[]>> {
  return recipientsOfType(db, routeOf(mailType), customerIds);
}

/** recipientsOf for one account. */
export async function recipientsFor(
  db: Db,
  mailType: CustomerMailType,
  customerId: string,
): Promise<string[]> {
  return (await recipientsOf(db, mailType, [customerId])).get(customerId) ?? [];
}

/** The same by notification type (the settings page shows who gets each type now). */
export async function recipientsOfType(
  db: Db,
  type: NotificationType,
  customerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byCustomer = new Map<string, RecipientCandidate[]>();
  for (const row of await recipientCandidates(db, type, customerIds)) {
    const list = byCustomer.get(row.customer_id);
    if (list) list.push(row);
    else byCustomer.set(row.customer_id, [row]);
  }
  const out = new Map<string, string[]>();
  for (const [id, candidates] of byCustomer) {
    const recipients = chooseRecipients(candidates);
    if (recipients.length > 0) out.set(id, recipients);
  }
  return out;
}
