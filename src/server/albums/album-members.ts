import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { albumImages, images, type ImageRow } from "../db/schema";

/** An album's images in the order they were added, at most `limit` (a share page's bound). */
export async function albumMembers(db: Database, albumId: string, limit: number): Promise<ImageRow[]> {
  const rows = await db
    .select({ image: images })
    .from(albumImages)
    .innerJoin(images, eq(images.id, albumImages.imageId))
    .where(eq(albumImages.albumId, albumId))
    .orderBy(asc(albumImages.addedAt), asc(albumImages.imageId))
    .limit(limit);
  return rows.map((row) => row.image);
}

/** How many images the album holds (an index-only count on its membership key). */
export async function albumImageCount(db: Database, albumId: string): Promise<number> {
  const [row] = await db.select({ images: count() }).from(albumImages).where(eq(albumImages.albumId, albumId));
  return Number(row?.images ?? 0);
}
