import "server-only";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { albumImages, images, type AlbumRow } from "../db/schema";
import type { AlbumDto } from "@/contract/albums";

export type { AlbumDto } from "@/contract/albums";

/**
 * A page of albums with their counts and covers, in two queries for the whole page: counts from
 * the membership key, covers from the chosen image or else the newest addition.
 */
export async function toAlbumDtos(ctx: ServiceContext, rows: AlbumRow[]): Promise<AlbumDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const counts = await ctx.db.select({ albumId: albumImages.albumId, images: count() }).from(albumImages).where(inArray(albumImages.albumId, ids)).groupBy(albumImages.albumId);
  const newest = await ctx.db
    .selectDistinctOn([albumImages.albumId], { albumId: albumImages.albumId, thumbnailKey: images.thumbnailKey })
    .from(albumImages)
    .innerJoin(images, eq(images.id, albumImages.imageId))
    .where(inArray(albumImages.albumId, ids))
    .orderBy(albumImages.albumId, desc(albumImages.addedAt), desc(albumImages.imageId));
  // A chosen cover is always a member: removing it from the album clears the choice.
  const chosenIds = rows.flatMap((row) => (row.coverImageId ? [row.coverImageId] : []));
  const chosen = chosenIds.length
    ? await ctx.db.select({ id: images.id, thumbnailKey: images.thumbnailKey }).from(images).where(and(inArray(images.id, chosenIds), eq(images.ownerId, ctx.user.id)))
    : [];
  const countOf = new Map(counts.map((row) => [row.albumId, Number(row.images)]));
  const newestOf = new Map(newest.map((row) => [row.albumId, row.thumbnailKey]));
  const chosenOf = new Map(chosen.map((row) => [row.id, row.thumbnailKey]));
  const coverOf = (row: AlbumRow) => (row.coverImageId ? chosenOf.get(row.coverImageId) : undefined) ?? newestOf.get(row.id);
  return Promise.all(
    rows.map(async (row) => {
      const cover = coverOf(row);
      const signed = cover ? await ctx.storage.presignGet({ key: cover, expiresInSeconds: ctx.config.images.viewUrlExpiresInSeconds, responseContentType: "image/webp" }) : null;
      return {
        id: row.id,
        name: row.name,
        imageCount: countOf.get(row.id) ?? 0,
        coverThumbnailUrl: signed?.url ?? null,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    }),
  );
}

export async function toAlbumDto(ctx: ServiceContext, row: AlbumRow): Promise<AlbumDto> {
  return (await toAlbumDtos(ctx, [row]))[0]!;
}
