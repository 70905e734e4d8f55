import { abortUpload } from "@/client/api-client";
import { createFairLimiter } from "@/components/uploader/create-fair-limiter";
import { ByteSender } from "./byte-sender";
import { ConnectionGate } from "./connection-gate";
import { MultipartUploads } from "./multipart-uploads";
import { newUploadRow } from "./new-upload-row";
import { ResumeJournal } from "./resume-journal";
import { RowHasher } from "./row-hasher";
import { SignedRequests } from "./signed-requests";
import { SinglePutUploads } from "./single-put-uploads";
import { TransferRate } from "./transfer-rate";
import { UnloadGuard } from "./unload-guard";
import { UploadCompleter } from "./upload-completer";
import type { UploadContext } from "./upload-context";
import { UploadLimits } from "./upload-limits";
import { UploadSettler } from "./upload-settler";
import { UploadStore, type UploadRow } from "./upload-store";
import { UploadTickets } from "./upload-tickets";
import { createUploadToasts, type UploadToasts } from "./upload-toasts";
import { UppyTransport } from "./uppy-transport";
import { isSettled } from "./upload-state";

/** PUTs to storage at once, all files together (browsers open about six connections per host)… */
const transferConcurrency = 6;
/** …and for one file, so the parts of a big file leave room for the photos queued next to it. */
const partsPerFileConcurrency = 4;

export interface UploadSettings {
  maxUploadBytes?: number;
  /** Files above this go up in parts (the server's threshold). */
  multipartThresholdBytes?: number;
  /** The server's part size. */
  multipartPartBytes?: number;
  navigate?: (href: string) => void;
}

/**
 * Drives uploads: our own row model (`store`) for the UI, Uppy with @uppy/aws-s3 5.1 as the
 * transport. Every decision that matters stays on the server: the browser sends only name, type,
 * size (and MD5 for single PUTs) and uses the URLs it gets back verbatim; it never proposes an
 * object key (a multipart upload's `key` is our upload id, opaque here). Lives for the whole
 * browser session, so moving between pages does not cancel uploads.
 *
 * A file's way: pre-check → (small files: MD5 in a worker) → presign (batched) → PUT to storage,
 * or, above the threshold, parts signed in batches and sent several at a time → POST
 * /api/uploads/{id}/complete (limited) → done.
 *
 * Uppy runs the multipart state machine (cutting, part bookkeeping, resuming from listParts,
 * pause); the pieces wired here own the policies: which files go now (UppyTransport), how many
 * bytes are in flight per file and overall (Uppy's own queue is unlimited here), retries with
 * backoff and waiting while offline or paused (ConnectionGate), re-signing refused URLs
 * (ByteSender), and the journal that lets a reloaded page resume (ResumeJournal). This class
 * wires them together and answers the person's actions.
 */
