import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { BankImportInput, BankLineAssignment, BankLineState } from "../../api/types";
import { useInvalidatePayments } from "../staffPayments/api";

const PAGE_SIZE = 25;

export function useImportStatement() {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (body: BankImportInput) => unwrap(api.POST("/api/staff/bank/imports", { body })),
    onSuccess: invalidate,
  });
}

export function useBankImports() {
  return useInfiniteQuery({
    queryKey: ["staff", "bank", "imports"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/bank/imports", {
          params: {
            query: { limit: PAGE_SIZE, ...(pageParam === "" ? {} : { after: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
  });
}

export function useBankImport(id: string) {
  return useQuery({
    queryKey: ["staff", "bank", "import", id],
    queryFn: () => unwrap(api.GET("/api/staff/bank/imports/{id}", { params: { path: { id } } })),
  });
}

export function useBankImportLines(id: string, state: BankLineState | null) {
  return useInfiniteQuery({
    queryKey: ["staff", "bank", "import", id, "lines", state],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/bank/imports/{id}/lines", {
          params: {
            path: { id },
            query: {
              limit: PAGE_SIZE,
              ...(state === null ? {} : { state }),
              ...(pageParam === "" ? {} : { after: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
    placeholderData: keepPreviousData,
  });
}

export function useBankQueue() {
  return useInfiniteQuery({
    queryKey: ["staff", "bank", "queue"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/bank/queue", {
          params: {
            query: { limit: PAGE_SIZE, ...(pageParam === "" ? {} : { after: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextAfter,
  });
}

export function useAssignLine(lineId: string) {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (body: BankLineAssignment) =>
      unwrap(
        api.POST("/api/staff/bank/lines/{id}/assign", { params: { path: { id: lineId } }, body }),
      ),
    onSuccess: invalidate,
  });
}

export function useDismissLine(lineId: string) {
  const invalidate = useInvalidatePayments();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.POST("/api/staff/bank/lines/{id}/dismiss", {
          params: { path: { id: lineId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** A file as base64 (without the data: URL prefix), read in the browser. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error("The file could not be read."));
    };
    reader.readAsDataURL(file);
  });
}
