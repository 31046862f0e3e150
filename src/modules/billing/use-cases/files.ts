import type { Deps } from "../../../platform/context.ts";
import type { MailAttachmentJson } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import type { MailAttachment } from "../../../platform/mail/index.ts";
import { renderDocumentPdf, renderStatementPdf } from "../export/pdf.ts";
import { renderUbl } from "../export/ubl.ts";
import { documentFilename } from "../mails.ts";
import { getDocumentFile, putDocumentFile } from "../repo.ts";
import { loadDocumentView, navXmlOf } from "../view.ts";
import { buildStatement } from "./statement.ts";

export type ExportFormat = "pdf" | "ubl" | "nav";

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: "application/pdf",
  ubl: "application/xml",
  nav: "application/xml",
};

/**
 * A document in one of its renderings. The PDF is rendered on first download or e-mail and
 * kept, so every copy is byte-identical; the NAV XML was stored at issue; UBL is rendered on
 * request from the frozen data.
 */
export async function documentFile(
  deps: Pick<Deps, "db" | "clock">,
  documentId: string,
  format: ExportFormat,
): Promise<{ content: Buffer; filename: string; contentType: string }> {
  const view = await loadDocumentView(deps.db, documentId);
  if (!view) throw new AppError("not_found", 404, "The document does not exist.");
  const base = documentFilename(view).replace(/\.pdf$/, "");
  const out = (content: Buffer, ext: string) => ({
    content,
    filename: `${base}${ext}`,
    contentType: CONTENT_TYPES[format],
  });
  if (format === "ubl") {
    if (view.kind === "proforma")
      throw new AppError(
        "billing.not_an_invoice",
        409,
        "A proforma is not an invoice: it has no e-invoice form.",
      );
    return out(Buffer.from(renderUbl(view), "utf8"), ".ubl.xml");
  }
  if (format === "nav") {
    if (view.kind === "proforma")
      throw new AppError("billing.not_an_invoice", 409, "Proformas are not reported to NAV.");
    const stored = await getDocumentFile(deps.db, documentId, "nav");
    if (stored) return out(stored, ".nav.xml");
    const xml = Buffer.from(await navXmlOf(deps.db, view), "utf8");
    await putDocumentFile(deps.db, documentId, "nav", xml, deps.clock.now());
    return out(xml, ".nav.xml");
  }
  const cached = await getDocumentFile(deps.db, documentId, "pdf");
  if (cached) return out(cached, ".pdf");
  const pdf = await renderDocumentPdf(view);
  await putDocumentFile(deps.db, documentId, "pdf", pdf, deps.clock.now());
  // Another request may have stored its rendering first: serve the kept one.
  return out((await getDocumentFile(deps.db, documentId, "pdf")) ?? pdf, ".pdf");
}

/** Mail attachments of the billing module, rendered by the mail job at send time. */
export function billingAttachmentRenderers(deps: Pick<Deps, "db" | "clock" | "config">) {
  return {
    document_pdf: async (a: MailAttachmentJson): Promise<MailAttachment> => {
      const f = await documentFile(deps, a.documentId ?? "", "pdf");
      return { filename: a.filename, contentType: f.contentType, content: f.content };
    },
    statement_pdf: async (a: MailAttachmentJson): Promise<MailAttachment> => {
      const view = await buildStatement(deps.db, deps, {
        customerId: a.customerId ?? "",
        currency: a.currency === "EUR" ? "EUR" : "HUF",
        from: a.from ?? "",
        to: a.to ?? "",
      });
      return {
        filename: a.filename,
        contentType: "application/pdf",
        content: await renderStatementPdf(view),
      };
    },
  };
}
