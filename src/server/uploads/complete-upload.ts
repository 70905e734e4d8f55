import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertScope } from "../auth/caller-scopes";
import { images, uploads, type ImageRow, type UploadRow } from "../db/schema";
import { AppError, conflict, unavailable } from "../errors";
import { verifiedImageColumns } from "../images/verified-image-columns";
import { getMetrics, type RejectReason } from "../metrics/metrics";
import { normalizeEtag } from "../storage/etag";
import { previewKey, thumbnailKey } from "../storage/keys";
import { adjustUsage } from "../usage/adjust-usage";
import { discardUploadObjects } from "./abort-upload";
import { getUpload } from "./get-upload";
import { partLength, planParts } from "./multipart-plan";
import { SpoolError, StorageReadError } from "./read-stored-bytes";
import { InvalidImageError, verifyStoredImage } from "./verify-image";
import { findDuplicateByChecksum, type DuplicateOf } from "./find-duplicates";
import { lockUsage } from "../usage/lock-usage";
import { CompleteUploadInput } from "@/contract/uploads";

/** A completed upload is an image, or — when the library already held these bytes — the image it repeats. */
export type CompletedUpload = { image: ImageRow } | { duplicateOf: DuplicateOf };


/**
 * Joins a multipart upload from what storage says it holds, never from the client's word alone:
 * every part must be there with its planned length, and any ETag the client reports must match.
 * A missing part answers 409 and leaves the upload open, so the client can send it and retry.
 */
async function assembleParts(ctx: ServiceContext, upload: UploadRow, claimed: { partNumber: number; etag: string }[] | undefined): Promise<void> {
  const key = upload.key;
  const multipartUploadId = upload.multipartUploadId!;
  let stored;
  try {
    stored = await ctx.storage.listParts({ key, uploadId: multipartUploadId });
  } catch (error) {
    // Already assembled by an earlier (or concurrent) complete: the object is there, go on to verify it.
    if (await ctx.storage.head(key)) return;
    throw error;
  }
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const { partCount } = planParts(upload.declaredSize, upload.partSize!);
  for (let partNumber = 1; partNumber <= partCount; partNumber += 1) {
    const part = byNumber.get(partNumber);
    if (!part) throw conflict(`Part ${partNumber} of ${partCount} has not been uploaded yet; send it and complete again.`);
    if (part.size !== partLength(upload.declaredSize, upload.partSize!, partNumber)) {
      return reject(ctx, upload, `Part ${partNumber} has ${part.size} bytes, not the ${partLength(upload.declaredSize, upload.partSize!, partNumber)} planned.`, "parts");
    }
  }
  for (const part of claimed ?? []) {
    const actual = byNumber.get(part.partNumber);
    // Storage's ETags come unquoted; the client's is what an HTTP header said, quotes and all.
    if (!actual || actual.etag !== normalizeEtag(part.etag)) {
      throw conflict(`Part ${part.partNumber} in storage is not the one you sent (ETag differs); upload it again.`);
    }
  }
  const parts = [...byNumber.values()].filter((part) => part.partNumber <= partCount).sort((a, b) => a.partNumber - b.partNumber);
  await ctx.storage.completeMultipart({ key, uploadId: multipartUploadId, parts });
}

function assertCompletable(upload: UploadRow): void {
  if (upload.status === "completed") throw conflict("This upload was already completed.");
  if (upload.status === "rejected") throw conflict(`This upload was already refused: ${upload.rejectReason ?? "its bytes failed verification"}.`);
  if (upload.status === "aborted") throw conflict("This upload was cancelled or expired; start a new one.");
}

/** A refused upload leaves nothing behind: original and thumbnail go, the row says why. */
async function reject(ctx: ServiceContext, upload: UploadRow, reason: string, metricReason: RejectReason): Promise<never> {
  await discardUploadObjects(ctx, upload);
  getMetrics().uploadsRejected.inc({ reason: metricReason });
  await ctx.db
    .update(uploads)
    .set({ status: "rejected", rejectReason: reason })
    .where(and(eq(uploads.id, upload.id), eq(uploads.status, "pending")));
  throw new AppError("invalid_image", reason);
}

/**
 * Verifies what storage holds and only then indexes it. Verification runs outside any transaction
 * (PGlite serialises all queries); the final write claims the upload with `status = 'pending'`, so
 * of two racing completes exactly one wins and the other gets 409. Bytes the caller's library
 * already holds (same SHA-256) are removed again unless the upload allowed a duplicate; the
 * check runs under the account's usage lock, so two copies completing at once keep one.
 */
