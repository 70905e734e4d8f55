import "server-only";
import type { ServiceContext } from "../context";
import type { StoredPart } from "../storage/driver";
import { getPendingMultipart } from "./sign-parts";

/** What storage already holds for the caller's multipart upload: the source of truth for resuming. */
export async function listUploadedParts(ctx: ServiceContext, id: string): Promise<StoredPart[]> {
  const upload = await getPendingMultipart(ctx, id);
  return ctx.storage.listParts({ key: upload.key, uploadId: upload.multipartUploadId });
}
