import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/problem";
import { api } from "../../api/client";
import type { ProductInput } from "../order/types";

export function useStaffProducts() {
  return useQuery({
    queryKey: ["staff", "products"],
    queryFn: () => unwrap(api.GET("/api/staff/products")),
  });
}

/** Creates a product (id null) or changes one; the catalog pages show the result at once. */
export function useSaveProduct(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProductInput) =>
      id === null
        ? unwrap(api.POST("/api/staff/products", { body }))
        : unwrap(api.PUT("/api/staff/products/{id}", { params: { path: { id } }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["staff", "products"] }),
        queryClient.invalidateQueries({ queryKey: ["me", "catalog"] }),
      ]).then(() => undefined),
  });
}
