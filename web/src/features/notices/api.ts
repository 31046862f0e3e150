import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { NoticeInput, NoticeStatus, NoticeUpdate } from "./types";

/** Staff: the notices, newest first, optionally of one status. */
export function useStaffNotices(status: NoticeStatus | null) {
  return useQuery({
    queryKey: ["staff", "notices", "list", status],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/notices", {
          params: { query: { limit: 200, ...(status === null ? {} : { status }) } },
        }),
      ),
  });
}

export function useStaffNotice(id: string) {
  return useQuery({
    queryKey: ["staff", "notices", "detail", id],
    queryFn: () => unwrap(api.GET("/api/staff/notices/{id}", { params: { path: { id } } })),
  });
}

/** The products and servers a notice can target. */
export function useNoticeTargets() {
  return useQuery({
    queryKey: ["staff", "notices", "targets"],
    queryFn: () => unwrap(api.GET("/api/staff/notices/targets")),
  });
}

function useInvalidateNotices() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["staff", "notices"] });
}

export function useCreateNotice() {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: (body: NoticeInput) => unwrap(api.POST("/api/staff/notices", { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateNotice(id: string) {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: (body: NoticeUpdate) =>
      unwrap(api.PUT("/api/staff/notices/{id}", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export type NoticeAction = "publish" | "resolve" | "cancel";

/** Publish, resolve or cancel; resolving and cancelling may tell the mailed customers. */
export function useNoticeAction(id: string) {
  const invalidate = useInvalidateNotices();
  return useMutation({
    mutationFn: ({ action, sendEmail }: { action: NoticeAction; sendEmail: boolean }) => {
      const params = { path: { id } };
      switch (action) {
        case "publish":
          return unwrap(api.POST("/api/staff/notices/{id}/publish", { params }));
        case "resolve":
          return unwrap(
            api.POST("/api/staff/notices/{id}/resolve", { params, body: { sendEmail } }),
          );
        case "cancel":
          return unwrap(
            api.POST("/api/staff/notices/{id}/cancel", { params, body: { sendEmail } }),
          );
      }
    },
    onSuccess: invalidate,
  });
}

/** Customer: the notices about my services, in the language the UI shows. */
export function useMyNotices(language: "hu" | "en") {
  return useQuery({
    queryKey: ["me", "notices", language],
    queryFn: () => unwrap(api.GET("/api/me/notices", { params: { query: { lang: language } } })),
  });
}
