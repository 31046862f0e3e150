import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { JobState } from "../../api/types";

const CUSTOMER_PAGE_SIZE = 25;

/** Customer search, one page at a time ("load more" follows nextAfter). */
export function useCustomerSearch(search: string) {
  return useInfiniteQuery({
    queryKey: ["staff", "customers", search],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/customers", {
          params: {
            query: {
              limit: CUSTOMER_PAGE_SIZE,
              ...(search === "" ? {} : { q: search }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    // Keep the current list on screen while the next search term loads.
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ["staff", "customers", "detail", id],
    queryFn: () => unwrap(api.GET("/api/staff/customers/{id}", { params: { path: { id } } })),
    enabled,
  });
}

export function useJobs(state: JobState | null) {
  return useQuery({
    queryKey: ["staff", "jobs", state],
    queryFn: () =>
      unwrap(api.GET("/api/staff/jobs", { params: { query: state === null ? {} : { state } } })),
  });
}

export function useSentMail() {
  return useQuery({
    queryKey: ["staff", "mail"],
    queryFn: () => unwrap(api.GET("/api/staff/mail")),
  });
}

export function useSentMailItem(id: string) {
  return useQuery({
    queryKey: ["staff", "mail", id],
    queryFn: () => unwrap(api.GET("/api/staff/mail/{id}", { params: { path: { id } } })),
  });
}
