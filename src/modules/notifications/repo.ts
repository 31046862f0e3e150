import { sql } from "kysely";
import {
  copyRows,
  type Db,
  type MailAttachmentJson,
  type MailRow,
  type MailStatus,
} from "../../platform/db/index.ts";

/** A mail as it enters the outbox (status queued). */
export interface OutboxRow {
  id: string;
  type: string;
  language: string;
  to: string;
  subject: string;
  text: string;
  customerId: string | null;
  userId: string | null;
  createdAt: Date;
  attachments: MailAttachmentJson[];
}

export async function insertMail(tx: Db, row: OutboxRow): Promise<void> {
  await tx
    .insertInto("mail_outbox")
    .values({
      id: row.id,
      type: row.type,
      language: row.language,
      to_address: row.to,
      subject: row.subject,
      text_body: row.text,
      customer_id: row.customerId,
      user_id: row.userId,
      status: "queued",
      created_at: row.createdAt,
      attachments: JSON.stringify(row.attachments),
    })
    .execute();
}

/** An outbox row's columns as the bulk writers insert them (queued). */
const outboxRecord = (m: OutboxRow) => ({
  id: m.id,
  type: m.type,
  language: m.language,
  to_address: m.to,
  subject: m.subject,
  text_body: m.text,
  customer_id: m.customerId,
  user_id: m.userId,
  status: "queued",
  created_at: m.createdAt,
  attachments: m.attachments,
});

const OUTBOX_COLUMNS = [
  "id",
  "type",
  "language",
  "to_address",
  "subject",
  "text_body",
  "customer_id",
  "user_id",
  "status",
  "created_at",
  "attachments",
] as const satisfies readonly (keyof ReturnType<typeof outboxRecord>)[];

/**
 * The INSERT of many outbox rows as one statement (rows travel as one JSON parameter), for bulk
 * operations that compose it with their own writes; enqueueMailJobs sends them.
 */
export function outboxRowsSql(rows: readonly OutboxRow[]) {
  return sql`
    INSERT INTO mail_outbox (${sql.join(OUTBOX_COLUMNS.map((c) => sql.ref(c)))})
    SELECT ${sql.join(OUTBOX_COLUMNS.map((c) => sql.ref(c)))}
    FROM json_to_recordset(${JSON.stringify(rows.map(outboxRecord))}::json) AS r(id text,
      type text, language text, to_address text, subject text, text_body text,
      customer_id text, user_id text, status text, created_at timestamptz, attachments jsonb)`;
}

/** Many outbox rows by `COPY` (decision 50), queued; enqueueMailJobs sends them. */
export function copyOutboxRows(rows: readonly OutboxRow[]) {
  return copyRows("mail_outbox", OUTBOX_COLUMNS, rows.map(outboxRecord));
}

export async function findMail(db: Db, id: string): Promise<MailRow | undefined> {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function markMail(
  db: Db,
  id: string,
  change: { status: MailStatus; error?: string | null; sentAt?: Date | null; messageId?: string },
): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set((eb) => ({
      status: change.status,
      attempts: eb("attempts", "+", 1),
      last_error: change.error ?? null,
      ...(change.sentAt !== undefined ? { sent_at: change.sentAt } : {}),
      ...(change.messageId ? { message_id: change.messageId } : {}),
    }))
    .where("id", "=", id)
    .execute();
}

export async function listMail(
  db: Db,
  filter: { limit: number; customerId?: string | undefined; to?: string | undefined },
): Promise<MailRow[]> {
  let q = db.selectFrom("mail_outbox").selectAll();
  if (filter.customerId) q = q.where("customer_id", "=", filter.customerId);
  if (filter.to)
    q = q.where((eb) => eb(eb.fn("lower", ["to_address"]), "=", filter.to!.toLowerCase()));
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
}
