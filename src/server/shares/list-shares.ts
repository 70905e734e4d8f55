import "server-only";
import { and, asc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { images, shareImages, shares } from "../db/schema";
import { newestFirst, PageInput } from "../db/newest-first-page";
import type { ShareDto } from "./share-dto";
import { toShareDto } from "./to-share-dto";

export const ListSharesInput = PageInput;
export type ListSharesInput = PageInput;

/**
 * How many images each share still has and its first one's thumbnail, live: deleting an image
 * drops it from its shares (the share_images rows cascade). One query for the whole page.
 */
async function imagesOf(ctx: ServiceContext, shareIds: string[]): Promise<Map<string, { imageCount: number; thumbnailKey: string | null }>> {
  const byShare = new Map<string, { imageCount: number; thumbnailKey: string | null }>();
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

/** One page of the caller's shares, newest first; exported so a test can EXPLAIN exactly what runs. */
export function sharePageQuery(ctx: ServiceContext, input: ListSharesInput) {
  const page = newestFirst("shares-newest", shares.createdAt, shares.id, input);
  const query = ctx.db
    .select({ ...getTableColumns(shares), cursorKey: page.cursorKey })
    .from(shares)
    .where(and(eq(shares.ownerId, ctx.user.id), page.after))
    .orderBy(...page.orderBy)
    .limit(page.limit + 1);
  return { query, page };
}

/** The caller's share links in every state, newest first, keyset-paginated like images. */
export async function listShares(ctx: ServiceContext, input: ListSharesInput = {}): Promise<{ shares: ShareDto[]; nextCursor: string | null }> {
  assertScope(ctx.user, "share");
  const { query, page } = sharePageQuery(ctx, input);
  const { rows, nextCursor } = page.page(await query, (row) => row.id);
  const members = await imagesOf(ctx, rows.map((share) => share.id));
  return {
    shares: await Promise.all(rows.map((share) => toShareDto(ctx, share, members.get(share.id) ?? { imageCount: 0, thumbnailKey: null }))),
    nextCursor,
  };
}
