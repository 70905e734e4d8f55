import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { isAllowedImageType } from "@/lib/image-types";
import type { PublicContext } from "../context";
import { images, type ImageRow } from "../db/schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { sharedRenditionKey } from "../storage/keys";
import { withOriginalBytes } from "../images/with-original-bytes";
import { renderStrippedCopy } from "./render-stripped-copy";
import { sharedCopyType } from "./shared-copy-type";

/** Makes the stripped copy of one image and records it; the first writer wins a race. */
async function ensureOne(ctx: PublicContext, image: ImageRow): Promise<string> {
  if (!isAllowedImageType(image.type)) throw new Error(`image ${image.id} has an unexpected type ${image.type}`);
  const type = image.type;
  const copy = await withOriginalBytes(ctx, image.key, (input) => renderStrippedCopy(input, type, ctx.config.uploads.maxPixels));
  if (!copy) throw notFound("Image");
  const key = sharedRenditionKey(newId(), copy.extension);
  await ctx.storage.put(key, copy.bytes, sharedCopyType(key, type));
  const [recorded] = await ctx.db
    .update(images)
    .set({ sharedKey: key, sharedSize: copy.bytes.length })
    .where(and(eq(images.id, image.id), eq(images.ownerId, image.ownerId), isNull(images.sharedKey)))
    .returning({ sharedKey: images.sharedKey });
  if (recorded?.sharedKey === key) return key;

  // Someone else recorded a copy first, or the image was deleted meanwhile: ours is a stray.
  await ctx.storage.delete(key);
  const [current] = await ctx.db.select({ sharedKey: images.sharedKey }).from(images).where(eq(images.id, image.id));
  if (!current?.sharedKey) throw notFound("Image");
  return current.sharedKey;
}

/**
 * Gives each of the owner's images a metadata-stripped copy for share links, made once, the first
 * time the image is shared (see docs/decisions/0005-share-links.md). Originals are never touched.
 * An album's link also calls it when opened, for images added since: hence the owner is named,
 * not taken from a caller.
 */
export async function ensureSharedRenditions(ctx: PublicContext, ownerId: string, rows: ImageRow[]): Promise<void> {
  await Promise.all(rows.filter((row) => row.sharedKey === null && row.ownerId === ownerId).map((row) => ensureOne(ctx, row)));
}
