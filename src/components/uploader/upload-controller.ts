import Uppy, { type UppyFile } from "@uppy/core";
import AwsS3, { type AwsS3UploadParameters } from "@uppy/aws-s3";
import {
  abortUpload,
  ApiError,
  completeUpload,
  createUploads,
  isFinalErrorCode,
  isRetryableError,
  type UploadRequestFile,
  type UploadTicket,
} from "@/lib/api-client";
import { checkImageFile } from "@/lib/check-image-file";
import { createBatcher } from "@/lib/create-batcher";
import { createLimiter } from "@/lib/create-limiter";
import { createSpeedMeter, type SpeedMeter } from "@/lib/speed-meter";
import { Md5Pool } from "./md5-pool";
import { putToStorage, StorageError } from "./put-to-storage";
import { notifyImagesChanged } from "./upload-events";
import { UploadStore, type UploadRow } from "./upload-store";
import { createUploadToasts, type UploadToasts } from "./upload-toasts";

type UploadMeta = { rowId: string; attempt: number; uploadId?: string };
type UploadBody = Record<string, never>;

/** Calls to POST /api/uploads made within this window share one request (the API takes up to 100 files). */
const presignWindowMs = 25;
const presignMaxFiles = 100;
/** Files sent to storage at once; also bounds how many presign calls can wait in one batch. */
const uploadConcurrency = 6;
/** Completing makes the server read the object and draw a thumbnail; a few at a time keeps it responsive. */
const completeConcurrency = 4;

/** A failure with its message for a person and whether a retry could help. */
class UploadFailure extends Error {
  constructor(
    message: string,
    readonly canRetry: boolean,
  ) {
    super(message);
    this.name = "UploadFailure";
  }
}

