import "server-only";
import { and, asc, desc, eq, getTableColumns, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { images, shareImages, shares } from "../db/schema";
import { albumImageCount, albumMembers } from "../albums/album-members";
import { ALBUM_SHARE_MAX_IMAGES } from "./create-share";
import { keyAsText, rowsAfter } from "../db/keyset";
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "../images/page-cursor";
import type { ShareDto, ShareRow } from "./share-dto";
import { toShareDto } from "./to-share-dto";

export const ListSharesInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(60),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
});
export type ListSharesInput = z.input<typeof ListSharesInput>;

/**
 * How many images each share still has and its first one's thumbnail, live: deleting an image
 * drops it from its shares (the share_images rows cascade). One query for the whole page.
 */
async function imagesOf(ctx: ServiceContext, page: ShareRow[]): Promise<Map<string, { imageCount: number; thumbnailKey: string | null }>> {
  const byShare = new Map<string, { imageCount: number; thumbnailKey: string | null }>();
  const shareIds = page.filter((share) => !share.albumId).map((share) => share.id);
  for (const share of page.filter((candidate) => candidate.albumId)) {
    // An album's link shows what the album holds: its count and first image, like the album's own page.
    const [imageCount, [first]] = await Promise.all([albumImageCount(ctx.db, share.albumId!), albumMembers(ctx.db, share.albumId!, 1)]);
    byShare.set(share.id, { imageCount: Math.min(imageCount, ALBUM_SHARE_MAX_IMAGES), thumbnailKey: first?.thumbnailKey ?? null });
  }
  if (shareIds.length === 0) return byShare;
  const rows = await ctx.db
    .select({ shareId: shareImages.shareId, thumbnailKey: images.thumbnailKey })
    .from(shareImages)
    .innerJoin(images, eq(images.id, shareImages.imageId))
    .where(and(inArray(shareImages.shareId, shareIds), eq(images.ownerId, ctx.user.id)))
    .orderBy(asc(shareImages.shareId), asc(shareImages.position));
  for (const row of rows) {
    const entry = byShare.get(row.shareId);
    if (entry) entry.imageCount += 1;
    else byShare.set(row.shareId, { imageCount: 1, thumbnailKey: row.thumbnailKey });
  }
  return byShare;
}

const SCOPE = { sort: "shares-newest", filters: "" };

/** The caller's share links in every state, newest first, keyset-paginated like images. */
export async function listShares(ctx: ServiceContext, input: ListSharesInput = {}): Promise<{ shares: ShareDto[]; nextCursor: string | null }> {
  assertScope(ctx.user, "share");
  const { limit, cursor } = ListSharesInput.parse(input);
  const conditions: (SQL | undefined)[] = [eq(shares.ownerId, ctx.user.id)];
  if (cursor) conditions.push(rowsAfter(shares.createdAt, shares.id, decodeCursor(cursor, SCOPE), "timestamptz", "desc"));
  const rows = await ctx.db
    .select({ ...getTableColumns(shares), cursorKey: keyAsText(shares.createdAt) })
    .from(shares)
    .where(and(...conditions))
    .orderBy(desc(shares.createdAt), desc(shares.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const members = await imagesOf(ctx, page);
  return {
    shares: await Promise.all(page.map((share) => toShareDto(ctx, share, members.get(share.id) ?? { imageCount: 0, thumbnailKey: null }))),
    nextCursor: rows.length > limit && last ? encodeCursor(SCOPE, { key: last.cursorKey, id: last.id }) : null,
  };
}
