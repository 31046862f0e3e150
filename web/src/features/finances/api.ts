import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { StatementCurrency } from "../../api/types";
import { documentFilterQuery, type DocumentFilter } from "../invoices/documentFilter";

const PAGE_SIZE = 25;

/** My documents, newest first, one page at a time ("load more" follows nextAfter). */
export function useMyDocuments(filter: DocumentFilter) {
  return useInfiniteQuery({
    queryKey: ["me", "invoices", "list", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/me/invoices", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...documentFilterQuery(filter),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

export function useMyDocument(id: string) {
  return useQuery({
    queryKey: ["me", "invoices", "detail", id],
    queryFn: () => unwrap(api.GET("/api/me/invoices/{id}", { params: { path: { id } } })),
  });
}

export function myDocumentPdfPath(id: string): string {
  return `/api/me/invoices/${encodeURIComponent(id)}/pdf`;
}

export function useMyBalance() {
  return useQuery({
    queryKey: ["me", "balance"],
    queryFn: () => unwrap(api.GET("/api/me/balance")),
  });
}

export interface StatementParams {
  currency: StatementCurrency | null;
  from: string | null;
  to: string | null;
}

function statementQuery(params: StatementParams) {
  return {
    ...(params.currency === null ? {} : { currency: params.currency }),
    ...(params.from === null ? {} : { from: params.from }),
    ...(params.to === null ? {} : { to: params.to }),
  };
}

export function useMyStatement(params: StatementParams) {
  return useQuery({
    queryKey: ["me", "statement", params],
    queryFn: () =>
      unwrap(api.GET("/api/me/statement", { params: { query: statementQuery(params) } })),
    placeholderData: keepPreviousData,
  });
}

export function myStatementPdfPath(params: StatementParams): string {
  const query = new URLSearchParams(statementQuery(params)).toString();
  return `/api/me/statement/pdf${query === "" ? "" : `?${query}`}`;
}
