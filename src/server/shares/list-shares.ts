import "server-only";
import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { images, shareImages, shares } from "../db/schema";
import { albumImageCount, albumMembers } from "../albums/album-members";
import { ALBUM_SHARE_MAX_IMAGES } from "./create-share";
import { newestFirst } from "../db/newest-first-page";
import type { ShareDto, ShareRow } from "./share-dto";
import { toShareDto } from "./to-share-dto";
import { ListSharesInput } from "@/contract/shares";

/**
 * How many images each share of a page still has and its first one's thumbnail, live: deleting an
 * image drops it from its shares (the share_images rows cascade). One query for the whole page,
 * two correlated lookups per share (a count on the share's key, the first by position on
 * share_images_share_position_idx), so neither reads more than that share's rows nor sorts.
 * Exported so a test can EXPLAIN exactly what runs.
 */
export function shareMembersQuery(ctx: ServiceContext, shareIds: string[]) {
  const members = (select: SQL, tail: SQL) => sql`(select ${select} from ${shareImages} inner join ${images} on ${images.id} = ${shareImages.imageId}
    where ${shareImages.shareId} = page.id and ${images.ownerId} = ${ctx.user.id} ${tail})`;
  return ctx.db
    .select({
      shareId: sql<string>`page.id`,
      imageCount: sql<number>`${members(sql`count(*)`, sql``)}::int`.mapWith(Number),
      thumbnailKey: sql<string | null>`${members(sql`${images.thumbnailKey}`, sql`order by ${shareImages.position} limit 1`)}`,
    })
    .from(sql`unnest(array[${sql.join(shareIds.map((id) => sql`${id}`), sql`, `)}]::text[]) as page(id)`);
}

async function imagesOf(ctx: ServiceContext, page: ShareRow[]): Promise<Map<string, { imageCount: number; thumbnailKey: string | null }>> {
  const byShare = new Map<string, { imageCount: number; thumbnailKey: string | null }>();
  for (const share of page.filter((candidate) => candidate.albumId)) {
    // An album's link shows what the album holds: its count and first image, like the album's own page.
    const [imageCount, [first]] = await Promise.all([albumImageCount(ctx.db, share.albumId!), albumMembers(ctx.db, share.albumId!, 1)]);
    byShare.set(share.id, { imageCount: Math.min(imageCount, ALBUM_SHARE_MAX_IMAGES), thumbnailKey: first?.thumbnailKey ?? null });
  }
  const shareIds = page.filter((share) => !share.albumId).map((share) => share.id);
  if (shareIds.length === 0) return byShare;
  for (const row of await shareMembersQuery(ctx, shareIds)) byShare.set(row.shareId, { imageCount: row.imageCount, thumbnailKey: row.thumbnailKey });
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
  const members = await imagesOf(ctx, rows);
  return {
    shares: await Promise.all(rows.map((share) => toShareDto(ctx, share, members.get(share.id) ?? { imageCount: 0, thumbnailKey: null }))),
    nextCursor,
  };
}
