import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";
import type { BillingCycle, ServiceStatus } from "../order/types";

const PAGE_SIZE = 25;

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;

export type CancellationRequest = JsonOf<
  paths["/api/staff/cancellations"]["get"]["responses"][200]
>["items"][number];
export type CancellationStatus = CancellationRequest["status"];
export type BillingRun = JsonOf<paths["/api/staff/billing-runs/{id}"]["get"]["responses"][200]>;
export type LifecycleSettings = JsonOf<
  paths["/api/staff/settings/lifecycle"]["get"]["responses"][200]
>;
export type ProvisioningTask = JsonOf<
  paths["/api/staff/provisioning/tasks"]["get"]["responses"][200]
>["items"][number];
export type TaskStatus = ProvisioningTask["status"];
export type StaffTransitionTarget = NonNullable<
  paths["/api/staff/services/{id}/status"]["post"]["requestBody"]
>["content"]["application/json"]["to"];

/* Services */

export interface StaffServiceFilter {
  status: ServiceStatus | null;
  q: string;
}

export function useStaffServices(filter: StaffServiceFilter) {
  return useInfiniteQuery({
    queryKey: ["staff", "services", "list", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/services", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filter.status === null ? {} : { status: filter.status }),
              ...(filter.q === "" ? {} : { q: filter.q }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

/** A service changed: every list that shows services or their cancellations. */
function useInvalidateServices() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["staff", "services"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "cancellations"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "customers"] }),
      queryClient.invalidateQueries({ queryKey: ["staff", "documents"] }),
    ]).then(() => undefined);
}

export function useTransitionService(id: string) {
  const invalidate = useInvalidateServices();
  return useMutation({
    mutationFn: (body: { to: StaffTransitionTarget; reason: string }) =>
      unwrap(api.POST("/api/staff/services/{id}/status", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useSetServicePrice(id: string) {
  const invalidate = useInvalidateServices();
  return useMutation({
    mutationFn: (body: { price: string; reason: string }) =>
      unwrap(api.PUT("/api/staff/services/{id}/price", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useSetServiceCycle(id: string) {
  const invalidate = useInvalidateServices();
  return useMutation({
    mutationFn: (cycle: BillingCycle) =>
      unwrap(
        api.PUT("/api/staff/services/{id}/cycle", { params: { path: { id } }, body: { cycle } }),
      ),
    onSuccess: invalidate,
  });
}

export function useStaffCancelService(id: string) {
  const invalidate = useInvalidateServices();
  return useMutation({
    mutationFn: (body: { reason: string; effectiveDate?: string }) =>
      unwrap(api.POST("/api/staff/services/{id}/cancellation", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

/** Overrides a pending cancellation: the service goes on. */
export function useOverrideCancellation(serviceId: string) {
  const invalidate = useInvalidateServices();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.DELETE("/api/staff/services/{id}/cancellation", {
          params: { path: { id: serviceId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/* Cancellations */

export function useCancellations(status: CancellationStatus | null) {
  return useQuery({
    queryKey: ["staff", "cancellations", status],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/cancellations", {
          params: { query: { limit: 200, ...(status === null ? {} : { status }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/* Billing runs */

export function useBillingRuns() {
  return useQuery({
    queryKey: ["staff", "billing-runs"],
    queryFn: () => unwrap(api.GET("/api/staff/billing-runs", { params: { query: { limit: 50 } } })),
    // A run in progress reports as it goes.
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === "running" || run.status === "queued")
        ? 3_000
        : false,
  });
}

export function useBillingRun(id: string) {
  return useQuery({
    queryKey: ["staff", "billing-runs", id],
    queryFn: () => unwrap(api.GET("/api/staff/billing-runs/{id}", { params: { path: { id } } })),
    refetchInterval: (query) =>
      query.state.data?.status === "running" || query.state.data?.status === "queued"
        ? 3_000
        : false,
  });
}

export function useRunBillingNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/staff/billing-runs")),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["staff", "billing-runs"] }),
        queryClient.invalidateQueries({ queryKey: ["staff", "services"] }),
        queryClient.invalidateQueries({ queryKey: ["staff", "documents"] }),
      ]).then(() => undefined),
  });
}

/* Settings */

export function useLifecycleSettings() {
  return useQuery({
    queryKey: ["staff", "settings", "lifecycle"],
    queryFn: () => unwrap(api.GET("/api/staff/settings/lifecycle")),
  });
}

export function useSaveLifecycleSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LifecycleSettings) =>
      unwrap(api.PUT("/api/staff/settings/lifecycle", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(["staff", "settings", "lifecycle"], saved);
    },
  });
}

/* Provisioning */

export function useProvisioningTasks(status: TaskStatus | null) {
  return useInfiniteQuery({
    queryKey: ["staff", "provisioning", status],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/provisioning/tasks", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(status === null ? {} : { status }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

export type TaskAction = "retry" | "complete" | "cancel";

export function useTaskAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, text }: { action: TaskAction; text: string }) => {
      const params = { path: { id } };
      switch (action) {
        case "retry":
          return unwrap(api.POST("/api/staff/provisioning/tasks/{id}/retry", { params }));
        case "complete":
          return unwrap(
            api.POST("/api/staff/provisioning/tasks/{id}/complete", {
              params,
              body: { note: text },
            }),
          );
        case "cancel":
          return unwrap(
            api.POST("/api/staff/provisioning/tasks/{id}/cancel", {
              params,
              body: { reason: text },
            }),
          );
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["staff", "provisioning"] }),
  });
}
