import { sql, type Selectable } from "kysely";
import type {
  Db,
  StatusNoticeKind,
  StatusNoticeSeverity,
  StatusNoticeStatus,
  StatusNoticesTable,
  StatusNoticeTargetJson,
} from "../../platform/db/index.ts";
import type { NoticeContent, NoticeKind, NoticeSeverity, NoticeStatus } from "./domain/notice.ts";

// The domain's names and the column types are the same sets (checked here, at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const kindsAgree: Same<NoticeKind, StatusNoticeKind> = true;
const severitiesAgree: Same<NoticeSeverity, StatusNoticeSeverity> = true;
const statusesAgree: Same<NoticeStatus, StatusNoticeStatus> = true;
void kindsAgree;
void severitiesAgree;
void statusesAgree;

export type NoticeRow = Selectable<StatusNoticesTable>;

/** The services a notice can affect: pending, active or suspended (not ended ones). */
const OPEN_SERVICE = sql`s.status IN ('pending', 'active', 'suspended')`;

/**
 * The server each service is on: the `server` of its most recent done provisioning task that
 * reported one (the demo hosting module reports it on create), lower-case.
 */
const SERVICE_SERVERS = sql`
  SELECT DISTINCT ON (t.service_id) t.service_id, lower(t.result->>'server') AS server
  FROM provisioning_tasks t
  WHERE t.status = 'done' AND t.result->>'server' IS NOT NULL
  ORDER BY t.service_id, t.finished_at DESC, t.id DESC`;

/** The open services a target affects (service_id, customer_id), each once. */
function affectedServices(target: StatusNoticeTargetJson) {
  return sql`
    SELECT s.id AS service_id, s.customer_id
    FROM services s
    WHERE ${OPEN_SERVICE} AND s.product_id = ANY(${target.productIds}::text[])
    UNION
    SELECT s.id AS service_id, s.customer_id
    FROM (${SERVICE_SERVERS}) t
    JOIN services s ON s.id = t.service_id
    WHERE ${OPEN_SERVICE} AND t.server = ANY(${target.servers}::text[])`;
}

export function contentOf(row: NoticeRow): NoticeContent {
  return {
    kind: row.kind,
    severity: row.severity,
    titleHu: row.title_hu,
    titleEn: row.title_en,
    bodyHu: row.body_hu,
    bodyEn: row.body_en,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    target: row.target,
  };
}

function contentColumns(c: NoticeContent) {
  return {
    kind: c.kind,
    severity: c.severity,
    title_hu: c.titleHu,
    title_en: c.titleEn,
    body_hu: c.bodyHu,
    body_en: c.bodyEn,
    starts_at: c.startsAt,
    ends_at: c.endsAt,
    target: JSON.stringify(c.target),
  };
}

export async function insertNotice(
  tx: Db,
  n: { id: string; content: NoticeContent; createdBy: string | null; now: Date },
): Promise<void> {
  await tx
    .insertInto("status_notices")
    .values({
      id: n.id,
      ...contentColumns(n.content),
      status: "draft",
      created_by: n.createdBy,
      created_at: n.now,
      updated_at: n.now,
    })
    .execute();
}

