/** Share links: made by an owner, opened by anyone holding the link. */
import { z } from "zod";
import { SHARE_PASSWORD_MIN_LENGTH } from "@/lib/share-password-rules";
import { Id, NextCursor, PageQuery, Timestamp } from "./common";

export const MAX_SHARE_IMAGES = 100;

export const shareExpiryChoices = ["1h", "1d", "7d", "never"] as const;
export const ShareExpiry = z.enum(shareExpiryChoices);
export type ShareExpiry = z.infer<typeof ShareExpiry>;

export const ShareState = z.enum(["active", "expired", "revoked"]);
export type ShareState = z.infer<typeof ShareState>;

/**
 * A share link as its owner sees it. The link itself is not here: only its hash is stored, so the
 * full URL exists in the create answer alone.
 */
export const ShareDto = z
  .object({
    id: Id,
    state: ShareState,
    imageCount: z.number().int(),
    /** The first image's thumbnail (a short-lived signed GET), null when every image was deleted. */
    thumbnailUrl: z.string().nullable(),
    viewCount: z.number().int(),
    hasPassword: z.boolean(),
    expiresAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "Share" });
export type ShareDto = z.infer<typeof ShareDto>;

export const CreateShareInput = z
  .object({
    imageIds: z.array(Id).min(1, "must list at least one image").max(MAX_SHARE_IMAGES, `must list at most ${MAX_SHARE_IMAGES} images`).optional(),
    /** An album's link instead of a fixed set: it shows what the album holds when opened. */
    albumId: Id.optional(),
    expiresIn: ShareExpiry,
    password: z.string().min(SHARE_PASSWORD_MIN_LENGTH, `must be at least ${SHARE_PASSWORD_MIN_LENGTH} characters`).max(200).optional(),
  })
  .refine((input) => (input.imageIds === undefined) !== (input.albumId === undefined), "Send either imageIds or albumId.");
export type CreateShareInput = z.infer<typeof CreateShareInput>;

export const CreatedShare = z.object({
  share: ShareDto,
  /** The link's secret; only its hash is stored, so this answer is the one place it appears. */
  token: z.string(),
  /** `/s/{token}` */
  path: z.string(),
  /** The full link when the server knows its public URL, else the path. */
  url: z.string(),
});
export type CreatedShare = z.infer<typeof CreatedShare>;

export const ListSharesInput = PageQuery;
export type ListSharesInput = z.input<typeof ListSharesInput>;

export const SharePage = z.object({ shares: z.array(ShareDto), nextCursor: NextCursor });
export type SharePage = z.infer<typeof SharePage>;

/** One image as a share link shows it: the stripped copy, with nothing that points back at its owner. */
export const SharedImageDto = z.object({
  name: z.string(),
  type: z.string(),
  /** Bytes of the shared copy (not the original). */
  size: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  /** A short-lived signed GET for viewing inline. */
  url: z.string(),
  /** A short-lived signed GET that saves under the original file name. */
  downloadUrl: z.string(),
});
export type SharedImageDto = z.infer<typeof SharedImageDto>;

/** What `/s/{token}` and `GET /api/public/shares/{token}` show. */
export const OpenedShareDto = z.object({ expiresAt: Timestamp.nullable(), images: z.array(SharedImageDto) }).meta({ id: "OpenedShare" });
export type OpenedShareDto = z.infer<typeof OpenedShareDto>;

export const OpenedShareAnswer = z.object({ share: OpenedShareDto });

export const ShareTokenParams = z.object({ token: z.string().min(1).max(200) });

export const UnlockShareInput = z.object({ password: z.string().min(1, "is required").max(200) });
export type UnlockShareInput = z.infer<typeof UnlockShareInput>;

export const UnlockedShare = z.object({ unlockedUntil: Timestamp });
