import { abortUpload, createUploads, type UploadRequestFile, type UploadTicket } from "@/client/api-client";
import { createBatcher } from "@/components/uploader/create-batcher";
import { createFairLimiter } from "@/components/uploader/create-fair-limiter";
import { createLimiter } from "@/components/uploader/create-limiter";
import { ConnectionGate } from "./connection-gate";
import { Md5Pool } from "./md5-pool";
import { newUploadRow } from "./new-upload-row";
import { ResumeJournal } from "./resume-journal";
import { SignedRequests } from "./signed-requests";
import { TransferRate } from "./transfer-rate";
import { UploadLimits, type UploadContext } from "./upload-context";
import { UploadJob, type UploadJobDeps } from "./upload-job";
import { isSettled } from "./upload-state";
import { UploadStore, type UploadRow } from "./upload-store";
import { createUploadToasts } from "./upload-toasts";
import { UppyTransport } from "./uppy-transport";

/** PUTs to storage at once, all files together (browsers open about six connections per host)… */
const transferConcurrency = 6;
/** …and for one file, so the parts of a big file leave room for the photos queued next to it. */
const partsPerFileConcurrency = 4;
/**
 * Files handed to Uppy at once; the rest wait in the list, unsigned. Twice the transfer slots, so
 * the next files' URLs are signed while others are sent, and a PUT that ends finds the next one
 * ready instead of waiting for a presign round trip (the bytes in flight are still bounded by the
 * transfer limiter, which a PUT enters only once its URL is signed).
 */
const fileConcurrency = 2 * transferConcurrency;
/** Completing makes the server read the object and draw a thumbnail; a few at a time keeps it responsive. */
const completeConcurrency = 4;
/** Calls to POST /api/uploads made within this window share one request (the API takes up to 100 files). */
const presignWindowMs = 25;
const presignMaxFiles = 100;

export interface UploadSettings {
  maxUploadBytes?: number;
  /** Files above this go up in parts (the server's threshold). */
  multipartThresholdBytes?: number;
  /** The server's part size. */
  multipartPartBytes?: number;
  navigate?: (href: string) => void;
}

/**
 * Drives uploads: our own row model (`store`) for the UI, one UploadJob per file that owns
 * everything about its upload, and Uppy with @uppy/aws-s3 5.1 as the transport. Every decision
 * that matters stays on the server: the browser sends only name, type, size (and MD5 for single
 * PUTs) and uses the URLs it gets back verbatim; it never proposes an object key (a multipart
 * upload's `key` is our upload id, opaque here). Lives for the whole browser session, so moving
 * between pages does not cancel uploads.
 *
 * A file's way: pre-check → (small files: MD5 in a worker) → presign (batched) → PUT to storage,
 * or, above the threshold, parts signed in batches and sent several at a time → POST
 * /api/uploads/{id}/complete (limited) → done. The job does each step; what jobs share lives
 * here: which files go now (UppyTransport), how many bytes are in flight per file and overall,
 * retries with backoff and waiting while offline or paused (ConnectionGate), re-signing refused
 * URLs (ByteSender), and the journal that lets a reloaded page resume (ResumeJournal).
 */
