import type { Deps } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import {
  consumeToken,
  discardSubjectTokens,
  findLiveToken,
  insertToken,
  type TokenPurpose,
} from "../repo.ts";
import { hashSecret, newSecret } from "../tokens.ts";

/**
 * Single-use links other modules send (invitations, e-mail confirmation): only the SHA-256 of
 * the secret is stored; the secret travels in the link once.
 */
export async function issueLinkToken(
  tx: Db,
  deps: Pick<Deps, "clock">,
  t: {
    purpose: TokenPurpose;
    userId?: string | null;
    subjectId?: string | null;
    data?: Record<string, unknown> | null;
    hours: number;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + t.hours * 3600_000);
  await insertToken(tx, {
    id: newId("tok", now.getTime()),
    purpose: t.purpose,
    tokenHash: hashSecret(token),
    userId: t.userId ?? null,
    subjectId: t.subjectId ?? null,
    data: t.data ?? null,
    now,
    expiresAt,
  });
  return { token, expiresAt };
}

const plausible = (token: string) => token.length >= 20 && token.length <= 200;

/** A live link token, not used up (to show what an invitation is for before accepting it). */
export async function peekLinkToken(db: Db, now: Date, purpose: TokenPurpose, token: string) {
  if (!plausible(token)) return undefined;
  return findLiveToken(db, purpose, hashSecret(token), now);
}

/** Uses a link token up, atomically: of two concurrent uses exactly one gets it. */
export async function useLinkToken(tx: Db, now: Date, purpose: TokenPurpose, token: string) {
  if (!plausible(token)) return undefined;
  return consumeToken(tx, purpose, hashSecret(token), now);
}

/** Ends a subject's unused links (an invitation sent again, or withdrawn). */
export function discardLinkTokens(tx: Db, purpose: TokenPurpose, subjectId: string) {
  return discardSubjectTokens(tx, purpose, subjectId);
}
