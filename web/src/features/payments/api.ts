import {
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { Checkout } from "../../api/types";

const PAGE_SIZE = 25;

/** How this customer can pay: card gateways, the bank account, the billing-data check. */
export function usePaymentOptions() {
  return useQuery({
    queryKey: ["me", "payment-options"],
    queryFn: () => unwrap(api.GET("/api/me/payment-options")),
  });
}

/** The documents chosen for payment, each with its payment reference and amount due. */
export function useDocumentsToPay(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      // The same key as the document page: what one loads, the other shows at once.
      queryKey: ["me", "invoices", "detail", id],
      queryFn: () => unwrap(api.GET("/api/me/invoices/{id}", { params: { path: { id } } })),
    })),
  });
}

/** Starts a card payment; the caller sends the browser to the gateway's page. */
export function useStartCheckout() {
  return useMutation({
    mutationFn: (body: { documentIds: string[]; gateway: string }) =>
      unwrap(api.POST("/api/me/checkouts", { body })),
  });
}

const WAITING: ReadonlySet<Checkout["status"]> = new Set(["created", "pending"]);

export function isWaiting(checkout: Checkout): boolean {
  return WAITING.has(checkout.status);
}

/**
 * A card payment's result. While the gateway has not answered, asks again every `pollMs`
 * (the server asks the gateway itself when its notification is late); `poll` false stops that.
 */
export function useCheckout(id: string, { poll, pollMs }: { poll: boolean; pollMs: number }) {
  return useQuery({
    queryKey: ["me", "checkouts", id],
    queryFn: () => unwrap(api.GET("/api/me/checkouts/{id}", { params: { path: { id } } })),
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      return poll && (data === undefined || isWaiting(data)) ? pollMs : false;
    },
    refetchIntervalInBackground: true,
  });
}

/** After a payment: documents, balance and payment history have all changed. */
export function useInvalidateMyFinances() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["me", "invoices"] }),
      queryClient.invalidateQueries({ queryKey: ["me", "balance"] }),
      queryClient.invalidateQueries({ queryKey: ["me", "payments"] }),
      queryClient.invalidateQueries({ queryKey: ["me", "statement"] }),
    ]);
}

/** My payments, newest first; "load more" follows nextAfter. */
export function useMyPayments() {
  return useInfiniteQuery({
    queryKey: ["me", "payments", "list"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/me/payments", {
          params: {
            query: { limit: PAGE_SIZE, ...(pageParam === "" ? {} : { after: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
  });
}

export function useMyPayment(id: string) {
  return useQuery({
    queryKey: ["me", "payments", "detail", id],
    queryFn: () => unwrap(api.GET("/api/me/payments/{id}", { params: { path: { id } } })),
  });
}