export class UploadController {
  readonly store = new UploadStore();
  readonly #limits = new UploadLimits();
  readonly #jobs = new Map<string, UploadJob>();
  #navigate: (href: string) => void = (href) => window.location.assign(href);
  readonly #gate = new ConnectionGate({
    onStatus: (status) => this.store.setStatus(status),
    onHeldChange: (isHeld) => this.#transport.setHeld(isHeld),
    onOpen: () => this.#transport.pump(),
  });
  readonly #ctx: UploadContext = {
    store: this.store,
    limits: this.#limits,
    gate: this.#gate,
    abandon: (uploadId) => void abortUpload(uploadId).catch(() => undefined),
    record: (row, options) => this.#journal.record(row, options),
  };
  readonly #journal = new ResumeJournal(this.#ctx);
  readonly #rate = new TransferRate((bytesPerSecond) => this.store.setStatus({ bytesPerSecond }));
  readonly #transfers = createFairLimiter({ concurrency: transferConcurrency, perKeyConcurrency: partsPerFileConcurrency });
  readonly #signedRequests = new SignedRequests();
  #md5: Md5Pool | undefined;
  readonly #jobDeps: UploadJobDeps = {
    ...this.#ctx,
    presign: createBatcher<UploadRequestFile, UploadTicket>({ windowMs: presignWindowMs, maxSize: presignMaxFiles, run: (files) => createUploads(files) }),
    md5: () => (this.#md5 ??= new Md5Pool(2)),
    transfers: this.#transfers,
    signedRequests: this.#signedRequests,
    completeSlot: createLimiter(completeConcurrency),
    toasts: createUploadToasts({ onViewGallery: () => this.#navigate("/gallery") }),
    forgetJournal: (ids) => this.#journal.forget(ids),
    enqueue: (id) => this.#transport.enqueue([id]),
    onDisposed: (job) => {
      if (this.#jobs.get(job.id) === job) this.#jobs.delete(job.id);
    },
  };
  readonly #jobFor = (id: string): UploadJob | undefined => this.#jobs.get(id);
  readonly #transport: UppyTransport = new UppyTransport(this.#ctx, {
    fileConcurrency,
    jobFor: this.#jobFor,
    transfers: this.#transfers,
    signedRequests: this.#signedRequests,
    rate: this.#rate,
  });
  #isGuardingUnload = false;
  #isStarted = false;

  constructor() {
    this.store.subscribe(() => {
      const isActive = this.store.getSnapshot().inFlightCount > 0;
      this.#guardUnload(isActive);
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
    this.#gate.listen();
    void this.#journal.restoreInterrupted();
  }

  /** A fresh job for the row (a new file, or one that starts again after it was cancelled or settled). */
  #newJob(id: string): UploadJob {
    this.#jobs.get(id)?.dispose();
    const job = new UploadJob(id, this.#jobDeps);
    this.#jobs.set(id, job);
    return job;
  }

  /** Adds files from the picker, a drop or a paste; anything the pre-check refuses gets a failed row and a toast. */
  addFiles(files: Iterable<File>): void {
    this.#start();
    const checked = Array.from(files, (file) => newUploadRow(file, this.#limits.maxUploadBytes));
    if (checked.length === 0) return;
    for (const row of checked) if (row.state === "failed") this.#jobDeps.toasts.failed(row.name, row.error ?? "");
    // A file picked again after a reload continues the upload it had started.
    const rows = this.#journal.resumeMatching(checked);
    this.store.add(rows);
    const accepted = rows.filter((row) => row.state === "queued");
    for (const row of accepted) void this.#journal.record(row);
    // Hashing starts right away, in list order, so checksums are ready by the time a slot frees up.
    for (const row of accepted) this.#newJob(row.id).hashAhead();
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
    const job = this.#newJob(id);
    void this.#journal.record(next);
    job.hashAhead();
    this.#transport.enqueue([id]);
  }

  /** Holds every upload: transfers in flight stop (a multipart file keeps its finished parts), nothing new starts. */
  pauseAll(): void {
    this.#gate.setPausedByUser(true);
  }

  resumeAll(): void {
    this.#gate.setPausedByUser(false);
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
      // A failed upload kept its parts (or ticket) for a retry; nobody will retry it now.
      const job = this.#jobs.get(row.id);
      if (job) job.dispose({ abandon: row.state === "failed" });
      else if (row.state === "failed" && row.uploadId) this.#ctx.abandon(row.uploadId);
    }
    this.#journal.forget(rows.map((row) => row.id));
    this.store.remove(rows.map((row) => row.id));
  }

  #cancelRows(rows: UploadRow[]): void {
    const cancelled = rows.filter((row) => row.state === "queued" || row.state === "hashing" || row.state === "uploading");
    if (cancelled.length === 0) return;
    for (const row of cancelled) {
      this.#jobs.get(row.id)?.dispose({ abandon: true });
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
    this.#transport.withdraw(new Set(cancelled.map((row) => row.id)));
  }

  #retryRows(rows: UploadRow[]): void {
    for (const row of rows) {
      if (row.state !== "failed" || !row.canRetry) continue;
      (this.#jobs.get(row.id) ?? this.#newJob(row.id)).retry();
    }
  }

  /** Asks the browser to confirm before the page is left while uploads are still on their way. */
  #guardUnload(shouldGuard: boolean): void {
    if (shouldGuard === this.#isGuardingUnload || typeof window === "undefined") return;
    this.#isGuardingUnload = shouldGuard;
    if (shouldGuard) window.addEventListener("beforeunload", onBeforeUnload);
    else window.removeEventListener("beforeunload", onBeforeUnload);
  }
}

function onBeforeUnload(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Older browsers only show the prompt when returnValue is set.
  event.returnValue = "";
}

let controller: UploadController | undefined;

/** The one controller of this browser tab, created on first use. */
export function getUploadController(): UploadController {
  controller ??= new UploadController();
  return controller;
}
