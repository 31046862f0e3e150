import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import type { Deps } from "../../../platform/context.ts";
import type { Db, UserRow } from "../../../platform/db/index.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import { errors } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { queueMail } from "../../notifications/index.ts";
import {
  base32Decode,
  base32Encode,
  formatRecoveryCode,
  normalizeRecoveryCode,
  otpauthUri,
  TOTP_SECRET_BYTES,
  verifyTotp,
} from "../domain/totp.ts";
import { securityErrors } from "../errors.ts";
import { verifyPassword } from "../passwords.ts";
import { findUserByEmail, findUserById } from "../repo.ts";
import {
  acceptTotpStep,
  clearSetupRequired,
  consumeChallenge,
  countUnusedRecoveryCodes,
  deleteOtherSessions,
  disableTotp,
  enableTotp,
  findLiveChallenge,
  insertChallenge,
  recentChallengeFailures,
  recordChallengeFailure,
  replaceRecoveryCodes,
  setPendingTotp,
  useRecoveryCode,
} from "../repo-security.ts";
import {
  twoFactorDisabledMail,
  twoFactorEnabledMail,
  twoFactorFailuresMail,
} from "../security-mails.ts";
import { hashSecret, newSecret } from "../tokens.ts";
import { openSession, type NewSession } from "./sessions.ts";

/** How long the second step of a login may take. */
export const CHALLENGE_MINUTES = 5;
/** Wrong codes one challenge takes before it dies (the login starts over with the password). */
export const CHALLENGE_MAX_FAILURES = 5;
/**
 * Wrong codes per user across challenges within THROTTLE_MINUTES: then the second step answers
 * 429 until the window has passed, and the user gets a mail (their password is known).
 */
export const USER_MAX_FAILURES = 10;
export const THROTTLE_MINUTES = 15;
export const RECOVERY_CODE_COUNT = 10;
/** The issuer authenticator apps show next to the account. */
export const TOTP_ISSUER = "Kapu";

type TwoFactorDeps = Pick<Deps, "db" | "clock" | "config" | "jobs">;

export interface LoginChallenge {
  challenge: string;
  expiresAt: Date;
}

const lang = (user: UserRow): "hu" | "en" => (user.language === "en" ? "en" : "hu");

function keyOf(secret: string): Uint8Array {
  const key = base32Decode(secret);
  if (!key) throw new Error("stored TOTP secret is not base32");
  return key;
}

function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES), { padding: false });
}

/** A new set of recovery codes replaces the user's old ones; only their hashes are stored. */
async function issueRecoveryCodes(tx: Db, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    formatRecoveryCode(randomBytes(12)),
  );
  const hashes = codes.map((c) => {
    const hash = recoveryCodeHash(c);
    if (hash === null) throw new Error("a formatted recovery code must normalize");
    return hash;
  });
  await replaceRecoveryCodes(tx, userId, hashes, now);
  return codes;
}

/** Recovery codes are stored as the SHA-256 of their normalized form. */
function recoveryCodeHash(code: string): string | null {
  const normalized = normalizeRecoveryCode(code);
  return normalized === null ? null : hashSecret(normalized);
}

async function requireUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw errors.unauthenticated();
  return user;
}

/** Whether the user must have two-factor on (staff, unless the requirement is switched off). */
export function twoFactorRequiredFor(
  config: Pick<Deps["config"], "staffTwoFactor">,
  staffRole: string | null,
): boolean {
  return staffRole !== null && config.staffTwoFactor === "required";
}

/**
 * Checks a code of the user's confirmed secret and records its time step, so that it is never
 * accepted again. Inside the caller's transaction.
 */
async function acceptCode(tx: Db, user: UserRow, code: string, now: Date): Promise<boolean> {
  if (!user.totp_secret) return false;
  const step = verifyTotp(keyOf(user.totp_secret), code, now, user.totp_last_step);
  return step !== null && (await acceptTotpStep(tx, user.id, step));
}

/** A sensitive change needs the password or a current code again (not just the session). */
async function reauthenticate(
  tx: Db,
  user: UserRow,
  proof: { password?: string | undefined; code?: string | undefined },
  now: Date,
): Promise<void> {
  let ok = false;
  if (proof.code !== undefined) ok = await acceptCode(tx, user, proof.code, now);
  else if (proof.password !== undefined)
    ok = await verifyPassword(user.password_hash, proof.password);
  if (!ok) throw securityErrors.reauthenticationFailed();
}

// ---------------------------------------------------------------------------------- status

export async function twoFactorStatus(deps: Pick<Deps, "db" | "config">, userId: string) {
  const user = await requireUser(deps.db, userId);
  return {
    enabled: user.totp_enabled_at !== null,
    enabledAt: user.totp_enabled_at,
    required: twoFactorRequiredFor(deps.config, user.staff_role),
    recoveryCodesLeft:
      user.totp_enabled_at !== null ? await countUnusedRecoveryCodes(deps.db, user.id) : 0,
  };
}

// --------------------------------------------------------------------------------- enrolment

