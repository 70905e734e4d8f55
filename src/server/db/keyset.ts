import "server-only";
import { sql, type Column, type SQL } from "drizzle-orm";
import { badRequest } from "../errors";

/** How a sort key is compared once it has travelled through a cursor as text. */
export type KeyCast = "timestamptz" | "bigint" | "text";

export interface KeysetPosition {
  /** The last row's sort key, as Postgres printed it (`key::text`), so no precision is lost on the way. */
  key: string;
  id: string;
}

const KEY_SHAPES: Record<KeyCast, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/,
  bigint: /^-?\d{1,19}$/,
  text: /^[^]{0,1000}$/,
};

/**
 * The rows after `after` in `(key, id)` order, as one row comparison. Postgres makes that an index
 * condition on an index over (…, key, id); the equivalent `key < x OR (key = x AND id < y)` is only
 * a filter and reads every row before the page.
 */
export function rowsAfter(key: SQL | Column, id: Column, after: KeysetPosition, cast: KeyCast, direction: "asc" | "desc"): SQL {
  // Only what Postgres itself prints: its casts also take words like 'yesterday' and 'infinity'.
  if (!KEY_SHAPES[cast].test(after.key)) throw badRequest("The cursor is not valid; start again from the first page.");
  const comparison = direction === "desc" ? sql.raw("<") : sql.raw(">");
  return sql`(${key}, ${id}) ${comparison} (cast(${after.key} as ${sql.raw(cast)}), ${after.id})`;
}

/** Selects the sort key as text, for the next cursor. */
export function keyAsText(key: SQL | Column): SQL<string> {
  return sql<string>`cast(${key} as text)`;
}
