import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { ApiError, unwrap } from "../../api/problem";
import type { Language, SessionBody, SessionUser } from "../../api/types";
import { customerHomePath } from "../../app/permissions";
import { i18n, rememberLanguage, storedLanguage } from "../../i18n";

const sessionKey = ["session"] as const;

/** Staff who must turn on two-factor login first: everything else answers 403 until then. */
export const SECURITY_PATH = "/profile/security";

/** Where a user lands after logging in, and what "/" redirects to. */
export function homePath(user: SessionUser): string {
  if (user.twoFactorSetupRequired) return SECURITY_PATH;
  // Customers: the first page their permissions open (billing-only contacts: their invoices).
  return user.isStaff ? "/staff/customers" : customerHomePath(user);
}

/** A choice made on this device wins; otherwise the language stored with the user account. */
function adoptUserLanguage(language: Language): void {
  if (storedLanguage() === null && i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
}

async function fetchSession(): Promise<SessionBody | null> {
  try {
    const session = await unwrap(api.GET("/api/auth/session"));
    adoptUserLanguage(session.user.language);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The logged-in session, or null when nobody is logged in. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity });
}

/** Drops every cached answer except the session, so that nothing leaks between users. */
function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
}

/** Called with the SessionBody of a login or of the first-admin setup. */
export function startSession(queryClient: QueryClient, session: SessionBody): void {
  forgetUserData(queryClient);
  adoptUserLanguage(session.user.language);
  queryClient.setQueryData(sessionKey, session);
}

/** Called when the server says the session is gone (logout, or a 401 from a protected call). */
export function endSession(queryClient: QueryClient): void {
  queryClient.setQueryData(sessionKey, null);
  forgetUserData(queryClient);
}

/** What the password step answers when the login has two-factor on: no session yet. */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
  expiresAt: string;
}

export function isChallenge(body: SessionBody | TwoFactorChallenge): body is TwoFactorChallenge {
  return "twoFactorRequired" in body;
}

/** The password step: a session, or a challenge for the two-factor step. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      unwrap(api.POST("/api/auth/login", { body: credentials })) as Promise<
        SessionBody | TwoFactorChallenge
      >,
    onSuccess: (result) => {
      if (!isChallenge(result)) startSession(queryClient, result);
    },
  });
}

/** The two-factor step: the challenge and a code (or a recovery code) open the session. */
export function useTwoFactorLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { challenge: string; code?: string; recoveryCode?: string }) =>
      unwrap(api.POST("/api/auth/login/two-factor", { body })),
    onSuccess: (session) => {
      startSession(queryClient, session);
    },
  });
}

/** Fetches the session again (after enrolling in two-factor, which lifts a restriction). */
export function useRefreshSession() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: sessionKey });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSuccess: async () => {
      endSession(queryClient);
      // Leave for a plain /login before the page guard reacts to the ended session: the guard
      // would add a "come back to" state, and the next person to log in would land on this page.
      // flushSync: a transition would let the guard's (urgent) update render first.
      await navigate("/login", { replace: true, flushSync: true });
    },
  });
}

/** Switches the UI language, remembers it on this device and, when logged in, on the account. */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (language: Language) =>
      unwrap(api.PUT("/api/auth/language", { body: { language } })),
  });

  return (language: Language) => {
    rememberLanguage(language);
    void i18n.changeLanguage(language);
    const session = queryClient.getQueryData<SessionBody | null>(sessionKey);
    if (session) {
      queryClient.setQueryData(sessionKey, { ...session, user: { ...session.user, language } });
      save.mutate(language);
    }
  };
}
