import "server-only";
import { and, eq } from "drizzle-orm";
import type { TokenScope } from "@/lib/token-scopes";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { albums, type AlbumRow } from "../db/schema";
import { notFound } from "../errors";

/** The caller's album, or not-found (another owner's id answers like an unknown one). */
export async function getAlbumRow(ctx: ServiceContext, id: string, scope: TokenScope = "read"): Promise<AlbumRow> {
  assertScope(ctx.user, scope);
  const [row] = await ctx.db
    .select()
    .from(albums)
    .where(and(eq(albums.id, id), eq(albums.ownerId, ctx.user.id)))
    .limit(1);
  if (!row) throw notFound("Album");
  return row;
}
