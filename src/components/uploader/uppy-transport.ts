import type Uppy from "@uppy/core";
import type { ByteSenderDeps } from "./byte-sender";
import type { UploadContext } from "./upload-context";
import { isAbortError } from "./upload-failure";
import type { UploadBody, UploadMeta } from "./upload-job";
import { isSettled } from "./upload-state";
import type { UploadRow } from "./upload-store";

export interface UppyTransportDeps extends ByteSenderDeps {
  /** Files being prepared and sent at once (handed to Uppy); the rest wait in the list, unsigned. */
  fileConcurrency: number;
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
  #loadingUppy: Promise<void> | undefined;
  /** Rows waiting for a place in Uppy, in the order they were added. */
  #waiting: string[] = [];
  readonly #inUppy = new Set<string>();

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
    const uppy = this.#loadedUppy();
    if (!uppy) return; // pumped again once loaded
    const batch: UploadRow[] = [];
    const later: string[] = [];
    while (this.#inUppy.size + batch.length < this.#deps.fileConcurrency && this.#waiting.length > 0) {
      const id = this.#waiting.shift()!;
      const row = this.#ctx.store.get(id);
      if (!row || (row.state !== "queued" && row.state !== "hashing") || batch.includes(row) || !this.#deps.jobFor(id)) continue;
      // Its previous attempt is still being removed from Uppy: take it on the next round.
      if (this.#inUppy.has(id)) later.push(id);
      else batch.push(row);
    }
    this.#waiting.unshift(...later);
    if (batch.length === 0) return;
    for (const row of batch) this.#inUppy.add(row.id);
    uppy.addFiles(
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

  /**
   * Uppy once it is loaded. Uppy and @uppy/aws-s3 are a quarter of the upload page's JavaScript
   * and only matter once a file is chosen, so they arrive then (while the first files are hashed).
   */
  #loadedUppy(): Uppy<UploadMeta, UploadBody> | undefined {
    if (this.#uppy) return this.#uppy;
    this.#loadingUppy ??= import("./create-uppy").then(
      ({ createUppy }) => {
        const uppy = createUppy(this.#ctx, this.#deps);
        this.#listen(uppy);
        this.#uppy = uppy;
        this.pump();
      },
      () => {
        // The chunk did not arrive (offline): the files stay queued, and the next pump (the
        // connection coming back, another file) asks again.
        this.#loadingUppy = undefined;
      },
    );
    return undefined;
  }

  /** Uppy's events for a file go to its job; those of an earlier attempt are ignored there. */
  #listen(uppy: Uppy<UploadMeta, UploadBody>): void {
    const { jobFor } = this.#deps;
    uppy.on("upload-progress", (file, progress) => {
      if (file) jobFor(file.id)?.progress(file.meta.attempt, typeof progress.bytesUploaded === "number" ? progress.bytesUploaded : 0);
    });

    uppy.on("s3-multipart:part-uploaded", (file) => {
      if (file) jobFor(file.id)?.partUploaded(file.meta.attempt);
    });

    uppy.on("upload-success", (file) => {
      const job = file && jobFor(file.id);
      if (!file || !job?.sent(file.meta.attempt)) return;
      this.#release(file.id, file.meta.attempt);
      void job.complete(file.meta.attempt);
    });

    uppy.on("upload-error", (file, error) => {
      if (!file) return;
      const job = jobFor(file.id);
      const row = this.#ctx.store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      this.#release(file.id, file.meta.attempt);
      // A cancelled file is already marked failed; its abort is not news.
      if (!job || isSettled(row.state) || isAbortError(error)) return;
      job.transferFailed(error);
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
