import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { BillingCycle } from "../order/types";

export function useMyServices() {
  return useQuery({
    queryKey: ["me", "services"],
    queryFn: () => unwrap(api.GET("/api/me/services")),
  });
}

export function useMyService(id: string) {
  return useQuery({
    queryKey: ["me", "services", id],
    queryFn: () => unwrap(api.GET("/api/me/services/{id}", { params: { path: { id } } })),
  });
}

/** A provisioning task under way: worth asking again soon. */
const DELIVERY_POLL_MS = 3_000;
/** To be set up but not asked for yet (the payment is being recorded): asked less often. */
const DELIVERY_WAIT_MS = 10_000;

/** How far the delivery of a service is; asked again every few seconds while it is under way. */
export function useServiceDelivery(id: string) {
  return useQuery({
    queryKey: ["me", "services", id, "delivery"],
    queryFn: () => unwrap(api.GET("/api/me/services/{id}/delivery", { params: { path: { id } } })),
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.state !== "in_progress") return false;
      return data.status === null ? DELIVERY_WAIT_MS : DELIVERY_POLL_MS;
    },
  });
}

/** After a change to a service: the services (list and detail) and the documents it touched. */
function useInvalidateService() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["me", "services"] }),
      queryClient.invalidateQueries({ queryKey: ["me", "invoices"] }),
      queryClient.invalidateQueries({ queryKey: ["me", "balance"] }),
    ]).then(() => undefined);
}

export function useCancelService(id: string) {
  const invalidate = useInvalidateService();
  return useMutation({
    mutationFn: (reason: string | null) =>
      unwrap(
        api.POST("/api/me/services/{id}/cancellation", {
          params: { path: { id } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** The next period's renewal document (issued now when the billing run has not yet), to pay. */
export function useRenewNow(id: string) {
  const invalidate = useInvalidateService();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/services/{id}/renewal", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useWithdrawCancellation(id: string) {
  const invalidate = useInvalidateService();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/me/services/{id}/cancellation", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useChangeCycle(id: string) {
  const invalidate = useInvalidateService();
  return useMutation({
    mutationFn: (cycle: BillingCycle) =>
      unwrap(api.PUT("/api/me/services/{id}/cycle", { params: { path: { id } }, body: { cycle } })),
    onSuccess: invalidate,
  });
}
