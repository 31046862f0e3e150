import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { refusal } from "../domain/notice.ts";
import { noticeErrors } from "../errors.ts";
import { addRecipients, lockNotice, setStatus } from "../repo.ts";
import { queueNoticeMails } from "./notice-mails.ts";

export interface PublishResult {
  /** Customers reached for the first time by this call (each mailed one copy). */
  newRecipients: number;
  mails: number;
}

/**
 * Publishes a notice: the customers with a pending, active or suspended service of a targeted
 * product or on a targeted server are recorded as its recipients (set-based), and each new one
 * is mailed a copy. Publishing again (or a retried request) reaches only customers not yet
 * recorded — whoever was mailed is never mailed the notice again.
 */
export async function publishNotice(
  deps: Pick<Deps, "db" | "clock" | "jobs" | "config">,
  id: string,
  actor: Actor,
): Promise<PublishResult> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockNotice(tx, id);
    if (!row) throw noticeErrors.notFound();
    const refused = refusal("publish", row.status);
    if (refused) throw noticeErrors.refused(refused, "published", row.status);
    const now = deps.clock.now();
    const first = row.status === "draft";
    if (first) {
      await setStatus(tx, id, "published", now);
    }
    const added = await addRecipients(tx, id, row.target, now);
    const mails = await queueNoticeMails(tx, deps, row, added, "published");
    if (first || added.length > 0) {
      await writeAudit(tx, deps.clock, actor, {
        action: first ? "notice.published" : "notice.republished",
        subjectType: "status_notice",
        subjectId: id,
        data: { newRecipients: added.length, mails },
      });
    }
    return { newRecipients: added.length, mails };
  });
}
