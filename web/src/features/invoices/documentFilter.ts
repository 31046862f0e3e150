import type { DocumentKind, DocumentStatus } from "../../api/types";
import { isDocumentKind, isDocumentStatus } from "./documentKind";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of a document list, kept in the page's URL so that they survive a reload. */
export interface DocumentFilter {
  kind: DocumentKind | null;
  status: DocumentStatus | null;
  from: string | null;
  to: string | null;
}

function dateParam(value: string | null): string | null {
  return value !== null && ISO_DATE.test(value) ? value : null;
}

export function readDocumentFilter(params: URLSearchParams): DocumentFilter {
  const kind = params.get("kind");
  const status = params.get("status");
  return {
    kind: isDocumentKind(kind) ? kind : null,
    status: isDocumentStatus(status) ? status : null,
    from: dateParam(params.get("from")),
    to: dateParam(params.get("to")),
  };
}

/** Writes a change of the filter into a copy of `params` (other parameters are kept). */
export function writeDocumentFilter(
  params: URLSearchParams,
  change: Partial<DocumentFilter>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["kind", "status", "from", "to"] as const) {
    if (!(key in change)) continue;
    const value = change[key];
    if (value === null || value === undefined || value === "") next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** The filter as API query parameters (unset ones left out). */
export function documentFilterQuery(filter: DocumentFilter) {
  return {
    ...(filter.kind === null ? {} : { kind: filter.kind }),
    ...(filter.status === null ? {} : { status: filter.status }),
    ...(filter.from === null ? {} : { from: filter.from }),
    ...(filter.to === null ? {} : { to: filter.to }),
  };
}

export function isFiltered(filter: DocumentFilter): boolean {
  return Object.values(filter).some((value) => value !== null);
}
