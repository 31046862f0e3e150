import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type {
  CreditNoteInput,
  ExportFormat,
  InvoicingSettingsUpdate,
  ManualDocumentInput,
  NewExchangeRate,
  NewVatRate,
} from "../../api/types";
import { documentFilterQuery, type DocumentFilter } from "../invoices/documentFilter";

const PAGE_SIZE = 25;

export interface StaffDocumentFilter extends DocumentFilter {
  q: string;
  customerId: string | null;
}

/** Every customer's documents, newest first; "load more" follows nextAfter. */
export function useStaffDocuments(filter: StaffDocumentFilter) {
  return useInfiniteQuery({
    queryKey: ["staff", "documents", "list", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/documents", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...documentFilterQuery(filter),
              ...(filter.q === "" ? {} : { q: filter.q }),
              ...(filter.customerId === null ? {} : { customerId: filter.customerId }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

export function useStaffDocument(id: string) {
  return useQuery({
    queryKey: ["staff", "documents", "detail", id],
    queryFn: () => unwrap(api.GET("/api/staff/documents/{id}", { params: { path: { id } } })),
  });
}

export function exportPath(id: string, format: ExportFormat): string {
  return `/api/staff/documents/${encodeURIComponent(id)}/export?format=${format}`;
}

/** After issuing or correcting: lists, the customer's page and ledger all change. */
function useInvalidateBilling() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["staff", "documents"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "customers"] }),
    ]);
}

export function useIssueDocument() {
  const invalidate = useInvalidateBilling();
  return useMutation({
    mutationFn: (body: ManualDocumentInput) => unwrap(api.POST("/api/staff/documents", { body })),
    onSuccess: invalidate,
  });
}

export function useCreditNote(id: string) {
  const invalidate = useInvalidateBilling();
  return useMutation({
    mutationFn: (body: CreditNoteInput) =>
      unwrap(
        api.POST("/api/staff/documents/{id}/credit-notes", { params: { path: { id } }, body }),
      ),
    onSuccess: invalidate,
  });
}

export function useCancelProforma(id: string) {
  const invalidate = useInvalidateBilling();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.POST("/api/staff/documents/{id}/cancel", {
          params: { path: { id } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useLedger(customerId: string) {
  return useQuery({
    queryKey: ["staff", "customers", "ledger", customerId],
    queryFn: () =>
      unwrap(api.GET("/api/staff/customers/{id}/ledger", { params: { path: { id: customerId } } })),
  });
}

export function useVatChecks(customerId: string) {
  return useQuery({
    queryKey: ["staff", "customers", "vat-checks", customerId],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customers/{id}/vat-checks", { params: { path: { id: customerId } } }),
      ),
  });
}

export function useCheckVatNumber(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/staff/customers/{id}/vat-check", { params: { path: { id: customerId } } }),
      ),
    onSettled: () =>
      queryClient.invalidateQueries({
        queryKey: ["staff", "customers", "vat-checks", customerId],
      }),
  });
}

export function useVatRates() {
  return useQuery({
    queryKey: ["staff", "vat-rates"],
    queryFn: () => unwrap(api.GET("/api/staff/vat-rates")),
  });
}

export function useAddVatRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewVatRate) => unwrap(api.POST("/api/staff/vat-rates", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["staff", "vat-rates"] }),
  });
}

export function useExchangeRates() {
  return useQuery({
    queryKey: ["staff", "exchange-rates"],
    queryFn: () => unwrap(api.GET("/api/staff/exchange-rates")),
  });
}

export function useSetExchangeRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewExchangeRate) => unwrap(api.PUT("/api/staff/exchange-rates", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["staff", "exchange-rates"] }),
  });
}

export function useInvoicingSettings() {
  return useQuery({
    queryKey: ["staff", "settings", "invoicing"],
    queryFn: () => unwrap(api.GET("/api/staff/settings/invoicing")),
  });
}

export function useSaveInvoicingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvoicingSettingsUpdate) =>
      unwrap(api.PUT("/api/staff/settings/invoicing", { body })),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["staff", "settings", "invoicing"] }),
  });
}
