import { sql } from "kysely";
import type { Db } from "../../platform/db/index.ts";

export interface AuditFilter {
  customerId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  subjectId?: string | undefined;
  /** Keyset: entries older than this (at, id). */
  before?: { at: string; id: string } | undefined;
  limit: number;
}

/** Audit entries newest first, with who acted (name, whether staff). */
export async function auditEntries(db: Db, f: AuditFilter) {
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", (j) =>
      j.onRef("u.id", "=", "a.actor_id").on("a.actor_type", "=", "user"),
    )
    .leftJoin("customers as c", "c.id", "a.customer_id")
    .select([
      "a.id",
      "a.at",
      "a.actor_type",
      "a.actor_id",
      "a.actor_via",
      "a.customer_id",
      "a.action",
      "a.subject_type",
      "a.subject_id",
      "a.data",
      "a.ip",
      "u.name as actor_name",
      "u.email as actor_email",
      "u.staff_role as actor_staff_role",
      "c.name as customer_name",
    ]);
  if (f.customerId) q = q.where("a.customer_id", "=", f.customerId);
  if (f.actorId) q = q.where("a.actor_id", "=", f.actorId);
  if (f.subjectId) q = q.where("a.subject_id", "=", f.subjectId);
  if (f.action) {
    const prefix = f.action.replace(/[\\%_]/g, (m) => `\\${m}`);
    q = q.where("a.action", "like", `${prefix}%`);
  }
  if (f.before) {
    const b = f.before;
    q = q.where((eb) =>
      eb(eb.refTuple("a.at", "a.id"), "<", eb.tuple(sql<Date>`${b.at}::timestamptz`, b.id)),
    );
  }
  return q.orderBy("a.at", "desc").orderBy("a.id", "desc").limit(f.limit).execute();
}

export type AuditEntryRow = Awaited<ReturnType<typeof auditEntries>>[number];
