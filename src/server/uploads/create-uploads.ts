import "server-only";
import { allowedImageTypesText, isAllowedImageType } from "@/lib/image-types";
import { formatBytes } from "@/lib/format-bytes";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertScope } from "../auth/caller-scopes";
import { uploads } from "../db/schema";
import { newId } from "../ids";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import { originalKey } from "../storage/keys";
import { planParts, type MultipartPlan } from "./multipart-plan";
import { getMetrics } from "../metrics/metrics";
import { fitWithinQuota } from "../usage/fit-within-quota";
import { duplicateFor, findDuplicatesByMd5 } from "./find-duplicates";
import { CreateUploadsInput, type UploadTicket } from "@/contract/uploads";

type FileRequest = CreateUploadsInput["files"][number];

export type CreatedUpload = UploadTicket;

/** The per-file rules; a file that breaks one gets its own error and the rest of the batch goes on. */
function checkFile(file: FileRequest, maxBytes: number, thresholdBytes: number): CreatedUpload | null {
  if (!isAllowedImageType(file.type)) {
    const what = file.type === "" ? "files of unknown type" : `${file.type} files`;
    return { error: { code: "unsupported_type", message: `${file.name}: ${what} are not allowed — use ${allowedImageTypesText}.` } };
  }
  if (file.size <= 0) return { error: { code: "bad_request", message: `${file.name}: the file is empty.` } };
  if (file.size > maxBytes) {
    return { error: { code: "too_large", message: `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.` } };
  }
  // The single-PUT URL is signed with Content-MD5, so storage refuses any other bytes — including a
  // second PUT to the same URL after verification. Without it the URL would take anything until it expires.
  if (file.size <= thresholdBytes && !file.md5) {
    return { error: { code: "bad_request", message: `${file.name}: md5 (the base64 MD5 of the bytes) is required for files sent in one PUT.` } };
  }
  return null;
}

interface AcceptedFile {
  file: FileRequest;
  id: string;
  key: string;
  multipart: MultipartPlan | null;
  expiresAt: Date;
}

function countSigned(planned: (CreatedUpload | AcceptedFile)[], acceptedCount: number): void {
  const metrics = getMetrics();
  metrics.uploadsSigned.inc(acceptedCount);
  for (const plan of planned) {
    if ("error" in plan && plan.error) metrics.uploadsRejected.inc({ reason: plan.error.code });
    if ("duplicateOf" in plan) metrics.uploadsRejected.inc({ reason: "duplicate" });
  }
}

/**
 * Signs a batch of uploads. The server decides the key (no client text in it), the allowed types,
 * the size limit and the expiry; each single-PUT URL is bound to the exact length, type and MD5
 * declared (the MD5 is required for them).
 * Files above the multipart threshold get a part plan instead; their parts are signed on request.
 */
export async function createUploads(ctx: ServiceContext, input: CreateUploadsInput): Promise<CreatedUpload[]> {
  assertScope(ctx.user, "upload");
  const parsed = CreateUploadsInput.parse(input);
  const now = ctx.now();
  // Per token when a script calls, per user otherwise: one runaway script doesn't lock its owner out.
  const caller = ctx.user.tokenId ? `token:${ctx.user.tokenId}` : `user:${ctx.user.id}`;
  await consumeRateLimit(ctx.db, { key: `sign-uploads:${caller}`, limit: ctx.config.uploads.signFilesPerMinute, windowSeconds: 60, cost: parsed.files.length }, now);
  const { expiresInSeconds, multipart } = ctx.config.uploads;
  const maxBytes = Math.max(ctx.config.uploads.maxBytes, multipart.maxBytes);

  // A single PUT declares its MD5, so a file the library already holds is recognised before it is
  // sent. Multipart files are not hashed by the client; completing them checks their SHA-256.
  const duplicates = await findDuplicatesByMd5(
    ctx.db,
    ctx.user.id,
    parsed.files.filter((file) => file.md5 && !file.allowDuplicate).map((file) => ({ size: file.size, md5: file.md5! })),
  );

  const planned = parsed.files.map((file): CreatedUpload | AcceptedFile => {
    const refusal = checkFile(file, maxBytes, multipart.thresholdBytes);
    if (refusal) return refusal;
    const duplicateOf = file.allowDuplicate ? undefined : duplicateFor(duplicates, file);
    if (duplicateOf) return { duplicateOf };
    const id = newId();
    const isMultipart = file.size > multipart.thresholdBytes;
    // A big upload over a slow link needs hours, not minutes; its part URLs still expire quickly.
    const lifetime = isMultipart ? multipart.expiresInSeconds : expiresInSeconds;
    return {
      file,
      id,
      key: originalKey(ctx.user.id, id),
      multipart: isMultipart ? planParts(file.size, multipart.partBytes) : null,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
    };
  });
  const accepted = planned.filter((plan): plan is AcceptedFile => "file" in plan);
  countSigned(planned, accepted.length);

  // Multipart sessions are opened in storage first, so a row never names an upload id that isn't there.
  const storageUploadIds = new Map<string, string>();
  await Promise.all(
    accepted
      .filter((plan) => plan.multipart)
      .map(async (plan) => {
        const { uploadId } = await ctx.storage.createMultipart({ key: plan.key, contentType: plan.file.type });
        storageUploadIds.set(plan.id, uploadId);
      }),
  );

  // The quota decision and the rows it counts are one transaction, under a lock on the usage row.
  const fits = await withTransaction(ctx, async ({ db: tx }) => {
    const fit = await fitWithinQuota(tx, ctx.user.id, accepted.map((plan) => plan.file.size), now);
    const fitting = accepted.filter((_, index) => fit[index]);
    if (fitting.length === 0) return fit;
    await tx.insert(uploads).values(
      fitting.map(({ file, id, key, multipart: plan, expiresAt }) => ({
        id,
        ownerId: ctx.user.id,
        key,
        declaredName: file.name,
        declaredType: file.type,
        declaredSize: file.size,
        declaredMd5: file.md5 ?? null,
        allowDuplicate: file.allowDuplicate ?? false,
        multipartUploadId: storageUploadIds.get(id) ?? null,
        partSize: plan?.partSize ?? null,
        status: "pending" as const,
        expiresAt,
        createdAt: now,
      })),
    );
    return fit;
  });
  const overQuota = new Set(accepted.filter((_, index) => !fits[index]).map((plan) => plan.id));
  // A multipart session opened for a file that did not fit is closed again, leaving nothing behind.
  await Promise.all(
    accepted
      .filter((plan) => overQuota.has(plan.id) && storageUploadIds.has(plan.id))
      .map((plan) => ctx.storage.abortMultipart({ key: plan.key, uploadId: storageUploadIds.get(plan.id)! })),
  );

  return Promise.all(
    planned.map(async (plan): Promise<CreatedUpload> => {
      if (!("file" in plan)) return plan;
      if (overQuota.has(plan.id)) {
        return { error: { code: "quota_exceeded", message: `${plan.file.name} (${formatBytes(plan.file.size)}) would take your account past its quota; delete images or ask an admin for more room.` } };
      }
      if (plan.multipart) return { id: plan.id, multipart: plan.multipart, expiresAt: plan.expiresAt.toISOString() };
      const signed = await ctx.storage.presignPut({
        key: plan.key,
        contentType: plan.file.type,
        contentLength: plan.file.size,
        contentMd5: plan.file.md5,
        expiresInSeconds,
      });
      return { id: plan.id, method: "PUT", url: signed.url, headers: signed.headers, expiresAt: signed.expiresAt.toISOString() };
    }),
  );
}
