import "server-only";
import type { ServiceContext } from "../context";
import type { StoredPart } from "../storage/driver";
import { quoteEtag } from "../storage/etag";
import { getPendingMultipart } from "./sign-parts";

/**
 * What storage already holds for the caller's multipart upload: the source of truth for resuming.
 * ETags quoted, as the part PUT's ETag header gave them to the client.
 */
export async function listUploadedParts(ctx: ServiceContext, id: string): Promise<StoredPart[]> {
  const upload = await getPendingMultipart(ctx, id);
  const parts = await ctx.storage.listParts({ key: upload.key, uploadId: upload.multipartUploadId });
  return parts.map((part) => ({ ...part, etag: quoteEtag(part.etag) }));
}
