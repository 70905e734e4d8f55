import "server-only";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import type { UploadRow } from "../db/schema";
import { badRequest, conflict } from "../errors";
import { getUpload } from "./get-upload";
import { partLength, planParts } from "./multipart-plan";
import { SignPartsInput } from "@/contract/uploads";

/** The caller's pending multipart upload, or a clear 4xx saying why it can't take parts. */
export async function getPendingMultipart(ctx: ServiceContext, id: string): Promise<UploadRow & { multipartUploadId: string; partSize: number }> {
  assertScope(ctx.user, "upload");
  const upload = await getUpload(ctx, id);
  if (!upload.multipartUploadId || !upload.partSize) throw badRequest("This upload is a single PUT, not a multipart upload.");
  if (upload.status !== "pending") throw conflict(`This upload is already ${upload.status}.`);
  return upload as UploadRow & { multipartUploadId: string; partSize: number };
}

/**
 * Signs part URLs for the caller's upload, each bound to that part's exact length. Part URLs are
 * short-lived; a client whose URL expired mid-upload simply asks again.
 */
export async function signParts(ctx: ServiceContext, id: string, input: SignPartsInput): Promise<{ partNumber: number; url: string; expiresAt: string }[]> {
  const { partNumbers } = SignPartsInput.parse(input);
  const upload = await getPendingMultipart(ctx, id);
  const { partCount } = planParts(upload.declaredSize, upload.partSize);
  const outside = partNumbers.find((partNumber) => partNumber > partCount);
  if (outside) throw badRequest(`Part ${outside} does not exist; this upload has ${partCount} parts.`);
  return Promise.all(
    [...new Set(partNumbers)].map(async (partNumber) => {
      const signed = await ctx.storage.presignPart({
        key: upload.key,
        uploadId: upload.multipartUploadId,
        partNumber,
        contentLength: partLength(upload.declaredSize, upload.partSize, partNumber),
        expiresInSeconds: ctx.config.uploads.expiresInSeconds,
      });
      return { partNumber, url: signed.url, expiresAt: signed.expiresAt.toISOString() };
    }),
  );
}
