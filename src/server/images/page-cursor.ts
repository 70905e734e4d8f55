import "server-only";
import { badRequest } from "../errors";

/** A keyset position: the last row's (createdAt, id). Opaque to clients. */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(text: string): PageCursor {
  const [iso, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw badRequest("The cursor is not valid; start again from the first page.");
  return { createdAt, id };
}
