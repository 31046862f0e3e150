import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { errors } from "../../../platform/errors.ts";
import { summarizeUserAgent } from "../domain/user-agent.ts";
import { deleteOtherSessions, deleteSessionOfUser, listLiveSessions } from "../repo-security.ts";

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  device: string;
  current: boolean;
}

/** The user's live sessions, most recently used first; `current` marks the one asking. */
export async function listMySessions(
  deps: Pick<Deps, "db" | "clock">,
  p: { userId: string; sessionId: string },
): Promise<SessionSummary[]> {
  const rows = await listLiveSessions(deps.db, p.userId, deps.clock.now());
  return rows.map((r) => ({
    id: r.id,
    createdAt: new Date(r.createdAt),
    lastSeenAt: new Date(r.lastSeenAt),
    expiresAt: new Date(r.expiresAt),
    ip: r.ip,
    device: summarizeUserAgent(r.userAgent),
    current: r.id === p.sessionId,
  }));
}

/** Ends one of the user's sessions (another's id is a 404, like an unknown one). */
export async function endMySession(
  deps: Pick<Deps, "db" | "clock">,
  p: { userId: string; sessionId: string },
  id: string,
  actor: Actor,
): Promise<{ current: boolean }> {
  await deps.db.transaction().execute(async (tx) => {
    if (!(await deleteSessionOfUser(tx, p.userId, id))) throw errors.notFound("session");
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.session_ended",
      subjectType: "session",
      subjectId: id,
      data: { current: id === p.sessionId },
    });
  });
  return { current: id === p.sessionId };
}

/** "Log out other sessions": every session of the user but the one asking. */
export async function endMyOtherSessions(
  deps: Pick<Deps, "db" | "clock">,
  p: { userId: string; sessionId: string },
  actor: Actor,
): Promise<{ closed: number }> {
  return deps.db.transaction().execute(async (tx) => {
    const closed = await deleteOtherSessions(tx, p.userId, p.sessionId);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.other_sessions_ended",
      subjectType: "user",
      subjectId: p.userId,
      data: { closed },
    });
    return { closed };
  });
}
