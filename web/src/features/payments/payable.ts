import type { InvoiceSummary } from "../../api/types";
import { isNegative, isZero } from "../invoices/money";

/** A proforma or invoice that is still to be paid (open or overdue, something due). */
export function isPayable(document: Pick<InvoiceSummary, "kind" | "status" | "due">): boolean {
  return (
    document.kind !== "credit_note" &&
    (document.status === "open" || document.status === "overdue") &&
    !isZero(document.due) &&
    !isNegative(document.due)
  );
}

const MAX_DOCUMENTS = 50;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The documents of /finances/pay?documents=a,b: well-formed ids, each once, at most 50. */
export function readDocumentIds(params: URLSearchParams): string[] {
  const ids = (params.get("documents") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => ID.test(id));
  return [...new Set(ids)].slice(0, MAX_DOCUMENTS);
}

export function payPath(ids: readonly string[]): string {
  return `/finances/pay?documents=${ids.map(encodeURIComponent).join(",")}`;
}
