import "server-only";
import { asc, eq, isNotNull, and, sql } from "drizzle-orm";
import type { PublicContext } from "../context";
import { images, shareImages, shares, type ImageRow } from "../db/schema";
import { albumMembers } from "../albums/album-members";
import { ALBUM_SHARE_MAX_IMAGES } from "./create-share";
import { MAX_SHARE_IMAGES } from "@/contract/shares";
import { ensureSharedRenditions } from "./ensure-shared-renditions";
import { AppError, notFound } from "../errors";
import { contentDisposition } from "@/lib/content-disposition";
import { checkSharePassword } from "./check-share-password";
import { unsafeGetActiveShare } from "./share-by-token";
import type { OpenedShareDto, ShareRow, SharedImageDto } from "./share-dto";
import { isUnlockCookieValid } from "./unlock-cookie";
import { sharedCopyType } from "./shared-copy-type";

/** Short on purpose: a revoked link's URLs already handed out stop working within minutes. */
const SHARED_URL_SECONDS = 600;

export interface OpenShareInput {
  token: string;
  /** The password, when the caller sends one (the API's `X-Share-Password`). */
  password?: string;
  /** The unlock cookie's value, when the caller has one (the share page after unlocking). */
  unlockCookie?: string;
  /** The caller's address, for the wrong-password limit. */
  address: string;
}

async function assertUnlocked(ctx: PublicContext, share: ShareRow, input: OpenShareInput): Promise<void> {
  if (!share.passwordHash || isUnlockCookieValid(ctx.config, share.id, input.unlockCookie, ctx.now())) return;
  if (input.password === undefined) throw new AppError("unauthorized", "This share link is protected by a password.");
  await checkSharePassword(ctx, share, input.password, input.address);
}

/** A share's images that have a shared copy, in the share's order on share_images_share_position_idx. */
export function sharedImagesQuery(db: PublicContext["db"], shareId: string) {
  return db
    .select({ name: images.name, type: images.type, width: images.width, height: images.height, sharedKey: images.sharedKey, sharedSize: images.sharedSize })
    .from(shareImages)
    .innerJoin(images, eq(images.id, shareImages.imageId))
    .where(and(eq(shareImages.shareId, shareId), isNotNull(images.sharedKey)))
    .orderBy(asc(shareImages.position))
    .limit(MAX_SHARE_IMAGES);
}

type SharedRow = Pick<ImageRow, "name" | "type" | "width" | "height" | "sharedKey" | "sharedSize">;

/** What the album holds now: images added since the link was made get their stripped copy first. */
async function albumRows(ctx: PublicContext, share: ShareRow): Promise<SharedRow[]> {
  let members = await albumMembers(ctx.db, share.albumId!, ALBUM_SHARE_MAX_IMAGES);
  if (members.some((member) => member.sharedKey === null)) {
    await ensureSharedRenditions(ctx, share.ownerId, members);
    members = await albumMembers(ctx.db, share.albumId!, ALBUM_SHARE_MAX_IMAGES);
  }
  return members.filter((member) => member.sharedKey !== null);
}

/**
 * Public: what a live share link shows, counted as one view. Only the stripped copies are signed,
 * and nothing in the answer names the owner, an object key or the image's metadata.
 */
export async function openShare(ctx: PublicContext, input: OpenShareInput): Promise<OpenedShareDto> {
  const share = await unsafeGetActiveShare(ctx, input.token);
  await assertUnlocked(ctx, share, input);

  const rows: SharedRow[] = share.albumId ? await albumRows(ctx, share) : await sharedImagesQuery(ctx.db, share.id);
  if (rows.length === 0 && !share.albumId) throw notFound("This share link"); // every image in it was deleted

  await ctx.db
    .update(shares)
    .set({ viewCount: sql`${shares.viewCount} + 1` })
    .where(eq(shares.id, share.id));

  const secondsLeft = share.expiresAt ? Math.ceil((share.expiresAt.getTime() - ctx.now().getTime()) / 1000) : Infinity;
  const expiresInSeconds = Math.max(1, Math.min(SHARED_URL_SECONDS, secondsLeft));
  const sharedImages = await Promise.all(
    rows.map(async (row): Promise<SharedImageDto> => {
      const key = row.sharedKey!;
      const type = sharedCopyType(key, row.type);
      const [view, download] = await Promise.all([
        ctx.storage.presignGet({ key, expiresInSeconds, responseContentType: type, responseContentDisposition: contentDisposition("inline", row.name, type) }),
        ctx.storage.presignGet({ key, expiresInSeconds, responseContentType: type, responseContentDisposition: contentDisposition("attachment", row.name, type) }),
      ]);
      return { name: row.name, type, size: row.sharedSize ?? 0, width: row.width, height: row.height, url: view.url, downloadUrl: download.url };
    }),
  );
  return { expiresAt: share.expiresAt?.toISOString() ?? null, images: sharedImages };
}
