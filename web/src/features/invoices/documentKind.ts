import type { TFunction } from "i18next";
import type { CorrectionType, DocumentKind, DocumentStatus } from "../../api/types";

export const DOCUMENT_KINDS = [
  "proforma",
  "invoice",
  "credit_note",
] as const satisfies readonly DocumentKind[];

export const DOCUMENT_STATUSES = [
  "open",
  "overdue",
  "paid",
  "cancelled",
] as const satisfies readonly DocumentStatus[];

export function isDocumentKind(value: string | null): value is DocumentKind {
  return DOCUMENT_KINDS.some((kind) => kind === value);
}

export function isDocumentStatus(value: string | null): value is DocumentStatus {
  return DOCUMENT_STATUSES.some((status) => status === value);
}

/** "Számla", "Díjbekérő", "Helyesbítő számla" — and "Sztornó számla" for a storno credit note. */
export function documentKindLabel(
  t: TFunction,
  document: { kind: DocumentKind; correctionType: CorrectionType },
): string {
  if (document.kind === "credit_note" && document.correctionType === "storno") {
    return t("invoices.kind.storno");
  }
  return t(`invoices.kind.${document.kind}`);
}

/** The page title of a document: "Számla KAPU-2026-000012". */
export function documentTitle(
  t: TFunction,
  document: { kind: DocumentKind; correctionType: CorrectionType; number: string },
): string {
  return t("invoices.detailTitle", {
    kind: documentKindLabel(t, document),
    number: document.number,
  });
}
