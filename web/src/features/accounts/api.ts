import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import type { paths } from "../../api/schema";
import type { SessionBody } from "../../api/types";
import type { AccountPermission } from "../../app/permissions";
import { startSession } from "../auth/session";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

export type AccountContact = Json<
  paths["/api/me/contacts"]["get"]["responses"][200]
>["items"][number];
export type ContactStatus = AccountContact["status"];
export type ManagerAccess = Json<
  paths["/api/me/managers"]["get"]["responses"][200]
>["items"][number];
export type ManagerStatus = ManagerAccess["status"];
export type MyAccount = Json<paths["/api/me/accounts"]["get"]["responses"][200]>["items"][number];
export type InvitationView = Json<paths["/api/invitations/lookup"]["post"]["responses"][200]>;
export type NewClientInput = Json<paths["/api/me/clients"]["post"]["requestBody"]>;
export type NewContactInput = Json<paths["/api/me/contacts"]["post"]["requestBody"]>;
export type ContactChange = Json<paths["/api/me/contacts/{id}"]["put"]["requestBody"]>;

const contactsKey = ["me", "contacts"] as const;
const managersKey = ["me", "managers"] as const;
const accountsKey = ["me", "accounts"] as const;

/**
 * The session changed account (a switch, acting as a customer, a new client account): take the
 * new session and forget every answer about the previous account.
 */
export function adoptSession(queryClient: QueryClient, session: SessionBody): void {
  startSession(queryClient, session);
}

/** The server moved the session (a new client account, acting ended): read it again. */
async function reloadSession(queryClient: QueryClient): Promise<SessionBody> {
  const session = await unwrap(api.GET("/api/auth/session"));
  adoptSession(queryClient, session);
  return session;
}

// --- contacts ---

export function useContacts() {
  return useQuery({
    queryKey: contactsKey,
    queryFn: () => unwrap(api.GET("/api/me/contacts")),
  });
}

function useInvalidate(key: readonly string[]) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key });
}

export function useAddContact() {
  const invalidate = useInvalidate(contactsKey);
  return useMutation({
    mutationFn: (body: NewContactInput) => unwrap(api.POST("/api/me/contacts", { body })),
    onSuccess: invalidate,
  });
}

export function useChangeContact() {
  const invalidate = useInvalidate(contactsKey);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ContactChange }) =>
      unwrap(api.PUT("/api/me/contacts/{id}", { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useRemoveContact() {
  const invalidate = useInvalidate(contactsKey);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/me/contacts/{id}", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useReinviteContact() {
  const invalidate = useInvalidate(contactsKey);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/me/contacts/{id}/invitation", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

// --- managers (agencies) of the account ---

export function useManagers() {
  return useQuery({
    queryKey: managersKey,
    queryFn: () => unwrap(api.GET("/api/me/managers")),
  });
}

export function useInviteManager() {
  const invalidate = useInvalidate(managersKey);
  return useMutation({
    mutationFn: (body: { email: string; permissions: AccountPermission[] }) =>
      unwrap(api.POST("/api/me/managers", { body })),
    onSuccess: invalidate,
  });
}

export function useChangeManager() {
  const invalidate = useInvalidate(managersKey);
  return useMutation({
    mutationFn: ({ id, permissions }: { id: string; permissions: AccountPermission[] }) =>
      unwrap(api.PUT("/api/me/managers/{id}", { params: { path: { id } }, body: { permissions } })),
    onSuccess: invalidate,
  });
}

export function useDecideManager() {
  const invalidate = useInvalidate(managersKey);
  return useMutation({
    mutationFn: ({
      id,
      approve,
      permissions,
    }: {
      id: string;
      approve: boolean;
      permissions?: AccountPermission[];
    }) => {
      const params = { path: { id } };
      return approve
        ? unwrap(api.POST("/api/me/managers/{id}/approve", { params, body: { permissions } }))
        : unwrap(api.POST("/api/me/managers/{id}/decline", { params, body: {} }));
    },
    onSuccess: invalidate,
  });
}

export function useEndManager() {
  const invalidate = useInvalidate(managersKey);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/me/managers/{id}", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

// --- the login's accounts: switching, agencies ---

export function useMyAccounts({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountsKey,
    queryFn: () => unwrap(api.GET("/api/me/accounts")),
    enabled,
  });
}

export function useSwitchAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/me/accounts/{id}/switch", { params: { path: { id } } })),
    onSuccess: (session) => {
      adoptSession(queryClient, session);
    },
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewClientInput) => {
      const created = await unwrap(api.POST("/api/me/clients", { body }));
      // The server switched the session to the new account.
      await reloadSession(queryClient);
      return created;
    },
  });
}

export function useRequestAccess() {
  return useMutation({
    mutationFn: (body: {
      customerCode: string;
      ownerEmail: string;
      permissions: AccountPermission[];
    }) => unwrap(api.POST("/api/me/manager-requests", { body })),
  });
}

// --- invitations (public) ---

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.POST("/api/invitations/lookup", { body: { token } })),
    enabled: token.length >= 20,
    retry: false,
    staleTime: Infinity,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      token: string;
      password: string;
      name?: string;
      language?: "hu" | "en";
    }) => unwrap(api.POST("/api/invitations/accept", { body })),
    onSuccess: (session) => {
      adoptSession(queryClient, session);
    },
  });
}

// --- staff acting as a customer ---

export function useActAs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (customerId: string) =>
      unwrap(
        api.POST("/api/staff/customers/{id}/act-as", { params: { path: { id: customerId } } }),
      ),
    onSuccess: (session) => {
      adoptSession(queryClient, session);
    },
  });
}

/**
 * Ends acting as a customer, then goes to `leaveTo`'s page. The session is read again first:
 * adopting it drops every cached answer, so the staff page must mount after that (a page
 * mounted before would keep waiting on a query that was dropped).
 */
export function useEndActing(leaveTo: () => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await unwrap(api.DELETE("/api/staff/act-as"));
      const session = await reloadSession(queryClient);
      await leaveTo();
      return session;
    },
  });
}
