import "server-only";
import { desc, type Column, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "../images/page-cursor";
import { keyAsText, rowsAfter } from "./keyset";

/** `?limit&cursor` as the contract gives every list: 1..200, 60 by default. */
export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(60),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
});
export type PageInput = z.input<typeof PageInput>;

/**
 * The pieces of a newest-first keyset page over `(createdAt, id)`: the row comparison after the
 * cursor, the order and the cursor key to select. The table needs an index ending in
 * (created_at, id), walked backwards; `list` names the list so a cursor only continues its own.
 */
export function newestFirst(list: string, createdAt: Column, id: Column, input: PageInput) {
  const { limit, cursor } = PageInput.parse(input);
  const scope = { sort: list, filters: "" };
  return {
    limit,
    after: cursor ? rowsAfter(createdAt, id, decodeCursor(cursor, scope), "timestamptz", "desc") : undefined,
    orderBy: [desc(createdAt), desc(id)] as SQL[],
    cursorKey: keyAsText(createdAt),
    /** Fetch `limit + 1` rows and hand them here: the page, and the cursor when more follow. */
    page<T extends { cursorKey: string }>(rows: T[], idOf: (row: T) => string): { rows: T[]; nextCursor: string | null } {
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(scope, { key: last.cursorKey, id: idOf(last) }) : null };
    },
  };
}
