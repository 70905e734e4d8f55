import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertScope } from "../auth/caller-scopes";
import { images, shareImages, shares } from "../db/schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { hashSecret, newSecret } from "../tokens/token-secret";
import { ensureSharedRenditions } from "./ensure-shared-renditions";
import { shareExpiries, sharePath, type ShareDto } from "./share-dto";
import { toShareDto } from "./to-share-dto";
import { SHARE_PASSWORD_MIN_LENGTH } from "@/lib/share-password-rules";
import { albumMembers } from "../albums/album-members";
import { getAlbumRow } from "../albums/get-album";
import { hashSharePassword } from "./share-password";

export const SHARE_TOKEN_PREFIX = "pbs";

/** Images one share may hold; the public page shows them all, so this also bounds its read. */
export const MAX_SHARE_IMAGES = 100;
/** How many of an album's images a share link shows: the oldest additions first. */
export const ALBUM_SHARE_MAX_IMAGES = 1000;

export const CreateShareInput = z
  .object({
    imageIds: z.array(z.string().min(1).max(64)).min(1, "must list at least one image").max(MAX_SHARE_IMAGES, `must list at most ${MAX_SHARE_IMAGES} images`).optional(),
    /** An album's link instead of a fixed set: it shows what the album holds when opened. */
    albumId: z.string().min(1).max(64).optional(),
    expiresIn: z.enum(["1h", "1d", "7d", "never"]),
    password: z.string().min(SHARE_PASSWORD_MIN_LENGTH, `must be at least ${SHARE_PASSWORD_MIN_LENGTH} characters`).max(200).optional(),
  })
  .refine((input) => (input.imageIds === undefined) !== (input.albumId === undefined), "Send either imageIds or albumId.");
export type CreateShareInput = z.infer<typeof CreateShareInput>;

export interface CreatedShare {
  share: ShareDto;
  /** The link's secret; only its hash is stored, so this answer is the one place it appears. */
  token: string;
  /** `/s/{token}` */
  path: string;
  /** The full link when the server knows its public URL, else the path. */
  url: string;
}

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
