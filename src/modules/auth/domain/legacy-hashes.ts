import { createHash, hash as digest, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";

/**
 * Password hashes imported from other systems (WHMCS, WordPress, phpBB, /etc/shadow, htpasswd …),
 * verified here so that imported users can log in; login then replaces them with argon2id.
 *
 * The crypt family follows the published specifications:
 * - SHA-crypt ($5$, $6$): Ulrich Drepper, "Unix crypt using SHA-256 and SHA-512" (2008).
 * - MD5-crypt ($1$, and Apache's $apr1$ with another magic): Poul-Henning Kamp's md5crypt.
 * - phpass portable hashes ($P$, $H$): Openwall's PasswordHash::crypt_private.
 * - WHMCS: hex md5(salt . password), then ":" and the salt.
 * bcrypt ($2a$, $2b$, $2y$) is checked by bcryptjs; argon2 by @node-rs/argon2 (passwords.ts).
 *
 * Everything is pure computation: no I/O. Passwords are taken as their UTF-8 bytes, as the
 * browsers that typed them into the old system sent them. A malformed or unsupported hash never
 * throws: it simply does not verify. The computed checksum is compared in constant time.
 *
 * Work factors above the caps below are refused (do not verify) rather than computed: an
 * imported hash must not be able to make one login take minutes.
 */
export type HashScheme =
  | "argon2id"
  | "argon2i"
  | "bcrypt"
  | "sha512crypt"
  | "sha256crypt"
  | "md5crypt"
  | "apr1"
  | "phpass"
  | "whmcs-md5";

export const LEGACY_LIMITS = {
  /** bcrypt cost (log2 of the rounds); real systems use 10–13. */
  bcryptCost: 16,
  /** SHA-crypt rounds; the default is 5 000, passlib's 535 000–656 000. */
  shaCryptRounds: 2_000_000,
  /** phpass log2 of the iterations; WordPress uses 13 (8 192), phpBB 11. */
  phpassLog2: 20,
} as const;

const CRYPT64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const FORMATS: readonly { scheme: HashScheme; pattern: RegExp }[] = [
  { scheme: "argon2id", pattern: /^\$argon2id\$/ },
  { scheme: "argon2i", pattern: /^\$argon2i\$/ },
  { scheme: "bcrypt", pattern: /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/ },
  { scheme: "sha512crypt", pattern: /^\$6\$/ },
  { scheme: "sha256crypt", pattern: /^\$5\$/ },
  { scheme: "md5crypt", pattern: /^\$1\$/ },
  { scheme: "apr1", pattern: /^\$apr1\$/ },
  { scheme: "phpass", pattern: /^\$[PH]\$/ },
  { scheme: "whmcs-md5", pattern: /^[0-9a-fA-F]{32}:/ },
];

/** Which scheme a stored hash claims to be, by its form alone; null when none. */
export function identifyHash(stored: string): HashScheme | null {
  for (const f of FORMATS) if (f.pattern.test(stored)) return f.scheme;
  return null;
}

/** Equal strings, in time that does not depend on where they differ. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

const utf8 = (s: string) => Buffer.from(s, "utf8");
const md5 = (data: Buffer) => digest("md5", data, "buffer");

/** Encodes 24 bits as `n` crypt-base64 characters, least significant first. */
function b64from24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = "";
  for (let i = 0; i < n; i++) {
    out += CRYPT64.charAt(w & 0x3f);
    w >>>= 6;
  }
  return out;
}

/** Encodes a digest by groups of three byte indexes (the last group may be shorter). */
function cryptEncode(bytes: Buffer, groups: readonly (readonly number[])[]): string {
  let out = "";
  for (const g of groups) {
    const [a, b, c] = g;
    if (g.length === 3) out += b64from24(bytes[a!]!, bytes[b!]!, bytes[c!]!, 4);
    else if (g.length === 2) out += b64from24(0, bytes[a!]!, bytes[b!]!, 3);
    else out += b64from24(0, 0, bytes[a!]!, 2);
  }
  return out;
}

