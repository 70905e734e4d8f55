import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { uploads, type UploadRow } from "../db/schema";
import { conflict } from "../errors";
import { previewKey, thumbnailKey } from "../storage/keys";
import { getUpload } from "./get-upload";

/** Removes everything a pending upload may have put in storage; idempotent. */
export async function discardUploadObjects(ctx: Pick<ServiceContext, "storage">, upload: UploadRow): Promise<void> {
  if (upload.multipartUploadId) await ctx.storage.abortMultipart({ key: upload.key, uploadId: upload.multipartUploadId });
  await ctx.storage.deleteMany([upload.key, thumbnailKey(upload.ownerId, upload.id), previewKey(upload.ownerId, upload.id)]);
}

/** Cancels the caller's pending upload: storage is cleaned first, then the row says aborted. */
export async function abortUpload(ctx: ServiceContext, id: string): Promise<void> {
  assertScope(ctx.user, "upload");
  const upload = await getUpload(ctx, id);
  if (upload.status === "completed") throw conflict("This upload was completed; delete the image instead.");
  if (upload.status !== "pending") return; // already rejected or aborted: nothing left to remove
  await discardUploadObjects(ctx, upload);
  await ctx.db
    .update(uploads)
    .set({ status: "aborted" })
    .where(and(eq(uploads.id, upload.id), eq(uploads.status, "pending")));
}
