import "server-only";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { albums } from "../db/schema";
import { getAlbumRow } from "./get-album";

/** Deletes the album, its memberships and its share links (they cascade); the images stay. */
export async function deleteAlbum(ctx: ServiceContext, id: string): Promise<void> {
  const album = await getAlbumRow(ctx, id, "delete");
  await ctx.db.delete(albums).where(eq(albums.id, album.id));
}
