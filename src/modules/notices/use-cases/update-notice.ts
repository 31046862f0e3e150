import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { refusal, sameContent, type NoticeContent } from "../domain/notice.ts";
import { noticeErrors } from "../errors.ts";
import { addRecipients, contentOf, lockNotice, recipientsBehind, saveContent } from "../repo.ts";
import { checkedContent } from "./check-content.ts";
import { queueNoticeMails } from "./notice-mails.ts";

export interface NoticeUpdateResult {
  changed: boolean;
  revision: number;
  /** Customers the edited target reaches for the first time (mailed the notice). */
  newRecipients: number;
  /** Customers mailed the update. */
  updated: number;
}

/**
 * Edits a draft, or a published notice (extend its window, correct its text, add targets).
 * An edit of a published notice that changes anything is a new revision. Customers the target
 * now reaches for the first time always get the notice; with `sendUpdate`, customers mailed
 * before (and still affected) get one update e-mail per revision — repeating the request sends
 * nothing again.
 */
export async function updateNotice(
  deps: Pick<Deps, "db" | "clock" | "jobs" | "config">,
  id: string,
  input: NoticeContent & { sendUpdate: boolean },
  actor: Actor,
): Promise<NoticeUpdateResult> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockNotice(tx, id);
    if (!row) throw noticeErrors.notFound();
    const refused = refusal("edit", row.status);
    if (refused) throw noticeErrors.refused(refused, "edited", row.status);
    const content = await checkedContent(tx, input);
    const changed = !sameContent(contentOf(row), content);
    const published = row.status === "published";
    const revision = published && changed ? row.revision + 1 : row.revision;
    const now = deps.clock.now();
    if (changed) {
      await saveContent(tx, id, content, revision, now);
      await writeAudit(tx, deps.clock, actor, {
        action: "notice.updated",
        subjectType: "status_notice",
        subjectId: id,
        data: { status: row.status, revision, kind: content.kind, target: content.target },
      });
    }
    const result: NoticeUpdateResult = { changed, revision, newRecipients: 0, updated: 0 };
    if (!published) return result;
    const notice = { ...row, ...rowContent(content), revision };
    const added = await addRecipients(tx, id, content.target, now);
    await queueNoticeMails(tx, deps, notice, added, "published");
    result.newRecipients = added.length;
    if (input.sendUpdate) {
      const behind = await recipientsBehind(tx, id, content.target, revision);
      await queueNoticeMails(tx, deps, notice, behind, "updated");
      result.updated = behind.length;
    }
    if (added.length > 0 || result.updated > 0) {
      await writeAudit(tx, deps.clock, actor, {
        action: "notice.mailed",
        subjectType: "status_notice",
        subjectId: id,
        data: { revision, newRecipients: added.length, updated: result.updated },
      });
    }
    return result;
  });
}

function rowContent(c: NoticeContent) {
  return {
    kind: c.kind,
    severity: c.severity,
    title_hu: c.titleHu,
    title_en: c.titleEn,
    body_hu: c.bodyHu,
    body_en: c.bodyEn,
    starts_at: c.startsAt,
    ends_at: c.endsAt,
    target: c.target,
  };
}
