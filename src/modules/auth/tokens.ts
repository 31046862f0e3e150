import { createHash, randomBytes } from "node:crypto";

/** A secret for a cookie or a link; only its SHA-256 is stored. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
