import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";
import type { NotificationType, RecipientCandidate } from "./domain/routing.ts";

export interface CandidateRow extends RecipientCandidate {
  customer_id: string;
}

/**
 * The recipient candidates of many accounts for one notification type, in ONE query: the
 * targets each account chose for the type (a named contact's current address, or an address of
 * its own) by position; for accounts that chose none, their contacts, primary first, then
 * oldest first (the default rule picks from these). Ordered by account.
 */
export async function recipientCandidates(
  db: Db,
  type: NotificationType,
  customerIds: readonly string[],
): Promise<CandidateRow[]> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return [];
  const result = await sql<CandidateRow>`
    SELECT customer_id, source, email, permissions FROM (
      SELECT n.customer_id, 'setting' AS source, coalesce(k.email, n.email) AS email,
        '{}'::text[] AS permissions, 0 AS grp, n.position::int AS pos,
        NULL::timestamptz AS created_at, '' AS contact_id
      FROM notification_addresses n
      LEFT JOIN contacts k ON k.id = n.contact_id
      WHERE n.customer_id = ANY(${ids}::text[]) AND n.type = ${type}
      UNION ALL
      SELECT c.customer_id, 'contact', c.email, c.permissions, 1,
        CASE WHEN c.is_primary THEN 0 ELSE 1 END, c.created_at, c.id
      FROM contacts c
      WHERE c.customer_id = ANY(${ids}::text[])
        AND NOT EXISTS (
          SELECT 1 FROM notification_addresses s
          WHERE s.customer_id = c.customer_id AND s.type = ${type})
    ) r
    ORDER BY customer_id, grp, pos, created_at, contact_id`.execute(db);
  return result.rows;
}
