import "server-only";
import { readFile } from "node:fs/promises";
import { and, eq, isNull } from "drizzle-orm";
import { isHeifType } from "@/lib/image-types";
import type { ServiceContext } from "../context";
import { images, type ImageRow } from "../db/schema";
import { conflict, unavailable } from "../errors";
import { previewKey } from "../storage/keys";
import { SpoolError, StorageReadError } from "../uploads/read-stored-bytes";
import { withOriginalBytes } from "./with-original-bytes";
import { decodeHeic } from "./heic/decode-heic";
import { getImageRow } from "./get-image";
import { renderPreviewOf, renderPreviewOfPixels } from "./render-preview";

/**
 * Previews are made on first view, not at verification, for everything but HEIC: drawing one
 * costs about as much CPU again as verification itself (the upload's bottleneck on a small
 * machine), and most photos of a big upload are never opened. HEIC gets its preview while its
 * pixels are decoded for the thumbnail anyway. Two first views at once both draw it and put the
 * same key; the row records it once.
 */
async function renderFromOriginal(ctx: ServiceContext, image: ImageRow): Promise<Buffer> {
  const preview = await withOriginalBytes(ctx, image.key, async (original) => {
    if (!isHeifType(image.type)) return renderPreviewOf(original, ctx.config.uploads.maxPixels);
    const { width, height, rgba } = await decodeHeic(typeof original === "string" ? await readFile(original) : original, ctx.config.uploads.maxPixels);
    return renderPreviewOfPixels(rgba, width, height);
  });
  if (!preview) throw conflict("The original of this image is missing from storage; it cannot be shown.");
  return preview;
}

/** The key of the image's preview, drawing and storing it first if this is its first view. */
export async function ensurePreview(ctx: ServiceContext, id: string): Promise<ImageRow> {
  const image = await getImageRow(ctx, id);
  if (image.previewKey) return image;
  let preview: Buffer;
  try {
    preview = await renderFromOriginal(ctx, image);
  } catch (error) {
    if (error instanceof StorageReadError || error instanceof SpoolError) {
      ctx.logger.warn({ err: error, imageId: image.id }, "preview could not read the original");
      throw unavailable("The server could not read the original to draw its preview; try again in a moment.");
    }
    throw error;
  }
  const key = previewKey(image.ownerId, image.id);
  await ctx.storage.put(key, preview, "image/webp");
  const [updated] = await ctx.db
    .update(images)
    .set({ previewKey: key })
    .where(and(eq(images.id, image.id), isNull(images.previewKey)))
    .returning();
  return updated ?? { ...image, previewKey: key };
}