export async function lockNotice(tx: Db, id: string): Promise<NoticeRow | undefined> {
  return tx
    .selectFrom("status_notices")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function saveContent(
  tx: Db,
  id: string,
  c: NoticeContent,
  revision: number,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("status_notices")
    .set({ ...contentColumns(c), revision, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function setStatus(
  tx: Db,
  id: string,
  status: "published" | "resolved" | "cancelled",
  now: Date,
): Promise<void> {
  await tx
    .updateTable("status_notices")
    .set({
      status,
      updated_at: now,
      ...(status === "published" ? { published_at: now } : {}),
      ...(status === "resolved" ? { resolved_at: now } : {}),
      ...(status === "cancelled" ? { cancelled_at: now } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** The notices with how many customers they reached and how many were mailed. */
function noticesWithCounts(db: Db) {
  return db
    .selectFrom("status_notices as n")
    .selectAll("n")
    .select([
      sql<number>`(SELECT count(*)::int FROM status_notice_recipients r WHERE r.notice_id = n.id)`.as(
        "recipient_count",
      ),
      sql<number>`(SELECT count(*)::int FROM status_notice_recipients r WHERE r.notice_id = n.id AND r.mailed_at IS NOT NULL)`.as(
        "mailed_count",
      ),
    ]);
}

export type NoticeListRow = NoticeRow & { recipient_count: number; mailed_count: number };

export async function findNotice(db: Db, id: string): Promise<NoticeListRow | undefined> {
  return noticesWithCounts(db).where("n.id", "=", id).executeTakeFirst();
}

export async function listNotices(
  db: Db,
  q: { status?: NoticeStatus | undefined; limit: number },
): Promise<NoticeListRow[]> {
  let query = noticesWithCounts(db);
  if (q.status) query = query.where("n.status", "=", q.status);
  return query.orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(q.limit).execute();
}

/** How many customers and services a target affects now. */
export async function reachOf(
  db: Db,
  target: StatusNoticeTargetJson,
): Promise<{ customers: number; services: number }> {
  const r = await sql<{ customers: number; services: number }>`
    SELECT count(DISTINCT a.customer_id)::int AS customers, count(*)::int AS services
    FROM (${affectedServices(target)}) a`.execute(db);
  return r.rows[0] ?? { customers: 0, services: 0 };
}

/** Those of `ids` that are not products. */
export async function missingProducts(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db
    .selectFrom("products")
    .select("id")
    .where(sql<boolean>`id = ANY(${[...ids]}::text[])`)
    .execute();
  const known = new Set(found.map((p) => p.id));
  return ids.filter((id) => !known.has(id));
}

/** Products staff can target, with their open services. */
export async function targetProducts(db: Db) {
  const r = await sql<{
    id: string;
    code: string;
    name: string;
    kind: string;
    active: boolean;
    services: number;
  }>`
    SELECT p.id, p.code, p.name, p.kind, p.active,
      (SELECT count(*)::int FROM services s WHERE s.product_id = p.id AND ${OPEN_SERVICE}) AS services
    FROM products p
    ORDER BY p.active DESC, p.name, p.id`.execute(db);
  return r.rows;
}

/**
 * Servers staff can target: those services are on (by the rule above) and those products
 * provision on (`provisioning_settings.server`), with their open services.
 */
export async function knownServers(
  db: Db,
  only?: readonly string[],
): Promise<{ name: string; services: number }[]> {
  const r = await sql<{ name: string; services: number }>`
    WITH known AS (
      SELECT t.server, ${OPEN_SERVICE} AS open
      FROM (${SERVICE_SERVERS}) t JOIN services s ON s.id = t.service_id
      UNION ALL
      SELECT lower(p.provisioning_settings->>'server'), false
      FROM products p WHERE p.provisioning_settings->>'server' IS NOT NULL
    )
    SELECT server AS name, (count(*) FILTER (WHERE open))::int AS services
    FROM known
    WHERE ${only ? sql`server = ANY(${[...only]}::text[])` : sql`true`}
    GROUP BY server
    ORDER BY server`.execute(db);
  return r.rows;
}

/**
 * Records the customers the notice reaches now that are not recorded yet (set-based; the key
 * keeps each customer once, whoever runs this concurrently). Returns the new ones.
 */
export async function addRecipients(
  tx: Db,
  noticeId: string,
  target: StatusNoticeTargetJson,
  now: Date,
): Promise<string[]> {
  const r = await sql<{ customer_id: string }>`
    INSERT INTO status_notice_recipients (notice_id, customer_id, created_at)
    SELECT DISTINCT ${noticeId}::text, a.customer_id, ${now}::timestamptz
    FROM (${affectedServices(target)}) a
    ON CONFLICT (notice_id, customer_id) DO NOTHING
    RETURNING customer_id`.execute(tx);
  return r.rows.map((x) => x.customer_id).sort();
}

/** Recipients already mailed, still affected, and not yet mailed about this revision. */
export async function recipientsBehind(
  tx: Db,
  noticeId: string,
  target: StatusNoticeTargetJson,
  revision: number,
): Promise<string[]> {
  const r = await sql<{ customer_id: string }>`
    SELECT r.customer_id
    FROM status_notice_recipients r
    WHERE r.notice_id = ${noticeId} AND r.mailed_at IS NOT NULL AND r.mailed_revision < ${revision}
      AND r.customer_id IN (SELECT a.customer_id FROM (${affectedServices(target)}) a)
    ORDER BY r.customer_id`.execute(tx);
  return r.rows.map((x) => x.customer_id);
}

/** Recipients that were mailed a copy (told when it is resolved or withdrawn). */
export async function mailedRecipients(tx: Db, noticeId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom("status_notice_recipients")
    .select("customer_id")
    .where("notice_id", "=", noticeId)
    .where("mailed_at", "is not", null)
    .orderBy("customer_id")
    .execute();
  return rows.map((x) => x.customer_id);
}

export async function markMailed(
  tx: Db,
  noticeId: string,
  customerIds: readonly string[],
  revision: number,
  now: Date,
): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    UPDATE status_notice_recipients
    SET mailed_at = coalesce(mailed_at, ${now}::timestamptz), mailed_revision = ${revision}
    WHERE notice_id = ${noticeId} AND customer_id = ANY(${[...customerIds]}::text[])`.execute(tx);
}

/** The customers' languages and their services the target affects (named for the e-mail). */
export async function mailContext(
  tx: Db,
  target: StatusNoticeTargetJson,
  customerIds: readonly string[],
) {
  const customers = await tx
    .selectFrom("customers")
    .select(["id", "language"])
    .where(sql<boolean>`id = ANY(${[...customerIds]}::text[])`)
    .execute();
  const services = await sql<{ customer_id: string; product: string; name: string | null }>`
    SELECT a.customer_id, p.name AS product, coalesce(s.domain, s.label) AS name
    FROM (${affectedServices(target)}) a
    JOIN services s ON s.id = a.service_id
    JOIN products p ON p.id = s.product_id
    WHERE a.customer_id = ANY(${[...customerIds]}::text[])
    ORDER BY a.customer_id, p.name, s.id`.execute(tx);
  return { customers, services: services.rows };
}

export interface CustomerNoticeRow {
  id: string;
  kind: NoticeKind;
  severity: NoticeSeverity;
  status: "published" | "resolved";
  title_hu: string;
  title_en: string;
  body_hu: string;
  body_en: string;
  starts_at: Date;
  ends_at: Date | null;
  resolved_at: Date | null;
  updated_at: Date;
  services: { id: string; product: string; name: string | null }[];
}

/**
 * The notices a customer sees: published and not yet ended, or resolved since `resolvedSince`,
 * that affect at least one of the customer's open services (listed with each). Current ones
 * first, by start.
 */
export async function noticesOfCustomer(
  db: Db,
  customerId: string,
  now: Date,
  resolvedSince: Date,
): Promise<CustomerNoticeRow[]> {
  const r = await sql<CustomerNoticeRow>`
    WITH svc AS (
      SELECT s.id, s.product_id, p.name AS product, coalesce(s.domain, s.label) AS name,
        (SELECT lower(t.result->>'server') FROM provisioning_tasks t
          WHERE t.service_id = s.id AND t.status = 'done' AND t.result->>'server' IS NOT NULL
          ORDER BY t.finished_at DESC, t.id DESC LIMIT 1) AS server
      FROM services s JOIN products p ON p.id = s.product_id
      WHERE s.customer_id = ${customerId} AND ${OPEN_SERVICE}
    )
    SELECT n.id, n.kind, n.severity, n.status, n.title_hu, n.title_en, n.body_hu, n.body_en,
      n.starts_at, n.ends_at, n.resolved_at, n.updated_at,
      json_agg(json_build_object('id', svc.id, 'product', svc.product, 'name', svc.name)
        ORDER BY svc.product, svc.id) AS services
    FROM status_notices n
    JOIN svc ON (n.target->'productIds') ? svc.product_id
      OR (svc.server IS NOT NULL AND (n.target->'servers') ? svc.server)
    WHERE (n.status = 'published' AND (n.ends_at IS NULL OR n.ends_at > ${now}::timestamptz))
      OR (n.status = 'resolved' AND n.resolved_at > ${resolvedSince}::timestamptz)
    GROUP BY n.id
    ORDER BY (n.status = 'published') DESC, n.starts_at, n.id
    LIMIT 50`.execute(db);
  return r.rows;
}
