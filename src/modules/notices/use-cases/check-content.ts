import type { Db } from "../../../platform/db/index.ts";
import { contentProblems, normalizeContent, type NoticeContent } from "../domain/notice.ts";
import { noticeErrors } from "../errors.ts";
import { knownServers, missingProducts } from "../repo.ts";

/**
 * The notice as it is stored (normalized), or a 400: its own rules first (title, window,
 * target), then whether every product exists and every server is known.
 */
export async function checkedContent(tx: Db, input: NoticeContent): Promise<NoticeContent> {
  const content = normalizeContent(input);
  const problems = contentProblems(content);
  if (problems.length > 0) throw noticeErrors.invalid(problems);
  const { productIds, servers } = content.target;
  const missing = await missingProducts(tx, productIds);
  if (missing.length > 0) {
    throw noticeErrors.unknownProducts(
      missing.map((id) => productIds.indexOf(id)),
      missing,
    );
  }
  if (servers.length > 0) {
    const known = new Set((await knownServers(tx, servers)).map((s) => s.name));
    const unknown = servers.filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw noticeErrors.unknownServers(
        unknown.map((s) => servers.indexOf(s)),
        unknown,
      );
    }
  }
  return content;
}
