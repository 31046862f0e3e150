import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";

type Ok<P extends keyof paths, M extends "get" | "put"> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer B } } };
}
  ? B
  : never;
type Body<P extends keyof paths> = paths[P]["put"] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type BillingData = Ok<"/api/me/billing-data", "get">;
export type BillingDataChange = Body<"/api/me/billing-data">;
export type BillingDataUpdate = Ok<"/api/me/billing-data", "put">;
export type EInvoiceAddress = NonNullable<BillingData["eInvoice"]>;

export type NotificationAddresses = Ok<"/api/me/notification-addresses", "get">;
export type NotificationAddressesChange = Body<"/api/me/notification-addresses">;
export type NotificationType = NotificationAddresses["types"][number]["type"];
export type NotificationTarget = NotificationAddresses["types"][number]["targets"][number];

/** Whose settings a form edits: the logged-in customer's own, or a customer's (staff). */
export type SettingsOwner = { kind: "me" } | { kind: "customer"; id: string };

const billingKey = (owner: SettingsOwner) =>
  owner.kind === "me" ? ["me", "billing-data"] : ["staff", "customers", owner.id, "billing-data"];
const notificationKey = (owner: SettingsOwner) =>
  owner.kind === "me"
    ? ["me", "notification-addresses"]
    : ["staff", "customers", owner.id, "notification-addresses"];

export function useBillingData(owner: SettingsOwner) {
  return useQuery({
    queryKey: billingKey(owner),
    queryFn: () =>
      owner.kind === "me"
        ? unwrap(api.GET("/api/me/billing-data"))
        : unwrap(
            api.GET("/api/staff/customers/{id}/billing-data", {
              params: { path: { id: owner.id } },
            }),
          ),
  });
}

export function useSaveBillingData(owner: SettingsOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BillingDataChange) =>
      owner.kind === "me"
        ? unwrap(api.PUT("/api/me/billing-data", { body }))
        : unwrap(
            api.PUT("/api/staff/customers/{id}/billing-data", {
              params: { path: { id: owner.id } },
              body,
            }),
          ),
    onSuccess: async (result) => {
      queryClient.setQueryData(billingKey(owner), result.billingData);
      // The payment page's billing-data check and the staff customer page show it too.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["me", "payment-options"] }),
        owner.kind === "customer"
          ? queryClient.invalidateQueries({ queryKey: ["staff", "customers", "detail", owner.id] })
          : Promise.resolve(),
      ]);
    },
  });
}

export function useNotificationAddresses(owner: SettingsOwner) {
  return useQuery({
    queryKey: notificationKey(owner),
    queryFn: () =>
      owner.kind === "me"
        ? unwrap(api.GET("/api/me/notification-addresses"))
        : unwrap(
            api.GET("/api/staff/customers/{id}/notification-addresses", {
              params: { path: { id: owner.id } },
            }),
          ),
  });
}

export function useSaveNotificationAddresses(owner: SettingsOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationAddressesChange) =>
      owner.kind === "me"
        ? unwrap(api.PUT("/api/me/notification-addresses", { body }))
        : unwrap(
            api.PUT("/api/staff/customers/{id}/notification-addresses", {
              params: { path: { id: owner.id } },
              body,
            }),
          ),
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKey(owner), result);
    },
  });
}
