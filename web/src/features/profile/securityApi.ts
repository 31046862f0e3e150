import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";

const twoFactorKey = ["twoFactor"] as const;
const sessionsKey = ["sessions"] as const;

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: twoFactorKey,
    queryFn: () => unwrap(api.GET("/api/auth/two-factor")),
  });
}

/** Refetches what a two-factor change affects: its status, and the session (the enrol-first flag). */
function useAfterTwoFactorChange() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: twoFactorKey });
    await queryClient.invalidateQueries({ queryKey: ["session"] });
  };
}

export function useStartTwoFactorSetup() {
  return useMutation({
    mutationFn: (body: { password?: string }) =>
      unwrap(api.POST("/api/auth/two-factor/setup", { body })),
  });
}

export function useConfirmTwoFactor() {
  return useMutation({
    mutationFn: (code: string) =>
      unwrap(api.POST("/api/auth/two-factor/confirm", { body: { code } })),
  });
}

/** Called when the user has seen the recovery codes: only then the page (and the nav) moves on. */
export function useTwoFactorDone() {
  return useAfterTwoFactorChange();
}

export function useNewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      unwrap(api.POST("/api/auth/two-factor/recovery-codes", { body: { code } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useDisableTwoFactor() {
  const after = useAfterTwoFactorChange();
  return useMutation({
    mutationFn: (body: { password: string } | { code: string }) =>
      unwrap(api.DELETE("/api/auth/two-factor", { body })),
    onSuccess: after,
  });
}

export function useMySessions() {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: () => unwrap(api.GET("/api/auth/sessions")),
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/auth/sessions/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useEndOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/sessions/log-out-others")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useRequestEmailChange() {
  return useMutation({
    mutationFn: (body: { newEmail: string; password: string }) =>
      unwrap(api.POST("/api/auth/email", { body })),
  });
}

export function useConfirmEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/auth/email/confirm", { body: { token } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["session"] }),
  });
}
