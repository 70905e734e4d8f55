import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { albumImages, albums, images } from "../db/schema";
import { AlbumImagesInput } from "@/contract/albums";
import { getAlbumRow } from "./get-album";

/** Adds the caller's images among `imageIds` to the album; already there or not theirs: not counted. */
export async function addAlbumImages(ctx: ServiceContext, albumId: string, input: AlbumImagesInput): Promise<number> {
  const { imageIds } = AlbumImagesInput.parse(input);
  const album = await getAlbumRow(ctx, albumId, "upload");
  const now = ctx.now();
  return withTransaction(ctx, async ({ db: tx }) => {
    const owned = await tx
      .select({ id: images.id })
      .from(images)
      .where(and(inArray(images.id, [...new Set(imageIds)]), eq(images.ownerId, ctx.user.id)));
    if (owned.length === 0) return 0;
    const added = await tx
      .insert(albumImages)
      .values(owned.map((image) => ({ albumId: album.id, imageId: image.id, addedAt: now })))
      .onConflictDoNothing()
      .returning({ imageId: albumImages.imageId });
    if (added.length > 0) await tx.update(albums).set({ updatedAt: now }).where(eq(albums.id, album.id));
    return added.length;
  });
}

/** Takes images out of the album (they stay in the library). */
export async function removeAlbumImages(ctx: ServiceContext, albumId: string, input: AlbumImagesInput): Promise<number> {
  const { imageIds } = AlbumImagesInput.parse(input);
  const album = await getAlbumRow(ctx, albumId, "upload");
  return withTransaction(ctx, async ({ db: tx }) => {
    const removed = await tx
      .delete(albumImages)
      .where(and(eq(albumImages.albumId, album.id), inArray(albumImages.imageId, [...new Set(imageIds)])))
      .returning({ imageId: albumImages.imageId });
    if (removed.length > 0) {
      const gone = new Set(removed.map((row) => row.imageId));
      await tx
        .update(albums)
        .set({ updatedAt: ctx.now(), ...(album.coverImageId && gone.has(album.coverImageId) ? { coverImageId: null } : {}) })
        .where(eq(albums.id, album.id));
    }
    return removed.length;
  });
}
