import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { albumImages, albums, type AlbumRow } from "../db/schema";
import { badRequest } from "../errors";
import { UpdateAlbumInput } from "@/contract/albums";
import { getAlbumRow } from "./get-album";

/** Renames an album and/or picks its cover, which must be one of its images (null: the newest addition). */
export async function updateAlbum(ctx: ServiceContext, id: string, input: UpdateAlbumInput): Promise<AlbumRow> {
  const { name, coverImageId } = UpdateAlbumInput.parse(input);
  const album = await getAlbumRow(ctx, id, "upload");
  if (coverImageId) {
    const [member] = await ctx.db
      .select({ imageId: albumImages.imageId })
      .from(albumImages)
      .where(and(eq(albumImages.albumId, album.id), eq(albumImages.imageId, coverImageId)));
    if (!member) throw badRequest("The cover must be one of the album's images; add it to the album first.");
  }
  const [row] = await ctx.db
    .update(albums)
    .set({ ...(name !== undefined ? { name } : {}), ...(coverImageId !== undefined ? { coverImageId } : {}), updatedAt: ctx.now() })
    .where(eq(albums.id, album.id))
    .returning();
  return row ?? album;
}