function abortError(): DOMException {
  return new DOMException("The upload was cancelled", "AbortError");
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

function describeFailure(error: unknown): { message: string; canRetry: boolean } {
  if (error instanceof UploadFailure) return { message: error.message, canRetry: error.canRetry };
  if (error instanceof ApiError) return { message: error.message, canRetry: isRetryableError(error) };
  if (error instanceof StorageError) return { message: error.message, canRetry: true };
  const message = error instanceof Error && error.message ? error.message : "";
  return { message: message ? `The upload failed (${message}) — retry.` : "The upload failed — retry.", canRetry: true };
}

let rowCounter = 0;
function nextRowId(): string {
  // Not crypto.randomUUID: it is missing on plain-http origins, which self-hosted installs often are.
  rowCounter += 1;
  return `f${Date.now().toString(36)}${rowCounter.toString(36)}`;
}

/**
 * Drives uploads: our own row model (`store`) for the UI, Uppy with @uppy/aws-s3 5.1 as the
 * transport. Every decision that matters stays on the server: the browser sends only name, type,
 * size and MD5 to POST /api/uploads and uses the URL and headers it gets back verbatim; it never
 * proposes an object key. Lives for the whole browser session, so moving between pages does not
 * cancel uploads.
 *
 * A file's way: pre-check → hash (worker pool) → presign (batched) → PUT to storage (Uppy) →
 * POST /api/uploads/{id}/complete (limited) → done. Settled files are dropped from Uppy at once;
 * the store keeps their rows, and a retry hands the file to Uppy again under the same id.
 */
export class UploadController {
  readonly store = new UploadStore();
  #uppy: Uppy<UploadMeta, UploadBody> | undefined;
  #hashes: Md5Pool | undefined;
  readonly #md5Promises = new Map<string, Promise<string>>();
  readonly #speeds = new Map<string, SpeedMeter>();
  #maxUploadBytes: number | undefined;
  #navigate: (href: string) => void = (href) => window.location.assign(href);
  readonly #toasts: UploadToasts = createUploadToasts({ onViewGallery: () => this.#navigate("/gallery") });
  readonly #presign = createBatcher<UploadRequestFile, UploadTicket>({
    windowMs: presignWindowMs,
    maxSize: presignMaxFiles,
    run: (files) => createUploads(files),
  });
  readonly #limitComplete = createLimiter(completeConcurrency);
  #isGuardingUnload = false;

  constructor() {
    this.store.subscribe(() => this.#syncUnloadGuard());
  }

  /** The page passes what the server allows and how to navigate without a full reload. */
  configure({ maxUploadBytes, navigate }: { maxUploadBytes?: number; navigate?: (href: string) => void }): void {
    if (maxUploadBytes !== undefined) this.#maxUploadBytes = maxUploadBytes;
    if (navigate) this.#navigate = navigate;
  }

  /** Adds files from the picker, a drop or a paste; anything the pre-check refuses gets a failed row and a toast. */
  addFiles(files: Iterable<File>): void {
    const rows: UploadRow[] = [];
    for (const file of files) {
      const check = checkImageFile(file, this.#maxUploadBytes);
      const base = { id: nextRowId(), file, name: file.name, size: file.size, bytesUploaded: 0, bytesPerSecond: 0, retryFrom: "start", attempt: 0 } as const;
      if (check.isAllowed) {
        rows.push({ ...base, type: check.type, state: "queued", canRetry: false, isPreviewable: true });
      } else {
        rows.push({ ...base, type: file.type, state: "failed", error: check.message, canRetry: false, isPreviewable: false });
        this.#toasts.failed(file.name, check.message);
      }
    }
    if (rows.length === 0) return;
    this.store.add(rows);
    const accepted = rows.filter((row) => row.state === "queued");
    // Hashing starts right away, in list order, so checksums are ready by the time a slot frees up.
    for (const row of accepted) this.#hash(row.id).catch(() => undefined);
    this.#sendToUppy(accepted);
  }

  /** Stops a file that is waiting, hashing or uploading. Verification is already on the server and cannot be stopped. */
  cancel(id: string): void {
    const row = this.store.get(id);
    if (row) this.#cancelRows([row]);
  }

  cancelAll(): void {
    this.#cancelRows(this.store.all());
  }

  retry(id: string): void {
    const row = this.store.get(id);
    if (row) this.#retryRows([row]);
  }

  retryFailed(): void {
    this.#retryRows(this.store.all());
  }

  /** Removes a finished or failed row from the list. */
  dismiss(id: string): void {
    const row = this.store.get(id);
    if (row && (row.state === "done" || row.state === "failed")) this.#forgetRows([id]);
  }

  clearFinished(): void {
    this.#forgetRows(this.store.all().filter((row) => row.state === "done" || row.state === "failed").map((row) => row.id));
  }

  #forgetRows(ids: string[]): void {
    for (const id of ids) this.#speeds.delete(id);
    this.store.remove(ids);
  }

  #ensureUppy(): Uppy<UploadMeta, UploadBody> {
    if (this.#uppy) return this.#uppy;
    const uppy = new Uppy<UploadMeta, UploadBody>({
      id: "pixbucket-uploads",
      autoProceed: true,
      // Our row id becomes Uppy's file id, so the same file can be added again after it finished.
      onBeforeFileAdded: (file) => ({ ...file, id: file.meta.rowId }),
    });
    uppy.use(AwsS3<UploadMeta, UploadBody>, {
      // Multipart (the API's `multipart` tickets) comes later: it will plug in as
      // createMultipartUpload/signPart/completeMultipartUpload backed by the same batcher.
      shouldUseMultipart: false,
      limit: uploadConcurrency,
      getUploadParameters: (file, options) => this.#getUploadParameters(file, options),
      uploadPartBytes: putToStorage,
    });

    uppy.on("upload-progress", (file, progress) => {
      const row = file && this.store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      const bytes = typeof progress.bytesUploaded === "number" ? progress.bytesUploaded : 0;
      let meter = this.#speeds.get(row.id);
      if (!meter) this.#speeds.set(row.id, (meter = createSpeedMeter()));
      this.store.update(row.id, { bytesUploaded: bytes, bytesPerSecond: meter.sample(bytes, performance.now()) });
    });

    uppy.on("upload-success", (file) => {
      const row = file && this.store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      this.store.update(row.id, { state: "verifying", bytesUploaded: row.size, bytesPerSecond: 0 });
      this.#releaseFromUppy(row.id, row.attempt);
      void this.#complete(row.id, row.attempt);
    });

    uppy.on("upload-error", (file, error) => {
      const row = file && this.store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      this.#releaseFromUppy(row.id, row.attempt);
      // A cancelled file is already marked failed; its abort is not news.
      if (row.state === "failed" || row.state === "done" || isAbortError(error)) return;
      this.#fail(row.id, describeFailure(error), "start");
    });

    this.#uppy = uppy;
    return uppy;
  }

  #sendToUppy(rows: UploadRow[]): void {
    if (rows.length === 0) return;
    const uppy = this.#ensureUppy();
    uppy.addFiles(
      rows.map((row) => ({
        name: row.name,
        type: row.type,
        data: row.file,
        size: row.size,
        isRemote: false as const,
        source: "pixbucket",
        meta: { rowId: row.id, attempt: row.attempt },
      })),
    );
  }

  /** Drops a settled file from Uppy (after its event handlers finish), unless a retry already replaced it. */
  #releaseFromUppy(id: string, attempt: number): void {
    setTimeout(() => {
      const uppy = this.#uppy;
      if (uppy?.getFile(id)?.meta.attempt === attempt) uppy.removeFile(id);
    }, 0);
  }

  #hashPool(): Md5Pool {
    this.#hashes ??= new Md5Pool(2);
    return this.#hashes;
  }

  /** The file's base64 MD5, computed once per row (a retry reuses it). */
  #hash(id: string): Promise<string> {
    const row = this.store.get(id);
    if (!row) return Promise.reject(abortError());
    if (row.md5) return Promise.resolve(row.md5);
    const running = this.#md5Promises.get(id);
    if (running) return running;

    const promise = this.#hashPool()
      .hash(id, row.file, () => {
        if (this.store.get(id)?.state === "queued") this.store.update(id, { state: "hashing" });
      })
      .then((md5) => {
        const current = this.store.get(id);
        this.store.update(id, current?.state === "hashing" ? { md5, state: "queued" } : { md5 });
        return md5;
      })
      .finally(() => this.#md5Promises.delete(id));
    this.#md5Promises.set(id, promise);
    return promise;
  }

  #isCurrent(id: string, attempt: number): boolean {
    const row = this.store.get(id);
    return row !== undefined && row.attempt === attempt && row.state !== "failed" && row.state !== "done";
  }

  /** Uppy asks for the PUT of one file: hash it, get a ticket from our server, hand back exactly what it said. */
  async #getUploadParameters(file: UppyFile<UploadMeta, UploadBody>, { signal }: { signal?: AbortSignal }): Promise<AwsS3UploadParameters> {
    const id = file.id;
    const attempt = file.meta.attempt;
    const row = this.store.get(id);
    if (!row || !this.#isCurrent(id, attempt) || signal?.aborted) throw abortError();

    let md5: string;
    try {
      md5 = await this.#hash(id);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new UploadFailure("The file could not be read from your disk — it may have been moved or changed; add it again.", false);
    }
    if (!this.#isCurrent(id, attempt) || signal?.aborted) throw abortError();
    this.store.update(id, { state: "uploading", bytesUploaded: 0, bytesPerSecond: 0 });

    const ticket = await this.#presign({ name: row.name, type: row.type, size: row.size, md5 });
    if (!this.#isCurrent(id, attempt) || signal?.aborted) {
      // Cancelled while the server was signing: give the fresh upload back.
      if ("id" in ticket) this.#abandon(ticket.id);
      throw abortError();
    }
    if ("error" in ticket) {
      throw new UploadFailure(ticket.error.message, !isFinalErrorCode(ticket.error.code));
    }
    if ("multipart" in ticket) {
      this.#abandon(ticket.id);
      throw new UploadFailure("This file is too large to send in one piece, and sending large files in parts is not available yet.", false);
    }
    this.#uppy?.setFileMeta(id, { rowId: id, attempt, uploadId: ticket.id });
    this.store.update(id, { uploadId: ticket.id });
    // The local storage driver signs paths on this app ("/api/storage/…"); Uppy needs an absolute URL.
    const url = new URL(ticket.url, window.location.href).href;
    return { method: "PUT", url, headers: ticket.headers, fields: {} };
  }

  /** Asks the server to verify and index what reached storage. */
  async #complete(id: string, attempt: number): Promise<void> {
    const uploadId = this.store.get(id)?.uploadId;
    if (!uploadId) return;
    const isStillWanted = () => {
      const row = this.store.get(id);
      return row?.state === "verifying" && row.attempt === attempt;
    };
    try {
      const image = await this.#limitComplete(() => completeUpload(uploadId));
      if (!isStillWanted()) return;
      this.store.update(id, { state: "done", imageId: image.id, error: undefined, canRetry: false });
      this.#toasts.succeeded(this.store.get(id)?.name ?? image.name);
      notifyImagesChanged();
    } catch (error) {
      if (!isStillWanted()) return;
      if (error instanceof ApiError && error.status === 409) {
        // Already completed: an earlier complete call got through even though its answer was lost.
        this.store.update(id, { state: "done", error: undefined, canRetry: false });
        notifyImagesChanged();
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.#fail(id, { message: "The upload expired before it could be checked — retry to send the file again.", canRetry: true }, "start");
        return;
      }
      const failure = describeFailure(error);
      // 422 invalid_image and other final answers: the server removed the object, retrying cannot help.
      this.#fail(id, failure, failure.canRetry ? "complete" : "start");
    }
  }

  #fail(id: string, { message, canRetry }: { message: string; canRetry: boolean }, retryFrom: UploadRow["retryFrom"]): void {
    const row = this.store.update(id, { state: "failed", error: message, canRetry, retryFrom, bytesPerSecond: 0 });
    if (row) this.#toasts.failed(row.name, message);
  }

  /** Tells the server to drop an upload nobody will finish; harmless if it was already gone. */
  #abandon(uploadId: string): void {
    abortUpload(uploadId).catch(() => undefined);
  }

  #cancelRows(rows: UploadRow[]): void {
    const cancelled = rows.filter((row) => row.state === "queued" || row.state === "hashing" || row.state === "uploading");
    if (cancelled.length === 0) return;
    for (const row of cancelled) {
      this.#hashes?.cancel(row.id);
      if (row.uploadId) this.#abandon(row.uploadId);
      this.#speeds.delete(row.id);
      this.store.update(row.id, {
        state: "failed",
        error: "Cancelled",
        canRetry: true,
        retryFrom: "start",
        bytesUploaded: 0,
        bytesPerSecond: 0,
        uploadId: undefined,
      });
    }
    const uppy = this.#uppy;
    if (uppy) {
      const inUppy = cancelled.map((row) => row.id).filter((id) => uppy.getFile(id));
      // Removing a file aborts its request; one call keeps it a single state update in Uppy.
      if (inUppy.length > 0) uppy.removeFiles(inUppy);
    }
  }

  #retryRows(rows: UploadRow[]): void {
    const restart: UploadRow[] = [];
    for (const row of rows) {
      if (row.state !== "failed" || !row.canRetry) continue;
      if (row.retryFrom === "complete" && row.uploadId) {
        this.store.update(row.id, { state: "verifying", error: undefined, canRetry: false });
        void this.#complete(row.id, row.attempt);
        continue;
      }
      this.#speeds.delete(row.id);
      const next = this.store.update(row.id, {
        state: "queued",
        error: undefined,
        canRetry: false,
        retryFrom: "start",
        bytesUploaded: 0,
        bytesPerSecond: 0,
        uploadId: undefined,
        attempt: row.attempt + 1,
      });
      if (next) restart.push(next);
    }
    for (const row of restart) this.#hash(row.id).catch(() => undefined);
    this.#sendToUppy(restart);
  }

  #onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers only show the prompt when returnValue is set.
    event.returnValue = "";
  };

  #syncUnloadGuard(): void {
    const shouldGuard = this.store.getSnapshot().inFlightCount > 0;
    if (shouldGuard === this.#isGuardingUnload || typeof window === "undefined") return;
    this.#isGuardingUnload = shouldGuard;
    if (shouldGuard) window.addEventListener("beforeunload", this.#onBeforeUnload);
    else window.removeEventListener("beforeunload", this.#onBeforeUnload);
  }
}

let controller: UploadController | undefined;

/** The one controller of this browser tab, created on first use. */
export function getUploadController(): UploadController {
  controller ??= new UploadController();
  return controller;
}