export class UploadController {
  readonly store = new UploadStore();
  readonly #limits = new UploadLimits();
  #navigate: (href: string) => void = (href) => window.location.assign(href);
  readonly #toasts: UploadToasts = createUploadToasts({ onViewGallery: () => this.#navigate("/gallery") });
  readonly #ctx: UploadContext = {
    store: this.store,
    limits: this.#limits,
    gate: new ConnectionGate({
      onStatus: (status) => this.store.setStatus(status),
      onHeldChange: (isHeld) => this.#transport.setHeld(isHeld),
      onOpen: () => this.#transport.pump(),
    }),
    abandon: (uploadId) => this.#abandon(uploadId),
    record: (row, options) => this.#journal.record(row, options),
  };
  readonly #rate = new TransferRate((bytesPerSecond) => this.store.setStatus({ bytesPerSecond }));
  readonly #unloadGuard = new UnloadGuard();
  readonly #hasher = new RowHasher(this.#ctx);
  readonly #journal = new ResumeJournal(this.#ctx);
  readonly #transfers = createFairLimiter({ concurrency: transferConcurrency, perKeyConcurrency: partsPerFileConcurrency });
  readonly #signedRequests = new SignedRequests();
  readonly #tickets = new UploadTickets(this.#ctx);
  readonly #singlePut = new SinglePutUploads(this.#ctx, { tickets: this.#tickets, hasher: this.#hasher, signedRequests: this.#signedRequests });
  readonly #multipart = new MultipartUploads(this.#ctx, { tickets: this.#tickets, transfers: this.#transfers, signedRequests: this.#signedRequests });
  readonly #settler = new UploadSettler(this.#ctx, {
    toasts: this.#toasts,
    journal: this.#journal,
    hasher: this.#hasher,
    dropUploadState: (row) => this.#dropUploadState(row),
    forgetCompletedParts: (rowId) => this.#multipart.forgetCompletedParts(rowId),
    enqueue: (ids) => this.#transport.enqueue(ids),
  });
  readonly #completer = new UploadCompleter(this.#ctx, {
    settler: this.#settler,
    completedParts: (rowId) => this.#multipart.completedParts(rowId),
    forgetTicket: (rowId) => this.#singlePut.forget(rowId),
  });
  readonly #transport: UppyTransport = new UppyTransport(this.#ctx, {
    singlePut: this.#singlePut,
    multipart: this.#multipart,
    sender: new ByteSender(this.#ctx, {
      transfers: this.#transfers,
      signedRequests: this.#signedRequests,
      rate: this.#rate,
      singlePut: this.#singlePut,
      multipart: this.#multipart,
    }),
    onSent: (id, attempt) => void this.#completer.complete(id, attempt),
    onFailed: (row, error) => this.#settler.transferFailed(row, error),
  });
  #isStarted = false;

  constructor() {
    this.store.subscribe(() => {
      const isActive = this.store.getSnapshot().inFlightCount > 0;
      this.#unloadGuard.sync(isActive);
      this.#rate.sync(isActive);
    });
  }

  /** The page passes what the server allows and how to navigate without a full reload. */
  configure({ maxUploadBytes, multipartThresholdBytes, multipartPartBytes, navigate }: UploadSettings): void {
    if (maxUploadBytes !== undefined) this.#limits.maxUploadBytes = maxUploadBytes;
    if (multipartThresholdBytes !== undefined && multipartPartBytes !== undefined) {
      this.#limits.multipart = { thresholdBytes: multipartThresholdBytes, partBytes: multipartPartBytes };
    }
    if (navigate) this.#navigate = navigate;
    this.#start();
  }

  /** Browser-only set-up, once: tab identity, connection events, and what a previous page left unfinished. */
  #start(): void {
    if (this.#isStarted || typeof window === "undefined") return;
    this.#isStarted = true;
    this.#journal.claimTab();
    this.#ctx.gate.listen();
    void this.#journal.restoreInterrupted();
  }

  /** Adds files from the picker, a drop or a paste; anything the pre-check refuses gets a failed row and a toast. */
  addFiles(files: Iterable<File>): void {
    this.#start();
    const checked = Array.from(files, (file) => newUploadRow(file, this.#limits.maxUploadBytes));
    if (checked.length === 0) return;
    for (const row of checked) if (row.state === "failed") this.#toasts.failed(row.name, row.error ?? "");
    // A file picked again after a reload continues the upload it had started.
    const rows = this.#journal.resumeMatching(checked);
    this.store.add(rows);
    const accepted = rows.filter((row) => row.state === "queued");
    for (const row of accepted) void this.#journal.record(row);
    // Hashing starts right away, in list order, so checksums are ready by the time a slot frees up.
    for (const row of accepted) this.#hasher.hashAhead(row);
    this.#transport.enqueue(accepted.map((row) => row.id));
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

  /** Uploads a file the library already holds anyway, as a second copy. */
  keepBoth(id: string): void {
    const row = this.store.get(id);
    if (row?.state !== "duplicate") return;
    const next = this.store.update(id, { state: "queued", allowDuplicate: true, duplicateOf: undefined, bytesUploaded: 0, bytesPerSecond: 0, attempt: row.attempt + 1 });
    if (!next) return;
    void this.#journal.record(next);
    this.#hasher.hashAhead(next);
    this.#transport.enqueue([id]);
  }

  /** Holds every upload: transfers in flight stop (a multipart file keeps its finished parts), nothing new starts. */
  pauseAll(): void {
    this.#ctx.gate.setPausedByUser(true);
  }

  resumeAll(): void {
    this.#ctx.gate.setPausedByUser(false);
  }

  /** Removes a finished or failed row from the list. */
  dismiss(id: string): void {
    const row = this.store.get(id);
    if (row && isSettled(row.state)) this.#forgetRows([row]);
  }

  clearFinished(): void {
    this.#forgetRows(this.store.all().filter((row) => isSettled(row.state)));
  }

  /** Gives up the uploads a previous page left unfinished: the server removes what they had sent. */
  discardInterrupted(): void {
    this.#journal.discardInterrupted();
  }

  #forgetRows(rows: UploadRow[]): void {
    for (const row of rows) {
      this.#transport.forgetSpeed(row.id);
      // A failed multipart upload kept its parts for a retry; nobody will retry it now.
      if (row.state === "failed" && row.uploadId) this.#abandon(row.uploadId);
      this.#dropUploadState(row);
    }
    this.#journal.forget(rows.map((row) => row.id));
    this.store.remove(rows.map((row) => row.id));
  }

  #dropUploadState(row: UploadRow): void {
    this.#singlePut.forget(row.id);
    this.#multipart.forgetCompletedParts(row.id);
    if (row.uploadId) this.#multipart.forgetSigner(row.uploadId);
  }

  /** Tells the server to drop an upload nobody will finish; harmless if it was already gone. */
  #abandon(uploadId: string): void {
    this.#multipart.forgetSigner(uploadId);
    abortUpload(uploadId).catch(() => undefined);
  }

  #cancelRows(rows: UploadRow[]): void {
    const cancelled = rows.filter((row) => row.state === "queued" || row.state === "hashing" || row.state === "uploading");
    if (cancelled.length === 0) return;
    const ids = new Set(cancelled.map((row) => row.id));
    for (const row of cancelled) {
      this.#hasher.cancel(row.id);
      if (row.uploadId) this.#abandon(row.uploadId);
      this.#dropUploadState(row);
      this.#transport.forgetSpeed(row.id);
      this.store.update(row.id, {
        state: "failed",
        error: "Cancelled",
        canRetry: true,
        retryFrom: "start",
        bytesUploaded: 0,
        bytesPerSecond: 0,
        uploadId: undefined,
        multipart: undefined,
        partsUploaded: undefined,
        isRestored: false,
      });
    }
    this.#journal.forget(ids);
    this.#transport.withdraw(ids);
  }

  #retryRows(rows: UploadRow[]): void {
    const restart: UploadRow[] = [];
    for (const row of rows) {
      if (row.state !== "failed" || !row.canRetry) continue;
      if (row.retryFrom === "complete" && row.uploadId) {
        this.store.update(row.id, { state: "verifying", error: undefined, canRetry: false });
        void this.#completer.complete(row.id, row.attempt);
        continue;
      }
      this.#transport.forgetSpeed(row.id);
      // A multipart upload keeps its id and continues from the parts storage holds.
      const isResumable = Boolean(row.uploadId && row.multipart);
      if (!isResumable) this.#dropUploadState(row);
      const next = this.store.update(row.id, {
        state: "queued",
        error: undefined,
        canRetry: false,
        retryFrom: "start",
        bytesPerSecond: 0,
        attempt: row.attempt + 1,
        ...(isResumable ? {} : { uploadId: undefined, multipart: undefined, partsUploaded: undefined, bytesUploaded: 0 }),
      });
      if (next) restart.push(next);
    }
    for (const row of restart) {
      void this.#journal.record(row);
      this.#hasher.hashAhead(row);
    }
    this.#transport.enqueue(restart.map((row) => row.id));
  }
}

let controller: UploadController | undefined;

/** The one controller of this browser tab, created on first use. */
export function getUploadController(): UploadController {
  controller ??= new UploadController();
  return controller;
}
