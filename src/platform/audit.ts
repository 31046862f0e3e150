import { sql } from "kysely";
import { copyRows, type Db } from "./db/index.ts";
import type { Clock } from "./clock.ts";
import { newId } from "./ids.ts";

/** Who did something: a logged-in user (staff or contact), the system (jobs), or the CLI. */
export type Actor =
  | {
      type: "user";
      userId: string;
      requestId?: string | undefined;
      ip?: string | undefined;
      /** How the user reached the customer account acted for (manager, staff acting as it). */
      via?: "contact" | "manager" | "staff" | undefined;
    }
  | { type: "system"; name: string }
  | { type: "cli"; name: string };

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown>;
}

/** One audit_log row as written. */
export interface AuditRow {
  id: string;
  at: Date;
  actor_type: Actor["type"];
  actor_id: string | null;
  customer_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
  actor_via: "contact" | "manager" | "staff" | null;
}

export function auditRow(now: Date, actor: Actor, entry: AuditEntry): AuditRow {
  return {
    id: newId("aud", now.getTime()),
    at: now,
    actor_type: actor.type,
    actor_id: actor.type === "user" ? actor.userId : actor.name,
    customer_id: entry.customerId ?? null,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    data: entry.data ?? {},
    request_id: actor.type === "user" ? (actor.requestId ?? null) : null,
    ip: actor.type === "user" ? (actor.ip ?? null) : null,
    actor_via: actor.type === "user" && entry.customerId ? (actor.via ?? null) : null,
  };
}

/**
 * Appends one audit row. Call it with the transaction that makes the change, so the change and
 * its record commit together. The table refuses updates and deletes.
 */
export async function writeAudit(
  tx: Db,
  clock: Clock,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  const row = auditRow(clock.now(), actor, entry);
  await tx
    .insertInto("audit_log")
    .values({ ...row, data: JSON.stringify(row.data) })
    .execute();
}

/**
 * The INSERT of many audit rows as one statement (rows travel as one JSON parameter), for bulk
 * operations that compose it with their own writes. Parsed as jsonb, once: each row's `data`
 * is then taken as it is, where json_to_recordset would parse every row's again.
 */
export function auditRowsSql(rows: readonly AuditRow[]) {
  return sql`
    INSERT INTO audit_log (id, at, actor_type, actor_id, customer_id, action, subject_type,
      subject_id, data, request_id, ip, actor_via)
    SELECT id, at, actor_type, actor_id, customer_id, action, subject_type, subject_id, data,
      request_id, ip, actor_via
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, at timestamptz,
      actor_type text, actor_id text, customer_id text, action text, subject_type text,
      subject_id text, data jsonb, request_id text, ip text, actor_via text)`;
}

const AUDIT_COLUMNS = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "customer_id",
  "action",
  "subject_type",
  "subject_id",
  "data",
  "request_id",
  "ip",
  "actor_via",
] as const satisfies readonly (keyof AuditRow)[];

/** Many audit rows by `COPY` (decision 50): a statement of its own, the cheapest to write. */
export function copyAuditRows(rows: readonly AuditRow[]) {
  return copyRows("audit_log", AUDIT_COLUMNS, rows);
}
