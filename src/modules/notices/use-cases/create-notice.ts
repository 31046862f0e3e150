import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { newId } from "../../../platform/ids.ts";
import type { NoticeContent } from "../domain/notice.ts";
import { insertNotice } from "../repo.ts";
import { checkedContent } from "./check-content.ts";

/** Staff write a notice; it stays a draft (seen by nobody) until published. */
export async function createNotice(
  deps: Pick<Deps, "db" | "clock">,
  input: NoticeContent,
  actor: Actor,
): Promise<string> {
  return deps.db.transaction().execute(async (tx) => {
    const content = await checkedContent(tx, input);
    const now = deps.clock.now();
    const id = newId("ntc", now.getTime());
    await insertNotice(tx, {
      id,
      content,
      createdBy: actor.type === "user" ? actor.userId : actor.name,
      now,
    });
    await writeAudit(tx, deps.clock, actor, {
      action: "notice.created",
      subjectType: "status_notice",
      subjectId: id,
      data: { kind: content.kind, target: content.target },
    });
    return id;
  });
}
