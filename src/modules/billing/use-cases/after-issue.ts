import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { queueMail, recipientsFor } from "../../notifications/index.ts";
import { isNavReportable } from "../export/nav.ts";
import { documentFilename, documentIssuedMail } from "../mails.ts";
import { putDocumentFile } from "../repo.ts";
import { loadDocumentView, navXmlOf } from "../view.ts";

/**
 * What follows every issued document, in the issuing transaction: the NAV invoice data XML is
 * rendered and stored (invoices and corrections NAV must receive — not proformas, not pure OSS
 * supplies; sending it to NAV is a later issue), and the document is e-mailed with its PDF (which
 * the mail job renders at send time) to the account's invoice addresses (notifications' routing).
 */
export async function afterIssue(
  tx: Db,
  deps: Pick<Deps, "clock" | "config" | "jobs">,
  documentId: string,
  customerId: string,
  options: { silent: boolean },
): Promise<void> {
  const view = await loadDocumentView(tx, documentId);
  if (!view) throw new Error(`document ${documentId} vanished`);
  if (isNavReportable(view)) {
    const xml = await navXmlOf(tx, view);
    await putDocumentFile(tx, documentId, "nav", Buffer.from(xml, "utf8"), deps.clock.now());
  }
  if (options.silent) return;
  const link = `${deps.config.baseUrl}/finances/documents/${documentId}`;
  const mail = documentIssuedMail(view.language, view, link);
  const type = `billing.${view.kind}_issued` as const;
  for (const to of await recipientsFor(tx, type, customerId)) {
    await queueMail(tx, deps, {
      type,
      language: view.language,
      to,
      subject: mail.subject,
      text: mail.text,
      customerId,
      attachments: [{ kind: "document_pdf", documentId, filename: documentFilename(view) }],
    });
  }
}
