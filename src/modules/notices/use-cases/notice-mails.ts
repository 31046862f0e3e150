import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { getSeller } from "../../billing/index.ts";
import {
  enqueueMailJobs,
  outboxRow,
  copyOutboxRows,
  recipientsOf,
  type OutboxRow,
} from "../../notifications/index.ts";
import { noticeMail, type NoticeMailPhase } from "../domain/mails.ts";
import { asLang, localized } from "../domain/notice.ts";
import { contentOf, mailContext, markMailed, type NoticeRow } from "../repo.ts";

/** Customers per statement: the outbox rows of a batch travel as one JSON parameter. */
const BATCH = 500;

/**
 * Queues the e-mail about a notice to each customer's technical notification addresses
 * (notifications' routing; by default the owner and billing contacts), in the customer's language (the notice's own title and body in the other
 * language when it has none in the customer's), inside the caller's transaction. For the first copy and updates, the recipients are
 * marked as mailed about the notice's revision. Returns how many messages were queued.
 */
export async function queueNoticeMails(
  tx: Db,
  deps: Pick<Deps, "clock" | "jobs" | "config">,
  notice: NoticeRow,
  customerIds: readonly string[],
  phase: NoticeMailPhase,
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const now = deps.clock.now();
  const content = contentOf(notice);
  const seller = (await getSeller(tx))?.name ?? "";
  const link = `${deps.config.baseUrl}/services`;
  let queued = 0;
  for (let i = 0; i < customerIds.length; i += BATCH) {
    const batch = customerIds.slice(i, i + BATCH);
    const ctx = await mailContext(tx, content.target, batch);
    const addresses = await recipientsOf(tx, `notice.${phase}`, batch);
    const services = new Map<string, string[]>();
    for (const s of ctx.services) {
      const list = services.get(s.customer_id) ?? [];
      list.push(s.name ? `${s.product} (${s.name})` : s.product);
      services.set(s.customer_id, list);
    }
    const rows: OutboxRow[] = [];
    const mailed: string[] = [];
    for (const customer of ctx.customers) {
      const to = addresses.get(customer.id) ?? [];
      if (to.length === 0) continue;
      const lang = asLang(customer.language);
      const text = localized(content, lang);
      const mail = noticeMail(lang, {
        kind: content.kind,
        phase,
        title: text.title,
        body: text.body,
        startsAt: content.startsAt,
        endsAt: content.endsAt,
        timeZone: deps.config.timeZone,
        services: services.get(customer.id) ?? [],
        link,
        seller,
      });
      for (const address of to) {
        rows.push(
          outboxRow(
            {
              type: `notice.${phase}`,
              language: lang,
              to: address,
              subject: mail.subject,
              text: mail.text,
              customerId: customer.id,
            },
            now,
          ),
        );
      }
      mailed.push(customer.id);
    }
    if (rows.length > 0) {
      await copyOutboxRows(rows).execute(tx);
      await enqueueMailJobs(
        tx,
        deps,
        rows.map((r) => r.id),
      );
    }
    if (phase === "published" || phase === "updated") {
      await markMailed(tx, notice.id, mailed, notice.revision, now);
    }
    queued += rows.length;
  }
  return queued;
}
