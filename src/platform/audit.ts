import type { Db } from "./db/index.ts";
import type { Clock } from "./clock.ts";
import { newId } from "./ids.ts";

/** Who did something: a logged-in user (staff or contact), the system (jobs), or the CLI. */
export type Actor =
  | { type: "user"; userId: string; requestId?: string | undefined; ip?: string | undefined }
  | { type: "system"; name: string }
  | { type: "cli"; name: string };

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown>;
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
  const now = clock.now();
  await tx
    .insertInto("audit_log")
    .values({
      id: newId("aud", now.getTime()),
      at: now,
      actor_type: actor.type,
      actor_id: actor.type === "user" ? actor.userId : actor.name,
      customer_id: entry.customerId ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      request_id: actor.type === "user" ? (actor.requestId ?? null) : null,
      ip: actor.type === "user" ? (actor.ip ?? null) : null,
    })
    .execute();
}
