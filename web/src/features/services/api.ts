import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";

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
