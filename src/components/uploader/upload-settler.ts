import type { ResumeJournal } from "./resume-journal";
import type { RowHasher } from "./row-hasher";
import type { UploadContext } from "./upload-context";
import { notifyImagesChanged } from "./upload-events";
import { describeFailure, UploadOutcome, type FailureDescription } from "./upload-failure";
import type { UploadRow } from "./upload-store";
import type { UploadToasts } from "./upload-toasts";

export interface UploadSettlerDeps {
  toasts: UploadToasts;
  journal: ResumeJournal;
  hasher: RowHasher;
  /** Forgets what was kept for the row's upload (ticket, ETags, part signer). */
  dropUploadState: (row: UploadRow) => void;
  /** Forgets a multipart row's collected ETags, so its parts are gathered again. */
  forgetCompletedParts: (rowId: string) => void;
  /** Puts rows in line to be handed to Uppy. */
  enqueue: (ids: string[]) => void;
}

/** How an upload ends for its row: done, failed, or started again by itself (once per row). */
export class UploadSettler {
  readonly #ctx: UploadContext;
  readonly #deps: UploadSettlerDeps;
  /** Rows restarted automatically (their server upload was gone, or a part was missing at complete). */
  readonly #autoRestarts = new Map<string, number>();

  constructor(ctx: UploadContext, deps: UploadSettlerDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  markDone(id: string, imageId: string | undefined): void {
    const { store } = this.#ctx;
    const row = store.update(id, { state: "done", imageId, error: undefined, canRetry: false, bytesUploaded: store.get(id)?.size ?? 0, bytesPerSecond: 0 });
    if (!row) return;
    this.#deps.dropUploadState(row);
    this.#deps.journal.forget([id]);
    this.#deps.toasts.succeeded(row.name);
    notifyImagesChanged();
  }

  /** The library already holds the file's bytes: nothing was kept, the row points at the image. */
  markDuplicate(id: string, duplicateOf: { id: string; name: string }): void {
    const { store } = this.#ctx;
    const row = store.update(id, { state: "duplicate", duplicateOf, imageId: undefined, uploadId: undefined, error: undefined, canRetry: false, bytesPerSecond: 0 });
    if (!row) return;
    this.#deps.dropUploadState(row);
    this.#deps.journal.forget([id]);
  }

  fail(id: string, { message, canRetry }: FailureDescription, retryFrom: UploadRow["retryFrom"]): void {
    const row = this.#ctx.store.update(id, { state: "failed", error: message, canRetry, retryFrom, bytesPerSecond: 0 });
    if (!row) return;
    // Nothing to resume after a final failure; a retryable one stays in the journal for after a reload.
    if (!canRetry) this.#deps.journal.forget([id]);
    this.#deps.toasts.failed(row.name, message);
  }

  /** Uppy gave up on the row's transfer: an outcome the server reported, or a failure. */
  transferFailed(row: UploadRow, error: unknown): void {
    if (error instanceof UploadOutcome) {
      if (error.kind === "already-uploaded") {
        this.markDone(row.id, error.imageId);
        return;
      }
      if (error.kind === "duplicate" && error.duplicateOf) {
        this.markDuplicate(row.id, error.duplicateOf);
        return;
      }
      if (this.#restartFresh(row)) return;
    }
    this.fail(row.id, describeFailure(error), "start");
  }

  /** Sends a multipart file's missing parts and completes again, once per row. */
  restartResuming(id: string): boolean {
    const { store } = this.#ctx;
    const row = store.get(id);
    if (!row || !this.#mayRestart(id)) return false;
    this.#deps.forgetCompletedParts(id);
    const next = store.update(id, { state: "queued", attempt: row.attempt + 1, bytesPerSecond: 0 });
    if (!next) return false;
    this.#deps.enqueue([id]);
    return true;
  }

  /** Starts a file over as a new upload, once per row (its server upload was gone). */
  #restartFresh(row: UploadRow): boolean {
    if (!this.#mayRestart(row.id)) return false;
    this.#deps.dropUploadState(row);
    const next = this.#ctx.store.update(row.id, {
      state: "queued",
      attempt: row.attempt + 1,
      uploadId: undefined,
      multipart: undefined,
      partsUploaded: undefined,
      isRestored: false,
      bytesUploaded: 0,
      bytesPerSecond: 0,
    });
    if (!next) return false;
    void this.#ctx.record(next);
    this.#deps.hasher.hashAhead(next);
    this.#deps.enqueue([next.id]);
    return true;
  }

  /** Counts an automatic restart of the row; false once it has had its one. */
  #mayRestart(id: string): boolean {
    const restarts = this.#autoRestarts.get(id) ?? 0;
    if (restarts >= 1) return false;
    this.#autoRestarts.set(id, restarts + 1);
    return true;
  }
}
