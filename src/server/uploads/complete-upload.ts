import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { images, uploads, type ImageRow, type UploadRow } from "../db/schema";
import { AppError, conflict } from "../http/errors";
import { thumbnailKey } from "../storage/keys";
import { getUpload } from "./get-upload";
import { InvalidImageError, verifyStoredImage } from "./verify-image";

function assertCompletable(upload: UploadRow): void {
  if (upload.status === "completed") throw conflict("This upload was already completed.");
  if (upload.status === "rejected") throw conflict(`This upload was already refused: ${upload.rejectReason ?? "its bytes failed verification"}.`);
  if (upload.status === "aborted") throw conflict("This upload was cancelled or expired; start a new one.");
}

/** A refused upload leaves nothing behind: original and thumbnail go, the row says why. */
async function reject(ctx: ServiceContext, upload: UploadRow, reason: string): Promise<never> {
  await ctx.storage.deleteMany([upload.key, thumbnailKey(upload.ownerId, upload.id)]);
  await ctx.db
    .update(uploads)
    .set({ status: "rejected", rejectReason: reason })
    .where(and(eq(uploads.id, upload.id), eq(uploads.status, "pending")));
  throw new AppError("invalid_image", reason);
}

/**
 * Verifies what storage holds and only then indexes it. Verification runs outside any transaction
 * (PGlite serialises all queries); the final write claims the upload with `status = 'pending'`, so
 * of two racing completes exactly one wins and the other gets 409.
 */
export async function completeUpload(ctx: ServiceContext, uploadId: string): Promise<ImageRow> {
  const upload = await getUpload(ctx, uploadId);
  assertCompletable(upload);

  const head = await ctx.storage.head(upload.key);
  if (!head) throw conflict("No bytes have arrived for this upload yet; send them to the signed URL first.");

  let verified;
  try {
    verified = await ctx.runtime.verifyLimit(() =>
      verifyStoredImage(ctx.storage, {
        key: upload.key,
        storedSize: head.size,
        declaredSize: upload.declaredSize,
        declaredMd5: upload.declaredMd5,
        maxPixels: ctx.config.uploads.maxPixels,
      }),
    );
  } catch (error) {
    if (error instanceof InvalidImageError) return reject(ctx, upload, error.message);
    throw error;
  }

  const thumbKey = thumbnailKey(upload.ownerId, upload.id);
  await ctx.storage.put(thumbKey, verified.thumbnail, "image/webp");

  const image = await ctx.db.transaction(async (tx) => {
    const claimed = await tx
      .update(uploads)
      .set({ status: "completed" })
      .where(and(eq(uploads.id, upload.id), eq(uploads.status, "pending")))
      .returning({ id: uploads.id });
    if (claimed.length === 0) return null;
    const [row] = await tx
      .insert(images)
      .values({
        id: upload.id,
        ownerId: upload.ownerId,
        key: upload.key,
        name: upload.declaredName,
        type: verified.type,
        size: verified.size,
        width: verified.width,
        height: verified.height,
        checksum: verified.sha256,
        thumbnailKey: thumbKey,
        createdAt: ctx.now(),
      })
      .returning();
    return row ?? null;
  });
  if (!image) throw conflict("This upload was already completed.");
  ctx.logger.info({ uploadId: upload.id, type: image.type, size: image.size }, "upload completed");
  return image;
}
