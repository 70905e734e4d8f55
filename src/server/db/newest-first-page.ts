import "server-only";
import { desc, type Column, type SQL } from "drizzle-orm";
import { PageQuery } from "@/contract/common";
import { decodeCursor, encodeCursor } from "../images/page-cursor";
import { keyAsText, rowsAfter } from "./keyset";

/**
 * The pieces of a newest-first keyset page over `(createdAt, id)`: the row comparison after the
 * cursor, the order and the cursor key to select. The table needs an index ending in
 * (created_at, id), walked backwards; `list` names the list so a cursor only continues its own.
 */
export function newestFirst(list: string, createdAt: Column, id: Column, input: PageQuery) {
  const { limit, cursor } = PageQuery.parse(input);
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
