import type { Deps } from "../../platform/context.ts";
import type { Db, MailAttachmentJson } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { textToHtml, type MailAttachment } from "../../platform/mail/index.ts";
import { findMail, insertMail, markMail, type OutboxRow } from "./repo.ts";

export const SEND_MAIL_JOB = "mail.send";

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
 * Puts a message in the outbox and enqueues its sending, inside the caller's transaction: the
 * mail exists if and only if the change that caused it commits.
 */
export async function queueMail(
  tx: Db,
  deps: Pick<Deps, "clock" | "jobs">,
  message: MailMessage,
): Promise<string> {
  const row = outboxRow(message, deps.clock.now());
  await insertMail(tx, row);
  await deps.jobs.send(tx, SEND_MAIL_JOB, { id: row.id });
  return row.id;
}

/** The outbox row of a message, as queueMail writes it (id, HTML body, no attempts yet). */
export function outboxRow(message: MailMessage, now: Date): OutboxRow {
  return {
    id: newId("msg", now.getTime()),
    type: message.type,
    language: message.language,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: textToHtml(message.text, message.language),
    customerId: message.customerId ?? null,
    userId: message.userId ?? null,
    createdAt: now,
    attachments: message.attachments ?? [],
  };
}

/**
 * For bulk operations: the rows are written by the caller's own statement (outboxRowsSql),
 * then their sending is enqueued with one insert, in the same transaction.
 */
export async function enqueueMailJobs(
  tx: Db,
  deps: Pick<Deps, "jobs">,
  ids: readonly string[],
): Promise<void> {
  await deps.jobs.sendMany(
    tx,
    SEND_MAIL_JOB,
    ids.map((id) => ({ id })),
  );
}

export const MAIL_RETRY_LIMIT = 8;

/**
 * The job: sends one outbox message. Idempotent — a message already sent or stored is left alone,
 * and the Message-ID is fixed, so a resend after a crash is recognisable as the same mail. No
 * transaction is held during the SMTP conversation (on PGlite it would block every request).
 * Without SMTP the message is kept as "stored" for the staff's sent-mail view.
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
      html: mail.html_body ?? undefined,
      attachments,
    });
  } catch (error) {
    // The last attempt marks the message failed; either way the job fails with the SMTP error,
    // so staff see it in the jobs view as well as in sent mail.
    await markMail(deps.db, id, {
      status: retryCount >= MAIL_RETRY_LIMIT ? "failed" : "queued",
      error: (error as Error).message,
    });
    throw error;
  }
  await markMail(deps.db, id, { status: "sent", sentAt: deps.clock.now(), messageId });
}
