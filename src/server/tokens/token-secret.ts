import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * Bearer secrets (API tokens, share links, invites): 256 random bits, URL-safe, with a prefix that
 * says what they are. Only the SHA-256 is stored; with this much entropy a slow hash adds nothing.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
