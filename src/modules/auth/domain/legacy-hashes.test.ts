import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPassword } from "../passwords.ts";
import { identifyHash, verifyLegacyHash, type HashScheme } from "./legacy-hashes.ts";

/**
 * Vectors made by independent implementations (mkpasswd, openssl passwd, htpasswd, the argon2
 * CLI, md5sum, passlib) and published ones (Openwall phpass, passlib's test suite): see
 * test/fixtures/legacy-hashes/README.md. Each records the command that produced it.
 */
interface Vector {
  scheme: string;
  password: string;
  hash: string;
  command: string;
  note?: string;
}
const VECTORS = JSON.parse(
  fs.readFileSync(
    new URL("../../../../test/fixtures/legacy-hashes/vectors.json", import.meta.url),
    "utf8",
  ),
) as Vector[];

/** The fixture names MD5-crypt's Apache variant "apr1" and WHMCS "whmcs-md5", as we do. */
const SCHEMES: readonly HashScheme[] = [
  "argon2id",
  "argon2i",
  "bcrypt",
  "sha512crypt",
  "sha256crypt",
  "md5crypt",
  "apr1",
  "phpass",
  "whmcs-md5",
];

/** Wrong passwords for a vector: one character more, one less, another case, empty. */
function wrongPasswords(password: string): string[] {
  const out = new Set([
    `${password}x`,
    password.slice(0, -1),
    password.toUpperCase() === password ? password.toLowerCase() : password.toUpperCase(),
    "",
    " " + password,
  ]);
  out.delete(password);
  return [...out];
}

describe("legacy hash vectors from independent implementations", () => {
  it("has vectors of every scheme, with non-ASCII passwords and empty salts", () => {
    const schemes = new Set(VECTORS.map((v) => v.scheme));
    expect([...schemes].sort()).toEqual([...SCHEMES].sort());
    for (const s of SCHEMES) {
      expect(VECTORS.some((v) => v.scheme === s && /[^\x00-\x7f]/.test(v.password))).toBe(true);
    }
    expect(VECTORS.filter((v) => v.note?.includes("empty salt")).length).toBeGreaterThanOrEqual(4);
    for (const v of VECTORS) expect(v.command).not.toBe("");
  });

  it.each(VECTORS.map((v) => [v.scheme, v.hash, v] as const))(
    "%s %s: the password verifies, wrong ones do not",
    async (scheme, hash, v) => {
      expect(identifyHash(hash)).toBe(scheme);
      const right = await checkPassword(hash, v.password);
      expect(right.ok).toBe(true);
      expect(right.scheme).toBe(scheme);
      for (const wrong of wrongPasswords(v.password)) {
        expect((await checkPassword(hash, wrong)).ok, JSON.stringify(wrong)).toBe(false);
      }
    },
  );

  it("asks for a rehash of everything but argon2id with today's parameters", async () => {
    for (const v of VECTORS) {
      const { needsRehash } = await checkPassword(v.hash, v.password);
      const current = v.hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
      expect(needsRehash, v.hash).toBe(!current);
    }
  });
});

