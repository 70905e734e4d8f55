import "server-only";
import { STORAGE_FULL_CODES } from "@/lib/storage-full-codes";

/** Codes for storage that answers but will not keep bytes: full, over quota, or read-only. */
const REFUSING_WRITES = new Set([...STORAGE_FULL_CODES, "EROFS", "AccessDenied"]);

/**
 * The code when `error` is storage refusing to store (the S3 SDK names its exceptions after the
 * server's code; Node's fs errors carry `code`), else null.
 */
export function storageRefusalCode(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const { name, code, Code } = error as { name?: unknown; code?: unknown; Code?: unknown };
  for (const candidate of [Code, code, name]) if (typeof candidate === "string" && REFUSING_WRITES.has(candidate)) return candidate;
  return null;
}
