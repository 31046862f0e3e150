import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { refusal } from "../domain/notice.ts";
import { noticeErrors } from "../errors.ts";
import { lockNotice, mailedRecipients, setStatus } from "../repo.ts";
import { queueNoticeMails } from "./notice-mails.ts";

/**
 * Resolves a published notice (customers still see it for a week, marked resolved) or cancels
 * a draft or published one (it disappears from the portal). With `sendEmail`, the customers who
 * were mailed the notice are told, once: a closed notice cannot be closed again.
 */
export async function closeNotice(
  deps: Pick<Deps, "db" | "clock" | "jobs" | "config">,
  id: string,
  how: { action: "resolve" | "cancel"; sendEmail: boolean },
  actor: Actor,
): Promise<{ mails: number }> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockNotice(tx, id);
    if (!row) throw noticeErrors.notFound();
    const refused = refusal(how.action, row.status);
    const status = how.action === "resolve" ? "resolved" : "cancelled";
    if (refused) throw noticeErrors.refused(refused, status, row.status);
    await setStatus(tx, id, status, deps.clock.now());
    const mails =
      how.sendEmail && row.status === "published"
        ? await queueNoticeMails(tx, deps, row, await mailedRecipients(tx, id), status)
        : 0;
    await writeAudit(tx, deps.clock, actor, {
      action: `notice.${status}`,
      subjectType: "status_notice",
      subjectId: id,
      data: { from: row.status, mails },
    });
    return { mails };
  });
}
