import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { OrderInput } from "./types";

/** The products on sale, with their prices in the customer's currency. */
export function useCatalog() {
  return useQuery({
    queryKey: ["me", "catalog"],
    queryFn: () => unwrap(api.GET("/api/catalog")),
    staleTime: 5 * 60_000,
  });
}

/** Is the name free? Asked only once a name was submitted (`name` not empty). */
export function useDomainAvailability(name: string) {
  return useQuery({
    queryKey: ["domains", "availability", name],
    queryFn: () => unwrap(api.GET("/api/domains/availability", { params: { query: { name } } })),
    enabled: name !== "",
    // A registry answer is good for a short while only.
    staleTime: 60_000,
  });
}

/**
 * Places an order. The key makes a repeated click (or a retry after a lost answer) place the
 * same order once: the server answers a repeat with the order it made the first time.
 */
export function usePlaceOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: OrderInput; idempotencyKey: string }) =>
      unwrap(
        api.POST("/api/me/orders", {
          body,
          params: { header: { "idempotency-key": idempotencyKey } },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["me", "services"] }),
        queryClient.invalidateQueries({ queryKey: ["me", "invoices"] }),
        queryClient.invalidateQueries({ queryKey: ["me", "balance"] }),
        queryClient.invalidateQueries({ queryKey: ["me", "orders"] }),
      ]).then(() => undefined),
  });
}

export function useMyOrders() {
  return useQuery({
    queryKey: ["me", "orders"],
    queryFn: () => unwrap(api.GET("/api/me/orders")),
  });
}
