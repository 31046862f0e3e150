import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";

/** Whether Kapu still needs its first staff administrator. */
export function useSetupStatus() {
  return useQuery({ queryKey: ["setup"], queryFn: () => unwrap(api.GET("/api/setup")) });
}
