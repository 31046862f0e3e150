/** Router state understood by the login page. */
export interface LoginState {
  /** Page to return to after logging in (set when a protected page sent the visitor here). */
  from?: string;
  /** Set after a successful password reset. */
  passwordChanged?: boolean;
}

/** Reads router state defensively: it is whatever the history entry holds. */
export function readLoginState(state: unknown): LoginState {
  if (typeof state !== "object" || state === null) return {};
  const from = "from" in state && typeof state.from === "string" ? state.from : undefined;
  return {
    // Only same-site paths: "/x" but not "//host/x".
    ...(from !== undefined && /^\/(?!\/)/.test(from) ? { from } : {}),
    ...("passwordChanged" in state && state.passwordChanged === true
      ? { passwordChanged: true }
      : {}),
  };
}
