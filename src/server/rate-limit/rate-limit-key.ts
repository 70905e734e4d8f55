import "server-only";
import { createHash } from "node:crypto";

/**
 * What a rule's key is stored as: its kind in the clear (`sign-in`, `share-password`) for anyone
 * reading the table, the rest as a SHA-256. The row stays the same small size whatever a caller
 * puts in an email or an address, and the table holds no addresses or emails.
 */
export function storedRateLimitKey(key: string): string {
  const separator = key.indexOf(":");
  const kind = (separator < 0 ? "limit" : key.slice(0, separator)).replace(/[^a-z0-9-]/gi, "").slice(0, 32) || "limit";
  return `${kind}:${createHash("sha256").update(key).digest("base64url")}`;
}
