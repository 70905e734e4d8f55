import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { badRequest } from "../errors";
import type { KeysetPosition } from "../db/keyset";

/**
 * A keyset position plus what made it: the list, its sort and a fingerprint of its filters. A
 * cursor only continues the list that produced it; any other is refused rather than silently
 * answering a page of some other ordering.
 */
const CursorPayload = z.object({ s: z.string(), f: z.string(), k: z.string(), i: z.string().min(1) });

export const MAX_CURSOR_LENGTH = 2048;

/** A short hash of the filters, so a cursor carries no search text and stays small. */
export function fingerprint(filters: unknown): string {
  return createHash("sha256").update(JSON.stringify(filters)).digest("base64url").slice(0, 16);
}

export function encodeCursor(scope: { sort: string; filters: string }, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ s: scope.sort, f: scope.filters, k: position.key, i: position.id })).toString("base64url");
}

export function decodeCursor(text: string, scope: { sort: string; filters: string }): KeysetPosition {
  let payload: z.infer<typeof CursorPayload>;
  try {
    payload = CursorPayload.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw badRequest("The cursor is not valid; start again from the first page.");
  }
  if (payload.s !== scope.sort || payload.f !== scope.filters) {
    throw badRequest("The cursor belongs to another sort or search; start again from the first page.");
  }
  return { key: payload.k, id: payload.i };
}