/**
 * Step 1 of enrolment: a new secret, kept pending until a code from it confirms it. With
 * two-factor already on (moving to a new phone) the password or a current code is needed too;
 * the old secret keeps working until the new one is confirmed.
 */
export async function startTwoFactorSetup(
  deps: TwoFactorDeps,
  input: { userId: string; password?: string | undefined; code?: string | undefined },
  actor: Actor,
): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
  const now = deps.clock.now();
  const { user, secret } = await deps.db.transaction().execute(async (tx) => {
    const user = await requireUser(tx, input.userId);
    if (user.totp_enabled_at !== null) await reauthenticate(tx, user, input, now);
    const secret = newTotpSecret();
    await setPendingTotp(tx, user.id, secret, now);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.two_factor_setup_started",
      subjectType: "user",
      subjectId: user.id,
    });
    return { user, secret };
  });
  const uri = otpauthUri({ issuer: TOTP_ISSUER, account: user.email, secret });
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    secret,
    otpauthUri: uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/**
 * Step 2 of enrolment: a code from the pending secret turns two-factor on (or moves it to the
 * new secret) and gives 10 new recovery codes, shown this once. Lifts the "enrol first"
 * restriction from the user's sessions; mails a notice.
 */
export async function confirmTwoFactor(
  deps: TwoFactorDeps,
  input: { userId: string; code: string },
  actor: Actor,
): Promise<{ recoveryCodes: string[] }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const user = await requireUser(tx, input.userId);
    if (!user.totp_pending_secret) throw securityErrors.noPendingSetup();
    const step = verifyTotp(keyOf(user.totp_pending_secret), input.code, now, null);
    if (step === null) throw securityErrors.codeInvalid(400);
    const replaced = user.totp_enabled_at !== null;
    await enableTotp(tx, user.id, user.totp_pending_secret, step, now);
    const recoveryCodes = await issueRecoveryCodes(tx, user.id, now);
    await clearSetupRequired(tx, user.id);
    await writeAudit(tx, deps.clock, actor, {
      action: replaced ? "auth.two_factor_replaced" : "auth.two_factor_enabled",
      subjectType: "user",
      subjectId: user.id,
    });
    await queueMail(tx, deps, {
      type: "auth.two_factor_enabled",
      language: lang(user),
      to: user.email,
      userId: user.id,
      ...twoFactorEnabledMail(lang(user), { name: user.name }),
    });
    return { recoveryCodes };
  });
}

/** A new set of recovery codes (the old ones stop working), with a current code. */
export async function regenerateRecoveryCodes(
  deps: TwoFactorDeps,
  input: { userId: string; code: string },
  actor: Actor,
): Promise<{ recoveryCodes: string[] }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const user = await requireUser(tx, input.userId);
    if (user.totp_enabled_at === null) throw securityErrors.notEnabled();
    if (!(await acceptCode(tx, user, input.code, now))) throw securityErrors.codeInvalid(400);
    const recoveryCodes = await issueRecoveryCodes(tx, user.id, now);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.recovery_codes_regenerated",
      subjectType: "user",
      subjectId: user.id,
    });
    return { recoveryCodes };
  });
}

/** Turns two-factor off, with the password or a current code; refused while it is required. */
export async function disableTwoFactor(
  deps: TwoFactorDeps,
  input: { userId: string; password?: string | undefined; code?: string | undefined },
  actor: Actor,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const user = await requireUser(tx, input.userId);
    if (user.totp_enabled_at === null) throw securityErrors.notEnabled();
    if (twoFactorRequiredFor(deps.config, user.staff_role)) throw securityErrors.required();
    await reauthenticate(tx, user, input, now);
    await disableTotp(tx, user.id, now);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.two_factor_disabled",
      subjectType: "user",
      subjectId: user.id,
    });
    await queueMail(tx, deps, {
      type: "auth.two_factor_disabled",
      language: lang(user),
      to: user.email,
      userId: user.id,
      ...twoFactorDisabledMail(lang(user), { name: user.name, byAdministrator: false }),
    });
  });
}

/**
 * `kapu users reset-two-factor <email>`: for a user who lost the phone and the recovery codes.
 * Turns two-factor off, ends every session of the user and mails a notice; staff then log in
 * with the password and must enrol again before anything else.
 */
export async function resetTwoFactor(
  deps: TwoFactorDeps,
  email: string,
  actor: Actor,
): Promise<{ userId: string; wasEnabled: boolean; sessionsClosed: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw errors.notFound("user");
    const wasEnabled = user.totp_enabled_at !== null;
    await disableTotp(tx, user.id, now);
    const sessionsClosed = await deleteOtherSessions(tx, user.id, null);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.two_factor_reset",
      subjectType: "user",
      subjectId: user.id,
      data: { wasEnabled, sessionsClosed },
    });
    if (wasEnabled) {
      await queueMail(tx, deps, {
        type: "auth.two_factor_disabled",
        language: lang(user),
        to: user.email,
        userId: user.id,
        ...twoFactorDisabledMail(lang(user), { name: user.name, byAdministrator: true }),
      });
    }
    return { userId: user.id, wasEnabled, sessionsClosed };
  });
}