// ---------------------------------------------------------------- SHA-crypt ($5$, $6$)

const SHA256_ORDER = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14],
  [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29], [31, 30],
] as const; // prettier-ignore
const SHA512_ORDER = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19],
  [62, 20, 41], [63],
] as const; // prettier-ignore

const SHA_CRYPT =
  /^\$([56])\$(?:rounds=(\d{1,10})\$)?([^$]{0,16})\$([./0-9A-Za-z]{43}|[./0-9A-Za-z]{86})$/;

/** Repeats `block` to exactly `length` bytes. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += block.length)
    block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

/** The checksum part of a SHA-crypt hash (Drepper's algorithm, steps 1–22). */
export function shaCryptChecksum(
  variant: "sha256" | "sha512",
  password: string,
  salt: string,
  rounds: number,
): string {
  const size = variant === "sha256" ? 32 : 64;
  const p = utf8(password);
  const s = utf8(salt).subarray(0, 16);
  const h = () => createHash(variant);

  const b = h().update(p).update(s).update(p).digest();
  const a = h().update(p).update(s);
  let n = p.length;
  for (; n > size; n -= size) a.update(b);
  a.update(b.subarray(0, n));
  for (let i = p.length; i > 0; i >>= 1) a.update(i & 1 ? b : p);
  let c = a.digest();

  const dp = h();
  for (let i = 0; i < p.length; i++) dp.update(p);
  const pBytes = repeatTo(dp.digest(), p.length);
  const ds = h();
  for (let i = 0; i < 16 + c[0]!; i++) ds.update(s);
  const sBytes = repeatTo(ds.digest(), s.length);

  for (let i = 0; i < rounds; i++) {
    const parts: Buffer[] = [];
    parts.push(i & 1 ? pBytes : c);
    if (i % 3 !== 0) parts.push(sBytes);
    if (i % 7 !== 0) parts.push(pBytes);
    parts.push(i & 1 ? c : pBytes);
    c = digest(variant, Buffer.concat(parts), "buffer");
  }
  return cryptEncode(c, variant === "sha256" ? SHA256_ORDER : SHA512_ORDER);
}

function verifyShaCrypt(stored: string, password: string): boolean {
  const m = SHA_CRYPT.exec(stored);
  if (!m) return false;
  const [, kind, roundsText, salt, checksum] = m;
  const variant = kind === "5" ? "sha256" : "sha512";
  if ((variant === "sha256") !== (checksum!.length === 43)) return false;
  // The specification clamps rounds to 1 000 … 999 999 999; above our cap we refuse.
  const rounds = roundsText === undefined ? 5000 : Math.max(1000, Number(roundsText));
  if (rounds > LEGACY_LIMITS.shaCryptRounds) return false;
  return sameText(shaCryptChecksum(variant, password, salt!, rounds), checksum!);
}

// ---------------------------------------------------------------- MD5-crypt ($1$, $apr1$)

const MD5_ORDER = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [11]] as const; // prettier-ignore
const MD5_CRYPT = /^(\$1\$|\$apr1\$)([^$]{0,8})\$([./0-9A-Za-z]{22})$/;

/** The checksum part of an MD5-crypt hash; `magic` is "$1$" or Apache's "$apr1$". */
export function md5CryptChecksum(magic: string, password: string, salt: string): string {
  const p = utf8(password);
  const s = utf8(salt).subarray(0, 8);
  const alt = md5(Buffer.concat([p, s, p]));
  const ctx = [p, utf8(magic), s];
  for (let n = p.length; n > 0; n -= 16) ctx.push(alt.subarray(0, Math.min(n, 16)));
  for (let i = p.length; i > 0; i >>= 1) ctx.push(i & 1 ? Buffer.from([0]) : p.subarray(0, 1));
  let final = md5(Buffer.concat(ctx));
  for (let i = 0; i < 1000; i++) {
    const parts: Buffer[] = [];
    parts.push(i & 1 ? p : final);
    if (i % 3 !== 0) parts.push(s);
    if (i % 7 !== 0) parts.push(p);
    parts.push(i & 1 ? final : p);
    final = md5(Buffer.concat(parts));
  }
  return cryptEncode(final, MD5_ORDER);
}

