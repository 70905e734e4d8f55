import "server-only";
import { asc, count, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { albumImages, images, type ImageRow } from "../db/schema";

/**
 * The album's first `limit` members by addition: an index-only walk of
 * album_images_album_added_image_idx. Exported so a test can EXPLAIN exactly what runs.
 */
export function albumMemberIdsQuery(db: Database, albumId: string, limit: number) {
  return db
    .select({ imageId: albumImages.imageId })
    .from(albumImages)
    .where(eq(albumImages.albumId, albumId))
    .orderBy(asc(albumImages.addedAt), asc(albumImages.imageId))
    .limit(limit);
}

/**
 * An album's images in the order they were added, at most `limit` (a share page's bound). Two
 * steps on purpose: joined in one query, the planner may hash-join a scan of every image and sort;
 * ids first, then primary-key lookups, is bounded by the album's page at any library size.
 */
export async function albumMembers(db: Database, albumId: string, limit: number): Promise<ImageRow[]> {
  const ids = (await albumMemberIdsQuery(db, albumId, limit)).map((row) => row.imageId);
  if (ids.length === 0) return [];
  const byId = new Map((await db.select().from(images).where(inArray(images.id, ids))).map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many images the album holds (an index-only count on its membership key). */
export async function albumImageCount(db: Database, albumId: string): Promise<number> {
  const [row] = await db.select({ images: count() }).from(albumImages).where(eq(albumImages.albumId, albumId));
  return Number(row?.images ?? 0);
}
