import Uppy from "@uppy/core";
import AwsS3 from "@uppy/aws-s3";
import { ByteSender, type ByteSenderDeps } from "./byte-sender";
import type { UploadContext } from "./upload-context";
import { abortError } from "./upload-failure";
import type { UploadBody, UploadFile, UploadJob, UploadMeta } from "./upload-job";

/**
 * Uppy with @uppy/aws-s3 5.1 in callback mode, every callback ours: each goes to the file's
 * UploadJob, and the bytes go through our ByteSender. Its own module so the page can load it, and
 * the sender with it, on demand (UppyTransport imports it when the first file is queued).
 */
export function createUppy(
  { store, limits, gate }: Pick<UploadContext, "store" | "limits" | "gate">,
  senderDeps: ByteSenderDeps,
): Uppy<UploadMeta, UploadBody> {
  const { jobFor } = senderDeps;
  const sender = new ByteSender({ gate }, senderDeps);
  /** The file's job; a file whose job is over (cancelled, removed) gets an AbortError. */
  const job = (file: UploadFile): UploadJob => {
    const found = jobFor(file.id);
    if (!found) throw abortError();
    return found;
  };
  const uppy = new Uppy<UploadMeta, UploadBody>({
    id: "pixbucket-uploads",
    autoProceed: true,
    // Our row id becomes Uppy's file id. A multipart upload that already exists on the server
    // (a retry, or a file picked again after a reload) is handed over as Uppy's own resume state:
    // Uppy then asks listParts and sends only the parts storage does not have.
    onBeforeFileAdded: (file) => {
      const row = store.get(file.meta.rowId);
      const s3Multipart = row?.uploadId && row.multipart ? { uploadId: row.uploadId, key: row.uploadId } : undefined;
      return Object.assign({ ...file, id: file.meta.rowId }, s3Multipart ? { s3Multipart } : {});
    },
  });
  uppy.use(AwsS3<UploadMeta, UploadBody>, {
    // Uppy's request queue is unlimited: the transfer limiter bounds the bytes in flight, pump() the files.
    limit: 0,
    // Retries are ours (ConnectionGate.withRetries): Uppy's would also retry other 4xx answers.
    retryDelays: [],
    shouldUseMultipart: (file) => limits.isMultipartSize(file.size ?? 0),
    getChunkSize: () => limits.multipart?.partBytes ?? 16 * 1024 * 1024,
    getUploadParameters: async (file, { signal }) => job(file).putParameters(file, signal),
    createMultipartUpload: async (file: UploadFile, signal?: AbortSignal) => job(file).createMultipart(file, signal),
    signPart: async (file, options) => job(file).signPart(file, options),
    listParts: async (file, options) => job(file).listParts(file, options),
    completeMultipartUpload: async (file, { parts }) => job(file).collectParts(parts),
    // Uppy calls this when an attempt fails, which would throw away the parts a retry can reuse.
    // Giving an upload up is the job's decision (it abandons on cancel or dismissal).
    abortMultipartUpload: () => undefined,
    uploadPartBytes: (options) => sender.send(options),
  });
  return uppy;
}
