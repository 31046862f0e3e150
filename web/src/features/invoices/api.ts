import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";

export function useMyInvoices() {
  return useQuery({
    queryKey: ["me", "invoices"],
    queryFn: () => unwrap(api.GET("/api/me/invoices")),
  });
}

export function useMyInvoice(id: string) {
  return useQuery({
    queryKey: ["me", "invoices", id],
    queryFn: () => unwrap(api.GET("/api/me/invoices/{id}", { params: { path: { id } } })),
  });
}
