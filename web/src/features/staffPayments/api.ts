import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { ManualPaymentInput, PaymentMethod, RefundInput } from "../../api/types";

const PAGE_SIZE = 25;

export interface StaffPaymentFilter {
  method: PaymentMethod | null;
  flagged: boolean;
  customerId: string | null;
}

/** Payments received, newest first; "load more" follows nextAfter. */
export function useStaffPayments(filter: StaffPaymentFilter) {
  return useInfiniteQuery({
    queryKey: ["staff", "payments", "list", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/payments", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filter.method === null ? {} : { method: filter.method }),
              ...(filter.flagged ? { flagged: "true" as const } : {}),
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

export function useStaffPayment(id: string) {
  return useQuery({
    queryKey: ["staff", "payments", "detail", id],
    queryFn: () => unwrap(api.GET("/api/staff/payments/{id}", { params: { path: { id } } })),
  });
}

/** After money moved: payments, documents, customers (ledger) and the bank queue change. */
export function useInvalidatePayments() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["staff", "payments"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "documents"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "customers"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "bank"] }),
    ]);
}

export function useRecordPayment() {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (body: ManualPaymentInput) => unwrap(api.POST("/api/staff/payments", { body })),
    onSuccess: invalidate,
  });
}

export function useRefund(paymentId: string) {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (body: RefundInput) =>
      unwrap(
        api.POST("/api/staff/payments/{id}/refunds", {
          params: { path: { id: paymentId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useWriteOff(documentId: string) {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.POST("/api/staff/documents/{id}/write-off", {
          params: { path: { id: documentId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** Card gateway notifications, newest first; the flagged ones only unless `all`. */
export function useGatewayNotifications(flagged: boolean) {
  return useInfiniteQuery({
    queryKey: ["staff", "gateway-notifications", flagged],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/gateway-notifications", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(flagged ? { flagged: "true" as const } : {}),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

/**
 * A key that makes a double-submitted form record one payment: chosen once per form.
 * randomUUID needs a secure context (https or localhost); elsewhere random bytes do the same.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
