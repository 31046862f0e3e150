/**
 * The rules a new password must meet, wherever one is set (reset link, first-admin setup,
 * password change, invitations). Pure: the list of common passwords is passed in as a lookup.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Stable codes; the API sends them as `auth.<code>` with a field error on `password`. */
export type PasswordProblem =
  "password_too_short" | "password_too_long" | "password_too_common" | "password_matches_account";

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  password_too_short: `at least ${MIN_PASSWORD_LENGTH} characters`,
  password_too_long: `at most ${MAX_PASSWORD_LENGTH} characters`,
  password_too_common:
    "this password is too common or too easy to guess (it is on a list of common passwords, or is one with a few digits or symbols added)",
  password_matches_account: "the password must not be your e-mail address or your name",
};

/** Digits, punctuation and spaces people put before or after a word to "strengthen" it. */
const PADDING =
  /^[\s\d!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+|[\s\d!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/g;
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
};

/** Length in characters as a person counts them (code points, not UTF-16 units). */
function length(password: string): number {
  return [...password].length;
}

/**
 * The forms of a password checked against the list: as typed (lower-case), without the digits
 * and symbols padded around it, and that with look-alike characters read back as letters
 * ("P@ssw0rd2024!" → "password").
 */
export function commonnessForms(password: string): string[] {
  const lower = password.toLowerCase();
  const core = lower.replace(PADDING, "");
  const unleet = [...lower].map((c) => LEET[c] ?? c).join("");
  const unleetCore = [...core].map((c) => LEET[c] ?? c).join("");
  const forms = new Set([lower, lower.trim(), core, unleet, unleetCore]);
  forms.delete("");
  return [...forms];
}

/** A short unit repeated ("aaaaaaaaaa", "abcabcabcabc", "1212121212"). */
function isRepetition(password: string): boolean {
  return /^([\s\S]{1,4})\1+$/u.test(password);
}

/**
 * Simple runs of digits or letters, up or down ("1234567890", "9876543210", "abcdefghij");
 * digits wrap around, as on the keyboard's top row.
 */
function isSequence(password: string): boolean {
  const chars = [...password.toLowerCase()];
  if (chars.length < 3) return false;
  const digits = chars.every((c) => c >= "0" && c <= "9");
  const codes = chars.map((c) => c.codePointAt(0)!);
  const stepAt = (i: number) => {
    const d = codes[i]! - codes[i - 1]!;
    return digits ? ((d + 10) % 10 === 9 ? -1 : (d + 10) % 10) : d;
  };
  const step = stepAt(1);
  if (step !== 1 && step !== -1) return false;
  return chars.every((_, i) => i === 0 || stepAt(i) === step);
}

/** The strings a password must not be: the e-mail, its local part, the name (with and without spaces). */
function accountForms(account: { email?: string | null; name?: string | null }): Set<string> {
  const out = new Set<string>();
  const email = account.email?.trim().toLowerCase();
  if (email) {
    out.add(email);
    const local = email.split("@")[0];
    if (local && local.length >= 3) out.add(local);
  }
  const name = account.name?.trim().toLowerCase();
  if (name) {
    out.add(name);
    out.add(name.replace(/\s+/g, ""));
  }
  return out;
}

/**
 * Null when the password may be set; otherwise the first problem found. `isCommon` answers
 * whether a lower-case string is on the list of common passwords.
 */
export function passwordProblem(
  password: string,
  account: { email?: string | null; name?: string | null },
  isCommon: (lowerCase: string) => boolean,
): PasswordProblem | null {
  const n = length(password);
  if (n < MIN_PASSWORD_LENGTH) return "password_too_short";
  if (n > MAX_PASSWORD_LENGTH) return "password_too_long";
  const forms = commonnessForms(password);
  const personal = accountForms(account);
  if (forms.some((f) => personal.has(f) || personal.has(f.replace(/\s+/g, "")))) {
    return "password_matches_account";
  }
  // The e-mail or name with only digits and symbols around it ("2024 Kiss Anna!").
  const lower = password.toLowerCase();
  for (const p of personal) {
    const at = lower.indexOf(p);
    if (at >= 0 && (lower.slice(0, at) + lower.slice(at + p.length)).replace(PADDING, "") === "") {
      return "password_matches_account";
    }
  }
  if (isRepetition(password) || isSequence(password)) return "password_too_common";
  if (forms.some((f) => isCommon(f))) return "password_too_common";
  return null;
}