export async function completeUpload(ctx: ServiceContext, uploadId: string, input: CompleteUploadInput = {}): Promise<CompletedUpload> {
  assertScope(ctx.user, "upload");
  const { parts } = CompleteUploadInput.parse(input);
  const upload = await getUpload(ctx, uploadId);
  assertCompletable(upload);
  if (upload.multipartUploadId) await assembleParts(ctx, upload, parts);

  let verified;
  try {
    verified = await ctx.verifyLimit(async () => {
      // Opened inside the limit: a stream left waiting in the queue could time out at storage.
      const stored = await ctx.storage.openRead(upload.key);
      if (!stored) throw conflict("No bytes have arrived for this upload yet; send them to the signed URL first.");
      const stopTimer = getMetrics().verificationSeconds.startTimer();
      return verifyStoredImage(stored, {
        declaredSize: upload.declaredSize,
        declaredMd5: upload.declaredMd5,
        maxPixels: ctx.config.uploads.maxPixels,
        // What went up in one PUT is verified from memory (bounded by the threshold times the
        // verify concurrency); what went up in parts is spooled to disk, however large.
        inMemoryMaxBytes: ctx.config.uploads.multipart.thresholdBytes,
      }).finally(stopTimer);
    });
  } catch (error) {
    // If the sweeper (or a cancel) settled the upload meanwhile, its bytes vanished under us: say so.
    assertCompletable(await getUpload(ctx, upload.id));
    if (error instanceof InvalidImageError) return reject(ctx, upload, error.message, error.reason);
    if (error instanceof StorageReadError || error instanceof SpoolError) {
      // The bytes are fine and stay where they are; the upload stays pending for another try.
      ctx.logger.warn({ err: error, uploadId: upload.id }, "verification could not read the upload");
      throw unavailable("The server could not read the upload back to check it; nothing was lost. Complete it again in a moment.");
    }
    throw error;
  }

  const thumbKey = thumbnailKey(upload.ownerId, upload.id);
  const shownKey = verified.preview ? previewKey(upload.ownerId, upload.id) : null;
  await Promise.all([
    ctx.storage.put(thumbKey, verified.thumbnail, "image/webp"),
    ...(verified.preview && shownKey ? [ctx.storage.put(shownKey, verified.preview, "image/webp")] : []),
  ]);

  const outcome = await withTransaction(ctx, async ({ db: tx }): Promise<CompletedUpload | null> => {
    await lockUsage(tx, upload.ownerId);
    const duplicateOf = upload.allowDuplicate ? null : await findDuplicateByChecksum(tx, upload.ownerId, verified.sha256);
    const claimed = await tx
      .update(uploads)
      .set(duplicateOf ? { status: "rejected", rejectReason: `The library already holds these bytes as ${duplicateOf.name} (${duplicateOf.id}).` } : { status: "completed" })
      .where(and(eq(uploads.id, upload.id), eq(uploads.status, "pending")))
      .returning({ id: uploads.id });
    if (claimed.length === 0) return null;
    if (duplicateOf) return { duplicateOf };
    const [row] = await tx
      .insert(images)
      .values({
        id: upload.id,
        ownerId: upload.ownerId,
        key: upload.key,
        name: upload.declaredName,
        ...verifiedImageColumns(verified),
        // Storage refused any other bytes for a single PUT bound to this MD5; parts carry none.
        md5: upload.multipartUploadId ? null : upload.declaredMd5,
        thumbnailKey: thumbKey,
        previewKey: shownKey,
        createdAt: ctx.now(),
      })
      .returning();
    if (row) await adjustUsage(tx, row.ownerId, { images: 1, bytes: row.size });
    return row ? { image: row } : null;
  });
  if (!outcome) {
    // Someone else settled it meanwhile. If that was the sweeper aborting it, our thumbnail is a stray.
    const current = await getUpload(ctx, upload.id);
    if (current.status !== "completed") await ctx.storage.deleteMany([thumbKey, ...(shownKey ? [shownKey] : [])]);
    throw conflict(current.status === "completed" ? "This upload was already completed." : `This upload was ${current.status} meanwhile.`);
  }
  if ("duplicateOf" in outcome) {
    await discardUploadObjects(ctx, upload);
    getMetrics().uploadsRejected.inc({ reason: "duplicate" });
    ctx.logger.info({ uploadId: upload.id, duplicateOf: outcome.duplicateOf.id }, "upload repeated an image; removed");
    return outcome;
  }
  getMetrics().uploadsCompleted.inc();
  ctx.logger.info({ uploadId: upload.id, type: outcome.image.type, size: outcome.image.size }, "upload completed");
  return outcome;
}
