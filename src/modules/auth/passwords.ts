import fs from "node:fs";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { identifyHash, verifyLegacyHash, type HashScheme } from "./domain/legacy-hashes.ts";
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  type PasswordProblem,
} from "./domain/password-policy.ts";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordProblem, type HashScheme };

/** OWASP's argon2id parameters (m = 19 MiB, t = 2, p = 1). */
const ARGON2ID = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** What a stored argon2id hash with today's parameters starts with. */
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=${ARGON2ID.parallelism}$`;
/** Imported argon2 hashes above these are refused rather than computed (memory in KiB). */
const ARGON2_LIMITS = { memoryCost: 262_144, timeCost: 16, parallelism: 16 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** A hash of a random password: verifying against it costs what a real check costs. */
let dummyHash: Promise<string> | undefined;

export interface PasswordCheck {
  ok: boolean;
  /** The scheme of the stored hash; null when there was none or it is not one we know. */
  scheme: HashScheme | null;
  /** True when the password was right and the hash should be replaced by a current argon2id. */
  needsRehash: boolean;
}

function argon2WithinLimits(stored: string): boolean {
  const m = /\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,10})\$/.exec(stored);
  if (!m) return false;
  return (
    Number(m[1]) <= ARGON2_LIMITS.memoryCost &&
    Number(m[2]) <= ARGON2_LIMITS.timeCost &&
    Number(m[3]) <= ARGON2_LIMITS.parallelism
  );
}

/**
 * Checks a password against a stored hash of any supported scheme: argon2id/argon2i, and the
 * legacy ones imported from other systems (domain/legacy-hashes.ts). With no stored hash
 * (unknown e-mail, no password set) it still spends the time of a real check, so response
 * times do not tell which e-mails exist. Never throws.
 */
export async function checkPassword(
  stored: string | null | undefined,
  password: string,
): Promise<PasswordCheck> {
  const scheme = stored ? identifyHash(stored) : null;
  if (!stored || scheme === null) {
    dummyHash ??= hashPassword(`dummy-${Math.random()}`);
    await verify(await dummyHash, password).catch(() => false);
    return { ok: false, scheme, needsRehash: false };
  }
  let ok: boolean;
  if (scheme === "argon2id" || scheme === "argon2i") {
    ok = argon2WithinLimits(stored) && (await verify(stored, password).catch(() => false));
  } else {
    ok = await verifyLegacyHash(stored, password);
  }
  return { ok, scheme, needsRehash: ok && !stored.startsWith(CURRENT_PREFIX) };
}

/** `checkPassword`, answering only whether the password is right. */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  return (await checkPassword(stored, password)).ok;
}

// ---------------------------------------------------------------- policy for new passwords

const DATA = new URL("./data/", import.meta.url);
let common: ReadonlySet<string> | undefined;

/** The bundled lists of common passwords (data/README.md), lower-cased, loaded once. */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const set = new Set<string>();
    for (const file of ["common-passwords.txt", "common-passwords-extra.txt"]) {
      for (const line of fs.readFileSync(new URL(file, DATA), "utf8").split(/\r?\n/)) {
        if (line !== "" && !line.startsWith("#!comment:")) set.add(line.toLowerCase());
      }
    }
    common = set;
  }
  return common;
}

/**
 * Whether a password may be set for this account: null, or the problem (too short or long, on
 * the list of common passwords or a padded / look-alike form of one, a repetition or a run, the
 * account's own e-mail or name). Every place that sets a password calls this.
 */
export function checkNewPassword(
  password: string,
  account: { email?: string | null; name?: string | null },
): PasswordProblem | null {
  const list = commonPasswords();
  return passwordProblem(password, account, (s) => list.has(s));
}