describe("malformed and unsupported hashes fail and never throw", () => {
  const sha512 = VECTORS.find((v) => v.scheme === "sha512crypt" && !v.hash.includes("rounds"))!;
  const phpass = VECTORS.find((v) => v.hash === "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0")!;
  const bcrypt = VECTORS.find((v) => v.hash.startsWith("$2b$"))!;
  const md5 = VECTORS.find((v) => v.hash.startsWith("$1$saltsalt$"))!;
  const whmcs = VECTORS.find((v) => v.scheme === "whmcs-md5")!;
  const argon = VECTORS.find((v) => v.scheme === "argon2id")!;

  const CASES: [string, string, string][] = [
    ["empty", "", "x"],
    ["spaces", "   ", "x"],
    ["plain text stored as is", "correct horse battery staple", "correct horse battery staple"],
    [
      "unknown scheme $7$ (scrypt)",
      "$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D",
      "pleaseletmein",
    ],
    ["yescrypt", "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7", "x"],
    ["DES crypt", "abJnggxhB/yWI", "test"],
    ["argon2d is not accepted", "$argon2d$v=19$m=4096,t=3,p=1$c29tZXNhbHQx$Zm9vYmFyYmF6", "x"],
    ["bcrypt unknown minor $2x$", bcrypt.hash.replace("$2b$", "$2x$"), bcrypt.password],
    ["bcrypt truncated", bcrypt.hash.slice(0, -1), bcrypt.password],
    ["bcrypt cost 03", bcrypt.hash.replace("$05$", "$03$"), bcrypt.password],
    [
      "bcrypt cost 31 (refused, not computed)",
      bcrypt.hash.replace("$05$", "$31$"),
      bcrypt.password,
    ],
    ["sha512crypt truncated", sha512.hash.slice(0, -1), sha512.password],
    ["sha512crypt bad character", sha512.hash.slice(0, -1) + "!", sha512.password],
    ["sha512crypt with a sha256 length", sha512.hash.replace("$6$", "$5$"), sha512.password],
    [
      "sha512crypt salt over 16",
      sha512.hash.replace("$saltsaltsaltsalt$", "$saltsaltsaltsaltX$"),
      sha512.password,
    ],
    [
      "sha512crypt rounds not a number",
      sha512.hash.replace("$6$", "$6$rounds=abc$"),
      sha512.password,
    ],
    [
      "sha512crypt rounds above the cap",
      sha512.hash.replace("$6$", "$6$rounds=999999999$"),
      sha512.password,
    ],
    ["sha512crypt no checksum", "$6$saltsalt$", sha512.password],
    ["md5crypt truncated", md5.hash.slice(0, -2), md5.password],
    ["md5crypt salt over 8", md5.hash.replace("$saltsalt$", "$saltsalts$"), md5.password],
    ["md5crypt no separator", "$1$saltsaltBsXyQbZiQujHkdhwPwdol.", md5.password],
    ["phpass too short", phpass.hash.slice(0, -1), phpass.password],
    [
      "phpass bad character (passlib's malformed vector)",
      "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r!L0",
      phpass.password,
    ],
    ["phpass count below 7", phpass.hash.replace("$P$9", "$P$4"), phpass.password],
    ["phpass count above the cap", phpass.hash.replace("$P$9", "$P$T"), phpass.password],
    ["whmcs hex too short", whmcs.hash.slice(1), whmcs.password],
    ["whmcs no colon", whmcs.hash.replace(":", ""), whmcs.password],
    ["whmcs not hex", "z" + whmcs.hash.slice(1), whmcs.password],
    ["argon2id garbage", "$argon2id$v=19$m=19456,t=2,p=1$bad$bad", argon.password],
    ["argon2id no parameters", "$argon2id$", argon.password],
    ["argon2id memory above the cap", argon.hash.replace("m=19456", "m=4194304"), argon.password],
    ["argon2id hash altered", argon.hash.slice(0, -2) + "AA", argon.password],
    ["a NUL byte", `${md5.hash}\u0000`, md5.password],
    ["very long", "$6$" + "a".repeat(100_000), "x"],
  ];

  it.each(CASES)("%s", async (_name, hash, password) => {
    await expect(verifyLegacyHash(hash, password)).resolves.toBe(false);
    const check = await checkPassword(hash, password);
    expect(check.ok).toBe(false);
    expect(check.needsRehash).toBe(false);
  });

  it("treats a missing hash as wrong, taking the time of a check", async () => {
    expect(await checkPassword(null, "x")).toEqual({ ok: false, scheme: null, needsRehash: false });
    expect(await checkPassword(undefined, "")).toEqual({
      ok: false,
      scheme: null,
      needsRehash: false,
    });
  });

  it("identifies schemes by form only", () => {
    expect(identifyHash("$2y$10$" + "a".repeat(53))).toBe("bcrypt");
    expect(identifyHash("$2y$10$" + "a".repeat(52))).toBeNull();
    expect(identifyHash("$apr1$x$y")).toBe("apr1");
    expect(identifyHash("$H$x")).toBe("phpass");
    expect(identifyHash("0123456789abcdef0123456789ABCDEF:")).toBe("whmcs-md5");
    expect(identifyHash("0123456789abcdef0123456789abcde:")).toBeNull();
    expect(identifyHash("$argon2d$v=19$m=1,t=1,p=1$a$b")).toBeNull();
  });
});
