import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertScope } from "../auth/caller-scopes";
import { images, shareImages, shares } from "../db/schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { hashSecret, newSecret } from "../tokens/token-secret";
import { ensureSharedRenditions } from "./ensure-shared-renditions";
import { shareExpiries, sharePath } from "./share-dto";
import { toShareDto } from "./to-share-dto";
import { albumMembers } from "../albums/album-members";
import { getAlbumRow } from "../albums/get-album";
import { hashSharePassword } from "./share-password";
import { CreateShareInput, CreatedShare } from "@/contract/shares";

export const SHARE_TOKEN_PREFIX = "pbs";

/** How many of an album's images a share link shows: the oldest additions first. */
export const ALBUM_SHARE_MAX_IMAGES = 1000;

/**
 * Shares some of the caller's images (all must be theirs, else 404, as for an unknown id). Each
 * image gets its metadata-stripped copy first, so the link works the moment it is handed out.
 */
export async function createShare(ctx: ServiceContext, input: CreateShareInput): Promise<CreatedShare> {
  assertScope(ctx.user, "share");
  const { imageIds, albumId, expiresIn, password } = CreateShareInput.parse(input);
  const album = albumId ? await getAlbumRow(ctx, albumId, "share") : null;
  const ids = [...new Set(imageIds ?? [])];
  const rows = album
    ? await albumMembers(ctx.db, album.id, ALBUM_SHARE_MAX_IMAGES)
    : await ctx.db
        .select()
        .from(images)
        .where(and(inArray(images.id, ids), eq(images.ownerId, ctx.user.id)));
  if (!album && rows.length !== ids.length) throw notFound(ids.length === 1 ? "Image" : "One of the images");

  await ensureSharedRenditions(ctx, ctx.user.id, rows);
  const token = newSecret(SHARE_TOKEN_PREFIX);
  const passwordHash = password ? await hashSharePassword(password) : null;
  const now = ctx.now();
  const lifetimeSeconds = shareExpiries[expiresIn];
  const share = await withTransaction(ctx, async ({ db: tx }) => {
    const [row] = await tx
      .insert(shares)
      .values({
        id: newId(),
        ownerId: ctx.user.id,
        tokenHash: hashSecret(token),
        passwordHash,
        expiresAt: lifetimeSeconds === null ? null : new Date(now.getTime() + lifetimeSeconds * 1000),
        albumId: album?.id ?? null,
        createdAt: now,
      })
      .returning();
    if (ids.length > 0) await tx.insert(shareImages).values(ids.map((imageId, position) => ({ shareId: row!.id, imageId, position })));
    return row!;
  });

  const first = album ? rows[0] : rows.find((row) => row.id === ids[0]);
  const path = sharePath(token);
  return {
    share: await toShareDto(ctx, share, { imageCount: rows.length, thumbnailKey: first?.thumbnailKey ?? null }),
    token,
    path,
    url: `${ctx.config.publicUrl ?? ""}${path}`,
  };
}
