import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** The SMTP side of mail. Kapu never sends from a request: mail goes through the outbox. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * The SMTP connection's settings, given in the URL's query (nodemailer takes its transport
 * options from there when given a URL; an options object beside a URL would be taken as message
 * defaults): timeouts, and a pool of at most 2 connections (the mail jobs send 2 at a time) that
 * stay open between messages, so a batch of mails is one connection, not one per mail. A setting
 * the URL already has is kept.
 */
const SMTP_DEFAULTS: Record<string, string> = {
  pool: "true",
  maxConnections: "2",
  connectionTimeout: "15000",
  greetingTimeout: "15000",
  socketTimeout: "30000",
};

export function smtpUrlWithDefaults(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(SMTP_DEFAULTS))
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport(smtpUrlWithDefaults(smtpUrl));
  return {
    async send(mail) {
      await transporter.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.attachments?.length
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.content),
              })),
            }
          : {}),
      });
    },
    close() {
      transporter.close();
    },
  };
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Wraps plain-text paragraphs in Kapu's simple HTML layout; URLs become links. */
export function textToHtml(text: string, lang: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) =>
      escapeHtml(p)
        .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
        .replace(/\n/g, "<br>"),
    )
    .map((p) => `<p>${p}</p>`)
    .join("\n");
  return `<!doctype html><html lang="${escapeHtml(lang)}"><body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a">${paragraphs}</body></html>`;
}
