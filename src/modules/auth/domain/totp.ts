import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Time-based one-time passwords: RFC 4226 (HOTP), RFC 6238 (TOTP) with HMAC-SHA1, 6 digits and
 * 30-second steps — what every authenticator app speaks — and RFC 4648 base32 for the secret.
 * Pure: no clock, no storage; the caller passes the time and the last accepted step.
 */

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted on either side of the current one (clock drift, a code typed late). */
export const TOTP_WINDOW = 1;
/** 160-bit secrets, as RFC 4226 recommends (20 bytes = 32 base32 characters). */
export const TOTP_SECRET_BYTES = 20;

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32, with `=` padding unless `padding: false`. */
export function base32Encode(data: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding === false) return out;
  return out + "=".repeat((8 - (out.length % 8)) % 8);
}

/**
 * Decodes RFC 4648 base32. Forgiving about what people type or paste: case, spaces, hyphens
 * and missing padding; null for anything else (a character outside the alphabet, a length no
 * encoder produces, non-zero spare bits).
 */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s-]/g, "").toUpperCase().replace(/=+$/, "");
  // Lengths modulo 8 that an encoder can produce: 0, 2, 4, 5, 7 characters in the last group.
  if (![0, 2, 4, 5, 7].includes(clean.length % 8)) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return null;
  return Uint8Array.from(out);
}

/** RFC 4226 HOTP: the `digits`-digit code for a counter. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    (mac[offset + 1]! << 16) |
    (mac[offset + 2]! << 8) |
    mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The RFC 6238 time step of an instant (T0 = 0). */
export function timeStep(at: Date, period = TOTP_PERIOD_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / period);
}

/** The TOTP code of an instant. */
export function totp(
  key: Uint8Array,
  at: Date,
  options: { digits?: number; period?: number } = {},
): string {
  return hotp(key, timeStep(at, options.period), options.digits);
}

/** A code as people type it: "123 456" and "123-456" are "123456". */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * Checks a 6-digit code against the steps around `at`. Returns the step it matched, or null.
 * A step at or before `lastStep` (the last one accepted for this secret) never matches: a code
 * that was used once cannot be used again, nor can an older one.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  at: Date,
  lastStep: number | null,
  window = TOTP_WINDOW,
): number | null {
  const given = normalizeCode(code);
  if (!/^\d{6}$/.test(given)) return null;
  const now = timeStep(at);
  let matched: number | null = null;
  // Every candidate is computed and compared in constant time, whichever matches.
  for (let step = now - window; step <= now + window; step++) {
    const expected = hotp(key, step);
    const same = timingSafeEqual(Buffer.from(expected), Buffer.from(given));
    if (same && matched === null && (lastStep === null || step > lastStep)) matched = step;
  }
  return matched;
}

/**
 * The otpauth:// URI authenticator apps read from the QR code (Google Authenticator's Key URI
 * format): `otpauth://totp/Issuer:account?secret=…&issuer=…`.
 */
export function otpauthUri(p: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(p.issuer)}:${encodeURIComponent(p.account)}`;
  const query = new URLSearchParams({
    secret: p.secret,
    issuer: p.issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A recovery code from 12 random bytes' worth of choices: 12 characters of Crockford-style
 * base32 (60 bits), shown as `xxxx-xxxx-xxxx`.
 */
export function formatRecoveryCode(random: Uint8Array): string {
  if (random.length < 12) throw new Error("a recovery code needs 12 random bytes");
  let raw = "";
  for (let i = 0; i < 12; i++) raw += RECOVERY_ALPHABET[random[i]! & 31];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/**
 * A recovery code as typed: lowercase, without spaces and hyphens, the look-alikes of Crockford
 * base32 mapped (o→0, i/l→1); null when it cannot be one.
 */
export function normalizeRecoveryCode(code: string): string | null {
  const clean = code.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
  if (clean.length !== 12) return null;
  for (const char of clean) if (!RECOVERY_ALPHABET.includes(char)) return null;
  return clean;
}
