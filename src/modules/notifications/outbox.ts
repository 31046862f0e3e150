import type { Deps } from "../../platform/context.ts";
import type { Db, MailAttachmentJson, MailRow } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { textToHtml, type MailAttachment } from "../../platform/mail/index.ts";
import { findMail, insertMail, markMail, type OutboxRow } from "./repo.ts";

/**
 * The mail outbox: a mail is a `mail_outbox` row (its text; the HTML is rendered from the text
 * when it is sent or shown, see htmlOf) plus a pg-boss `mail.send` job, both written in the
 * business transaction. queueMail enqueues one job per mail; bulk writers (outboxRowsSql +
 * enqueueMailJobs) one job per MAIL_JOB_BATCH mails. The job sends with sendQueuedMail, which
 * sends a mail only while it is `queued`, so a retried job does not resend what it sent.
 */
export const SEND_MAIL_JOB = "mail.send";

/** The most mails one `mail.send` job carries when bulk writers enqueue them (enqueueMailJobs). */
export const MAIL_JOB_BATCH = 100;

/**
 * A `mail.send` job's data: one mail (`queueMail`) or a batch of at most MAIL_JOB_BATCH mails,
 * sent in order (`enqueueMailJobs`).
 */
export type SendMailJobData = { id: string } | { ids: string[] };

export interface MailMessage {
  /** What kind of mail this is (`auth.password_reset`, …): routes it and names it for staff. */
  type: string;
  language: string;
  to: string;
  subject: string;
  text: string;
  customerId?: string | null;
  userId?: string | null;
  /** Rendered when the mail is sent (never inside the business transaction). */
  attachments?: MailAttachmentJson[];
}

/**
 * Renders an attachment described in the outbox (e.g. a document's PDF) at send time. Modules
 * that attach things provide one per kind (wired in src/runtime.ts), so notifications depends
 * on nobody.
 */
export type AttachmentRenderers = Partial<
  Record<MailAttachmentJson["kind"], (a: MailAttachmentJson) => Promise<MailAttachment>>
>;

/**
 * Puts a message in the outbox and enqueues its sending (one `mail.send` job for this mail),
 * inside the caller's transaction: the mail exists if and only if the change that caused it
 * commits.
 */
export async function queueMail(
  tx: Db,
  deps: Pick<Deps, "clock" | "jobs">,
  message: MailMessage,
): Promise<string> {
  const row = outboxRow(message, deps.clock.now());
  await insertMail(tx, row);
  await deps.jobs.send(tx, SEND_MAIL_JOB, { id: row.id } satisfies SendMailJobData);
  return row.id;
}

/**
 * The outbox row of a message, as queueMail writes it (id, no attempts yet). No HTML body is
 * stored: it is rendered from the text when the mail is sent or shown (htmlOf).
 */
export function outboxRow(message: MailMessage, now: Date): OutboxRow {
  return {
    id: newId("msg", now.getTime()),
    type: message.type,
    language: message.language,
    to: message.to,
    subject: message.subject,
    text: message.text,
    customerId: message.customerId ?? null,
    userId: message.userId ?? null,
    createdAt: now,
    attachments: message.attachments ?? [],
  };
}

/**
 * The HTML of an outbox message: the stored body of a row written before HTML was rendered on
 * demand, otherwise the text in Kapu's HTML layout — what is sent and what staff see.
 */
export function htmlOf(mail: Pick<MailRow, "html_body" | "text_body" | "language">): string {
  return mail.html_body ?? textToHtml(mail.text_body, mail.language);
}

/**
 * For bulk operations: the rows are written by the caller's own statement (outboxRowsSql),
 * then their sending is enqueued with one insert, in the same transaction — one `mail.send` job
 * per MAIL_JOB_BATCH mails (`{ ids }`, in the given order), not one per mail.
 */
export async function enqueueMailJobs(
  tx: Db,
  deps: Pick<Deps, "jobs">,
  ids: readonly string[],
): Promise<void> {
  const jobs: SendMailJobData[] = [];
  for (let i = 0; i < ids.length; i += MAIL_JOB_BATCH) {
    jobs.push({ ids: ids.slice(i, i + MAIL_JOB_BATCH) });
  }
  await deps.jobs.sendMany(tx, SEND_MAIL_JOB, jobs);
}

export const MAIL_RETRY_LIMIT = 8;

/**
 * Sends one outbox message (the `mail.send` job runs it for each mail it carries). Idempotent — a
 * message already sent or stored is left alone, and the Message-ID is fixed, so a resend after a
 * crash is recognisable as the same mail. No transaction is held during the SMTP conversation (on
 * PGlite it would block every request). Without SMTP the message is kept as "stored" for the
 * staff's sent-mail view.
 */
export async function sendQueuedMail(
  deps: Pick<Deps, "db" | "clock" | "config" | "mailTransport">,
  id: string,
  retryCount: number,
  renderers: AttachmentRenderers = {},
): Promise<void> {
  const mail = await findMail(deps.db, id);
  if (!mail || mail.status !== "queued") return;
  if (!deps.mailTransport) {
    await markMail(deps.db, id, { status: "stored" });
    return;
  }
  const messageId = `<${mail.id}@kapu>`;
  try {
    const attachments = await Promise.all(
      mail.attachments.map((a) => {
        const render = renderers[a.kind];
        if (!render) throw new Error(`No renderer for ${a.kind} attachments`);
        return render(a);
      }),
    );
    await deps.mailTransport.send({
      messageId,
      from: deps.config.mailFrom,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body,
      html: htmlOf(mail),
      attachments,
    });
  } catch (error) {
    // The last attempt marks the message failed; either way the error is thrown, so the job fails
    // with it and staff see it in the jobs view as well as in sent mail.
    await markMail(deps.db, id, {
      status: retryCount >= MAIL_RETRY_LIMIT ? "failed" : "queued",
      error: (error as Error).message,
    });
    throw error;
  }
  await markMail(deps.db, id, { status: "sent", sentAt: deps.clock.now(), messageId });
}

/**
 * The `mail.send` job: sends the mails it carries, in order, each with sendQueuedMail (which
 * leaves mails no longer `queued` alone, so a retried batch resends nothing already sent). A
 * failing mail does not stop the others; the job then fails with one error — the mail's own when
 * it carried one mail, else how many failed and the first error — so pg-boss retries it, and
 * each mail's attempts count and last-attempt `failed` follow the job's retryCount as for one
 * mail. Stops between mails once the job is no longer its own (expired, shutting down): the rest
 * stay queued for the retry.
 */
export async function sendMailJob(
  deps: Pick<Deps, "db" | "clock" | "config" | "mailTransport">,
  data: SendMailJobData,
  job: { retryCount: number; signal?: AbortSignal | undefined },
  renderers: AttachmentRenderers = {},
): Promise<void> {
  const ids = "ids" in data ? data.ids : [data.id];
  const errors: unknown[] = [];
  for (const [done, id] of ids.entries()) {
    if (job.signal?.aborted) {
      throw new Error(`The job was stopped with ${ids.length - done} of ${ids.length} mails left`);
    }
    try {
      await sendQueuedMail(deps, id, job.retryCount, renderers);
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 0) return;
  if (ids.length === 1) throw errors[0];
  const first = errors[0] instanceof Error ? errors[0].message : String(errors[0]);
  throw new Error(`${errors.length} of ${ids.length} mails failed; the first: ${first}`);
}
