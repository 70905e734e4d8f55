import Uppy from "@uppy/core";
import AwsS3 from "@uppy/aws-s3";
import { createSpeedMeter, type SpeedMeter } from "@/lib/speed-meter";
import type { ByteSender } from "./byte-sender";
import type { MultipartUploads } from "./multipart-uploads";
import type { SinglePutUploads } from "./single-put-uploads";
import type { UploadContext } from "./upload-context";
import { isAbortError } from "./upload-failure";
import type { UploadBody, UploadFile, UploadMeta } from "./upload-file";
import type { UploadRow } from "./upload-store";

/** Files being prepared and sent at once (handed to Uppy); the rest wait in the list, unsigned. */
const fileConcurrency = 6;

export interface UppyTransportDeps {
  singlePut: SinglePutUploads;
  multipart: MultipartUploads;
  sender: ByteSender;
  /** Every byte of the attempt is in storage; the complete step follows. */
  onSent: (id: string, attempt: number) => void;
  /** Uppy gave up on the row's transfer, and not because it was cancelled. */
  onFailed: (row: UploadRow, error: unknown) => void;
}

/**
 * Uppy with @uppy/aws-s3 5.1, and the line of files waiting for it. Uppy runs the multipart state
 * machine (cutting, part bookkeeping, resuming from listParts, pause); this decides which files it
 * gets when, and turns its events into row updates.
 */
export class UppyTransport {
  readonly #ctx: UploadContext;
  readonly #deps: UppyTransportDeps;
  #uppy: Uppy<UploadMeta, UploadBody> | undefined;
  /** Rows waiting for a place in Uppy, in the order they were added. */
  #waiting: string[] = [];
  readonly #inUppy = new Set<string>();
  readonly #speeds = new Map<string, SpeedMeter>();

  constructor(ctx: UploadContext, deps: UppyTransportDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  enqueue(ids: string[]): void {
    this.#waiting.push(...ids);
    this.pump();
  }

  /** Hands waiting files to Uppy while there is room, in the order they were added. */
  pump(): void {
    if (this.#ctx.gate.isBlocked() || this.#waiting.length === 0) return;
    const batch: UploadRow[] = [];
    const later: string[] = [];
    while (this.#inUppy.size + batch.length < fileConcurrency && this.#waiting.length > 0) {
      const id = this.#waiting.shift()!;
      const row = this.#ctx.store.get(id);
      if (!row || (row.state !== "queued" && row.state !== "hashing") || batch.includes(row)) continue;
      // Its previous attempt is still being removed from Uppy: take it on the next round.
      if (this.#inUppy.has(id)) later.push(id);
      else batch.push(row);
    }
    this.#waiting.unshift(...later);
    if (batch.length === 0) return;
    for (const row of batch) this.#inUppy.add(row.id);
    this.#ensureUppy().addFiles(
      batch.map((row) => ({
        name: row.name,
        type: row.type,
        // A fresh Blob per attempt: @uppy/aws-s3 caches a multipart upload id per data object, and a
        // restarted file must not inherit the one that failed.
        data: row.file.slice(0, row.size, row.type),
        size: row.size,
        isRemote: false as const,
        source: "pixbucket",
        meta: { rowId: row.id, attempt: row.attempt },
      })),
    );
  }

  /** Holds or releases every transfer. */
  setHeld(isHeld: boolean): void {
    // Uppy aborts what is in flight; on resume a multipart file asks storage which parts it has.
    if (isHeld) this.#uppy?.pauseAll();
    else this.#uppy?.resumeAll();
  }

  /** Takes cancelled rows out of the line and out of Uppy, and lets the next files in. */
  withdraw(ids: ReadonlySet<string>): void {
    this.#waiting = this.#waiting.filter((id) => !ids.has(id));
    const uppy = this.#uppy;
    if (uppy) {
      const inUppy = [...ids].filter((id) => uppy.getFile(id));
      // Removing a file aborts its requests; one call keeps it a single state update in Uppy.
      if (inUppy.length > 0) uppy.removeFiles(inUppy);
      for (const id of ids) if (!uppy.getFile(id)) this.#inUppy.delete(id);
    }
    this.pump();
  }

  /** Forgets the row's speed, so its next attempt measures afresh. */
  forgetSpeed(id: string): void {
    this.#speeds.delete(id);
  }

  #ensureUppy(): Uppy<UploadMeta, UploadBody> {
    if (this.#uppy) return this.#uppy;
    const { store, limits } = this.#ctx;
    const { singlePut, multipart, sender } = this.#deps;
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
      getUploadParameters: (file, options) => singlePut.getUploadParameters(file, options),
      createMultipartUpload: (file: UploadFile, signal?: AbortSignal) => multipart.create(file, signal),
      signPart: (file, options) => multipart.signPart(file, options),
      listParts: (file, options) => multipart.listParts(file, options),
      completeMultipartUpload: (file, options) => multipart.collectParts(file, options),
      // Uppy calls this when an attempt fails, which would throw away the parts a retry can reuse.
      // Giving an upload up is the controller's decision (it abandons on cancel or dismissal).
      abortMultipartUpload: () => undefined,
      uploadPartBytes: (options) => sender.send(options),
    });
    this.#listen(uppy);
    this.#uppy = uppy;
    return uppy;
  }

  #listen(uppy: Uppy<UploadMeta, UploadBody>): void {
    const { store } = this.#ctx;
    uppy.on("upload-progress", (file, progress) => {
      const row = file && store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      const reported = typeof progress.bytesUploaded === "number" ? progress.bytesUploaded : 0;
      // A part sent again after a drop restarts its own count; the row does not go backwards.
      const bytes = Math.min(Math.max(reported, row.bytesUploaded), row.size);
      let meter = this.#speeds.get(row.id);
      if (!meter) this.#speeds.set(row.id, (meter = createSpeedMeter()));
      store.update(row.id, { bytesUploaded: bytes, bytesPerSecond: meter.sample(bytes, performance.now()) });
    });

    uppy.on("s3-multipart:part-uploaded", (file) => {
      const row = file && store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      store.update(row.id, { partsUploaded: Math.min((row.partsUploaded ?? 0) + 1, row.multipart?.partCount ?? Infinity) });
    });

    uppy.on("upload-success", (file) => {
      const row = file && store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      store.update(row.id, { state: "verifying", bytesUploaded: row.size, bytesPerSecond: 0, partsUploaded: row.multipart?.partCount });
      this.#release(row.id, row.attempt);
      this.#deps.onSent(row.id, row.attempt);
    });

    uppy.on("upload-error", (file, error) => {
      const row = file && store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      this.#release(row.id, row.attempt);
      // A cancelled file is already marked failed; its abort is not news.
      if (row.state === "failed" || row.state === "done" || isAbortError(error)) return;
      this.#deps.onFailed(row, error);
    });
  }

  /** Drops a settled file from Uppy (after its event handlers finish) and lets the next one in. */
  #release(id: string, attempt: number): void {
    setTimeout(() => {
      const uppy = this.#uppy;
      if (uppy?.getFile(id)?.meta.attempt === attempt) uppy.removeFile(id);
      if (!uppy?.getFile(id)) this.#inUppy.delete(id);
      this.pump();
    }, 0);
  }
}