function verifyMd5Crypt(stored: string, password: string): boolean {
  const m = MD5_CRYPT.exec(stored);
  if (!m) return false;
  return sameText(md5CryptChecksum(m[1]!, password, m[2]!), m[3]!);
}

// ---------------------------------------------------------------- phpass ($P$, $H$)

const PHPASS = /^\$[PH]\$([./0-9A-Za-z])([./0-9A-Za-z]{8})([./0-9A-Za-z]{22})$/;

/** phpass's encode64: little-endian groups of three bytes, as crypt_private writes them. */
function phpassEncode(input: Buffer): string {
  let out = "";
  let i = 0;
  while (i < input.length) {
    let value = input[i++]!;
    out += CRYPT64.charAt(value & 0x3f);
    if (i < input.length) value |= input[i]! << 8;
    out += CRYPT64.charAt((value >> 6) & 0x3f);
    if (i++ >= input.length) break;
    if (i < input.length) value |= input[i]! << 16;
    out += CRYPT64.charAt((value >> 12) & 0x3f);
    if (i++ >= input.length) break;
    out += CRYPT64.charAt((value >> 18) & 0x3f);
  }
  return out;
}

/** The checksum part of a phpass portable hash with 2^log2 iterations. */
export function phpassChecksum(password: string, salt: string, log2: number): string {
  const p = utf8(password);
  let h = md5(Buffer.concat([utf8(salt), p]));
  for (let count = 2 ** log2; count > 0; count--) h = md5(Buffer.concat([h, p]));
  return phpassEncode(h);
}

function verifyPhpass(stored: string, password: string): boolean {
  const m = PHPASS.exec(stored);
  if (!m) return false;
  const log2 = CRYPT64.indexOf(m[1]!);
  // phpass itself accepts 7 … 30; beyond our cap the hash is refused.
  if (log2 < 7 || log2 > LEGACY_LIMITS.phpassLog2) return false;
  return sameText(phpassChecksum(password, m[2]!, log2), m[3]!);
}

// ---------------------------------------------------------------- WHMCS md5(salt . password):salt

const WHMCS = /^([0-9a-fA-F]{32}):([\s\S]*)$/;

function verifyWhmcs(stored: string, password: string): boolean {
  const m = WHMCS.exec(stored);
  if (!m) return false;
  const computed = md5(utf8(m[2]! + password)).toString("hex");
  return sameText(computed, m[1]!.toLowerCase());
}

// ---------------------------------------------------------------- bcrypt

async function verifyBcrypt(stored: string, password: string): Promise<boolean> {
  const cost = Number(stored.slice(4, 6));
  if (!(cost >= 4 && cost <= LEGACY_LIMITS.bcryptCost)) return false;
  return bcrypt.compare(password, stored);
}

/**
 * Verifies a password against a legacy (non-argon2) hash. False for a wrong password, an
 * unknown or malformed hash, or one whose work factor is above the caps; never throws.
 */
export async function verifyLegacyHash(stored: string, password: string): Promise<boolean> {
  try {
    switch (identifyHash(stored)) {
      case "bcrypt":
        return await verifyBcrypt(stored, password);
      case "sha512crypt":
      case "sha256crypt":
        return verifyShaCrypt(stored, password);
      case "md5crypt":
      case "apr1":
        return verifyMd5Crypt(stored, password);
      case "phpass":
        return verifyPhpass(stored, password);
      case "whmcs-md5":
        return verifyWhmcs(stored, password);
      case "argon2id":
      case "argon2i":
      case null:
        return false;
    }
  } catch {
    return false;
  }
}
