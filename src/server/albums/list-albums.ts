import "server-only";
import { and, desc, eq, getTableColumns, type SQL } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { albums } from "../db/schema";
import { keyAsText, rowsAfter } from "../db/keyset";
import { decodeCursor, encodeCursor } from "../images/page-cursor";
import { toAlbumDtos, type AlbumDto } from "./album-dto";
import { ListAlbumsInput } from "@/contract/albums";

const SCOPE = { sort: "albums-newest", filters: "" };

/** One page of the caller's albums; exported so a test can EXPLAIN exactly what runs. */
export function albumPageQuery(ctx: ServiceContext, input: ListAlbumsInput) {
  const { limit, cursor } = ListAlbumsInput.parse(input);
  const conditions: (SQL | undefined)[] = [eq(albums.ownerId, ctx.user.id)];
  if (cursor) conditions.push(rowsAfter(albums.createdAt, albums.id, decodeCursor(cursor, SCOPE), "timestamptz", "desc"));
  const query = ctx.db
    .select({ ...getTableColumns(albums), cursorKey: keyAsText(albums.createdAt) })
    .from(albums)
    .where(and(...conditions))
    .orderBy(desc(albums.createdAt), desc(albums.id))
    .limit(limit + 1);
  return { query, limit };
}

/** The caller's albums, newest first, keyset-paginated on (owner, created_at, id). */
export async function listAlbums(ctx: ServiceContext, input: ListAlbumsInput = {}): Promise<{ albums: AlbumDto[]; nextCursor: string | null }> {
  assertScope(ctx.user, "read");
  const { query, limit } = albumPageQuery(ctx, input);
  const rows = await query;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    albums: await toAlbumDtos(ctx, page),
    nextCursor: rows.length > limit && last ? encodeCursor(SCOPE, { key: last.cursorKey, id: last.id }) : null,
  };
}