/**
 * Turns two-factor on directly with a given (or new) secret, without the confirmation step:
 * for the demo's staff login and the test kit, which need a known secret. Audited; no mail.
 */
export async function enrolTwoFactor(
  deps: Pick<Deps, "db" | "clock">,
  userId: string,
  options: { secret?: string },
  actor: Actor,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = options.secret ?? newTotpSecret();
  keyOf(secret);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    // No step accepted yet: any current code works, once.
    await enableTotp(tx, userId, secret, null, now);
    const recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    await clearSetupRequired(tx, userId);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.two_factor_enabled",
      subjectType: "user",
      subjectId: userId,
      data: { via: actor.type },
    });
    return { secret, recoveryCodes };
  });
}

// ------------------------------------------------------------------------------------ login

/**
 * After the right password of a login with two-factor on: no session yet, but a challenge
 * (valid 5 minutes, single use, only its hash stored) for the second step.
 */
export async function openLoginChallenge(
  tx: Db,
  deps: Pick<Deps, "clock">,
  userId: string,
  request: { ip: string | null; userAgent: string | null; requestId?: string | undefined },
): Promise<LoginChallenge> {
  const now = deps.clock.now();
  const challenge = newSecret();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await insertChallenge(tx, {
    id: newId("lch", now.getTime()),
    tokenHash: hashSecret(challenge),
    userId,
    now,
    expiresAt,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 300) ?? null,
  });
  await writeAudit(
    tx,
    deps.clock,
    { type: "user", userId, requestId: request.requestId, ip: request.ip ?? undefined },
    { action: "auth.login_password_accepted", subjectType: "user", subjectId: userId },
  );
  return { challenge, expiresAt };
}

export interface SecondStepInput {
  challenge: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
  previousToken?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  requestId?: string | undefined;
}

/**
 * The second step of a two-factor login: the challenge and a code (or a recovery code) open
 * the session. A wrong code counts against the challenge; after 5 it is dead.
 */
export async function completeTwoFactorLogin(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  input: SecondStepInput,
): Promise<NewSession> {
  const now = deps.clock.now();
  const challenge = await findLiveChallenge(
    deps.db,
    hashSecret(input.challenge),
    now,
    CHALLENGE_MAX_FAILURES,
  );
  if (!challenge) throw securityErrors.challengeInvalid();
  const windowStart = new Date(now.getTime() - THROTTLE_MINUTES * 60_000);
  if ((await recentChallengeFailures(deps.db, challenge.userId, windowStart)) >= USER_MAX_FAILURES)
    throw securityErrors.throttled(THROTTLE_MINUTES * 60);
  const actor: Actor = {
    type: "user",
    userId: challenge.userId,
    requestId: input.requestId,
    ip: input.ip ?? undefined,
  };
  const session = await deps.db.transaction().execute(async (tx) => {
    const user = await findUserById(tx, challenge.userId);
    if (!user || user.disabled_at || user.totp_enabled_at === null)
      throw securityErrors.challengeInvalid();
    let method: "totp" | "recovery_code";
    if (input.code !== undefined) {
      if (!(await acceptCode(tx, user, input.code, now))) return null;
      method = "totp";
    } else {
      const hash = recoveryCodeHash(input.recoveryCode ?? "");
      if (hash === null || !(await useRecoveryCode(tx, user.id, hash, now))) return null;
      method = "recovery_code";
    }
    if (!(await consumeChallenge(tx, challenge.id, now, CHALLENGE_MAX_FAILURES)))
      throw securityErrors.challengeInvalid();
    const opened = await openSession(tx, deps, { id: user.id, staffRole: user.staff_role }, input);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.login",
      subjectType: "user",
      subjectId: user.id,
      data: {
        twoFactor: method,
        ...(method === "recovery_code"
          ? { recoveryCodesLeft: await countUnusedRecoveryCodes(tx, user.id) }
          : {}),
      },
    });
    return opened;
  });
  if (session) return session;
  const failures = await deps.db.transaction().execute(async (tx) => {
    const n = await recordChallengeFailure(tx, challenge.id);
    await writeAudit(tx, deps.clock, actor, {
      action: "auth.two_factor_failed",
      subjectType: "user",
      subjectId: challenge.userId,
      data: { failures: n, with: input.code !== undefined ? "totp" : "recovery_code" },
    });
    // The failure that reaches the user's limit: tell them, once per window.
    if ((await recentChallengeFailures(tx, challenge.userId, windowStart)) === USER_MAX_FAILURES) {
      const user = await findUserById(tx, challenge.userId);
      if (user) {
        await queueMail(tx, deps, {
          type: "auth.two_factor_failures",
          language: lang(user),
          to: user.email,
          userId: user.id,
          ...twoFactorFailuresMail(lang(user), { name: user.name }),
        });
      }
    }
    return n;
  });
  if (failures >= CHALLENGE_MAX_FAILURES) throw securityErrors.challengeInvalid();
  throw securityErrors.codeInvalid(401);
}
