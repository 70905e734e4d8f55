import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { albumImages, albums, type AlbumRow } from "../db/schema";
import { badRequest } from "../errors";
import { AlbumName } from "./album-input";
import { getAlbumRow } from "./get-album";

export const UpdateAlbumInput = z
  .object({ name: AlbumName.optional(), coverImageId: z.string().min(1).max(64).nullable().optional() })
  .refine((input) => input.name !== undefined || input.coverImageId !== undefined, "Send a name, a coverImageId, or both.");
export type UpdateAlbumInput = z.infer<typeof UpdateAlbumInput>;

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
