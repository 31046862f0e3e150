/**
 * Per-account throttling of failed logins, designed so that an attacker cannot use it to lock
 * the account's owner out:
 *
 * - Failures are counted per e-mail address as typed (whether or not an account has it, so the
 *   answers do not tell which addresses exist). After `freeFailures` failures in a row, each
 *   further failure locks the address for 1, 2, 4, 8, then at most `maxLockMinutes` minutes.
 *   The count starts over once `windowMinutes` have passed since the last failure and the lock.
 * - While it is locked, attempts for that e-mail are refused with 429 and Retry-After without
 *   checking the password, except from client addresses that have logged in to that account
 *   successfully within `trustedForDays`: those are checked as usual, so the owner logging in
 *   from a known place gets in even while someone is guessing from elsewhere.
 * - Refused attempts do not count and do not extend the lock: however hard an attacker hammers,
 *   a lock ends at most `maxLockMinutes` after the last password that was actually checked.
 * - A successful login or a password reset clears the count.
 */
export const LOGIN_THROTTLE = {
  freeFailures: 5,
  windowMinutes: 15,
  maxLockMinutes: 15,
  trustedForDays: 90,
} as const;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

const MINUTE = 60_000;

/** Seconds until the lock ends (rounded up); 0 when not locked. */
export function lockRemainingSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** True when the failures are old enough to be forgotten. */
export function isStale(state: ThrottleState, now: Date): boolean {
  const last = Math.max(state.lastFailureAt.getTime(), state.lockedUntil?.getTime() ?? 0);
  return now.getTime() >= last + LOGIN_THROTTLE.windowMinutes * MINUTE;
}

/** Minutes a lock lasts after the n-th failure in a row (0: no lock yet). */
export function lockMinutes(failures: number): number {
  if (failures < LOGIN_THROTTLE.freeFailures) return 0;
  const doubling = Math.min(failures - LOGIN_THROTTLE.freeFailures, 10);
  return Math.min(2 ** doubling, LOGIN_THROTTLE.maxLockMinutes);
}

/** The state after one more failed password. `lockStarted`: this failure started a lock. */
export function afterFailure(
  state: ThrottleState | undefined,
  now: Date,
): ThrottleState & { lockStarted: boolean } {
  const failures = state && !isStale(state, now) ? state.failures + 1 : 1;
  const minutes = lockMinutes(failures);
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: minutes > 0 ? new Date(now.getTime() + minutes * MINUTE) : null,
    lockStarted: minutes > 0 && lockRemainingSeconds(state, now) === 0,
  };
}

/** Expands an IPv6 address to its eight 16-bit groups; null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two groups.
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const b = v4.slice(2, 6).map(Number);
    if (b.some((x) => x > 255)) return null;
    text = `${v4[1]}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The client address as the throttle remembers it: an IPv4 address as it is (also when written
 * IPv4-mapped, ::ffff:a.b.c.d); an IPv6 address as its /64 network, since one device rotates
 * through addresses of its /64. Null when there is no usable address.
 */
export function addressKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const text = ip.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    return text.split(".").every((x) => Number(x) <= 255)
      ? text.split(".").map(Number).join(".")
      : null;
  }
  const groups = ipv6Groups(text);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}
