import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";

type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;

export type StaffAuditEntry = JsonOf<
  paths["/api/staff/audit"]["get"]["responses"][200]
>["items"][number];
export type AccountAuditEntry = JsonOf<
  paths["/api/me/audit"]["get"]["responses"][200]
>["items"][number];
export type ActivityActorKind = AccountAuditEntry["actor"]["kind"];

const PAGE_SIZE = 50;

/** The staff audit log's filters; empty means "any". */
export interface AuditFilter {
  customerId: string | null;
  actorId: string;
  action: string;
  subjectId: string;
}

/** The audit log, newest first; "load more" follows nextAfter. */
export function useStaffAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ["staff", "audit", filter],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/audit", {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filter.customerId === null ? {} : { customerId: filter.customerId }),
              ...(filter.actorId === "" ? {} : { actorId: filter.actorId }),
              ...(filter.action === "" ? {} : { action: filter.action }),
              ...(filter.subjectId === "" ? {} : { subjectId: filter.subjectId }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

/** What was done in the customer's own account (owners), newest first. */
export function useMyActivity() {
  return useInfiniteQuery({
    queryKey: ["me", "audit"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/me/audit", {
          params: {
            query: { limit: PAGE_SIZE, ...(pageParam === "" ? {} : { after: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
  });
}
