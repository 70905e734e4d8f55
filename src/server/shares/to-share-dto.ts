import "server-only";
import type { ServiceContext } from "../context";
import { shareState, type ShareDto, type ShareRow } from "./share-dto";

/** The owner's view of a share; the thumbnail is the owner's own, signed like the gallery's. */
export async function toShareDto(ctx: ServiceContext, share: ShareRow, images: { imageCount: number; thumbnailKey: string | null }): Promise<ShareDto> {
  const thumbnail = images.thumbnailKey
    ? await ctx.storage.presignGet({ key: images.thumbnailKey, expiresInSeconds: ctx.config.images.viewUrlExpiresInSeconds, responseContentType: "image/webp" })
    : null;
  return {
    id: share.id,
    state: shareState(share, ctx.now()),
    imageCount: images.imageCount,
    thumbnailUrl: thumbnail?.url ?? null,
    viewCount: share.viewCount,
    hasPassword: share.passwordHash !== null,
    expiresAt: share.expiresAt?.toISOString() ?? null,
    revokedAt: share.revokedAt?.toISOString() ?? null,
    createdAt: share.createdAt.toISOString(),
  };
}
