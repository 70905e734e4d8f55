import "server-only";
import { randomBytes } from "node:crypto";

/** Opaque, unguessable ids (128 bits, URL-safe); they also name object keys, so keep them key-safe. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}
