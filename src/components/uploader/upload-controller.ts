import Uppy, { type UppyFile } from "@uppy/core";
import AwsS3, { type AwsS3Part, type AwsS3UploadParameters, type UploadPartBytesResult } from "@uppy/aws-s3";
import {
  abortUpload,
  ApiError,
  completeUpload,
  createUploads,
  getImage,
  isFinalErrorCode,
  isRetryableError,
  listUploadedParts,
  signUploadParts,
  type CompletedPart,
  type UploadRequestFile,
  type UploadTicket,
} from "@/lib/api-client";
import { isRetryableStatus } from "@/lib/backoff";
import { checkImageFile } from "@/lib/check-image-file";
import { createBatcher } from "@/lib/create-batcher";
import { createFairLimiter, type Lease } from "@/lib/create-fair-limiter";
import { createLimiter } from "@/lib/create-limiter";
import { fileFingerprint } from "@/lib/file-fingerprint";
import { abortReason, retryWithBackoff, type RetryDecision } from "@/lib/retry-with-backoff";
import { createSpeedMeter, type SpeedMeter } from "@/lib/speed-meter";
import { Md5Pool } from "./md5-pool";
import { PartSigner } from "./part-signer";
import { putToStorage, StorageError } from "./put-to-storage";
import { holdTabPresence, newTabId, openTabIds, whenTabCloses } from "./tab-presence";
import { notifyImagesChanged } from "./upload-events";
import { UploadJournal, type JournalEntry } from "./upload-journal";
import { UploadStore, type UploadRow } from "./upload-store";
import { createUploadToasts, type UploadToasts } from "./upload-toasts";

type UploadMeta = { rowId: string; attempt: number };
type UploadBody = Record<string, never>;

/** Calls to POST /api/uploads made within this window share one request (the API takes up to 100 files). */
const presignWindowMs = 25;
const presignMaxFiles = 100;
/** Files being prepared and sent at once (handed to Uppy); the rest wait in the list, unsigned. */
const fileConcurrency = 6;
/** PUTs to storage at once, all files together (browsers open about six connections per host)… */
const transferConcurrency = 6;
/** …and for one file, so the parts of a big file leave room for the photos queued next to it. */
const partsPerFileConcurrency = 4;
/** Completing makes the server read the object and draw a thumbnail; a few at a time keeps it responsive. */
const completeConcurrency = 4;
/** Backoff retries of one request (network error, 5xx, 429): 1, 2, 4, 8, 16, 30 s — about a minute. */
const maxRetries = 6;
/** Fresh URLs asked for in a row while storage keeps refusing them (403) before giving up. */
const maxRenewals = 3;
/** After a pause a single-PUT URL is used again only with this much life left. */
const ticketReuseMarginMs = 30_000;
/** Journal entries older than this are dropped (the server sweeps multipart uploads within a day). */
const journalMaxAgeMs = 7 * 24 * 3600 * 1000;

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

/**
 * Not a failure: what the server said about an upload started before a reload. `already-uploaded`:
 * it was completed meanwhile. `gone`: it expired or was cancelled, so the file starts over.
 */
class UploadOutcome extends Error {
  constructor(
    readonly kind: "already-uploaded" | "gone",
    readonly imageId?: string,
  ) {
    super(kind === "gone" ? "The interrupted upload no longer exists on the server." : "This file was already uploaded.");
    this.name = "UploadOutcome";
  }
}

const settingsChangedMessage = "The server's upload settings changed since this page was loaded — reload the page and add the file again.";

function abortError(): DOMException {
  return new DOMException("The upload was cancelled", "AbortError");
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** Worth retrying by itself after a pause: no answer, a timeout, rate limiting or a server fault — never another 4xx. */
function isTransient(error: unknown): boolean {
  if (error instanceof ApiError || error instanceof StorageError) return isRetryableStatus(error.status);
  return false;
}

const retryTransient = (error: unknown): RetryDecision => (isTransient(error) ? "retry" : "fail");

function describeFailure(error: unknown): { message: string; canRetry: boolean } {
  if (error instanceof UploadFailure) return { message: error.message, canRetry: error.canRetry };
  if (error instanceof ApiError) return { message: error.message, canRetry: isRetryableError(error) };
  if (error instanceof StorageError) return { message: error.message, canRetry: error.code !== "etag_not_exposed" };
  const message = error instanceof Error && error.message ? error.message : "";
  return { message: message ? `The upload failed (${message}) — retry.` : "The upload failed — retry.", canRetry: true };
}

function isNavigatorOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

let rowCounter = 0;
function nextRowId(): string {
  // Not crypto.randomUUID: it is missing on plain-http origins, which self-hosted installs often are.
  // The random tail keeps ids of different tabs apart in the shared journal.
  rowCounter += 1;
  return `f${Date.now().toString(36)}${rowCounter.toString(36)}${Math.floor(Math.random() * 0x10000).toString(36)}`;
}

/** What the controller knows about a URL it handed to Uppy, looked up when Uppy sends bytes to it. */
interface SignedRequest {
  rowId: string;
  attempt: number;
  kind: "put" | "part";
  uploadId: string;
  partNumber?: number;
  expiresAtMs: number;
  /** Part URLs are signed once a transfer slot is held, so they are fresh when used; the slot travels with the URL. */
  lease?: Lease;
}

interface PutTicket {
  attempt: number;
  uploadId: string;
  url: string;
  headers: Record<string, string>;
  expiresAtMs: number;
}

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
 * pause); this class owns the policies: which files go now, how many bytes are in flight per file
 * and overall (Uppy's own queue is unlimited here), retries with backoff, waiting while offline
 * or paused, re-signing refused URLs, and the journal that lets a reloaded page resume.
 */
export class UploadController {
  readonly store = new UploadStore();
  #uppy: Uppy<UploadMeta, UploadBody> | undefined;
  #hashes: Md5Pool | undefined;
  readonly #md5Promises = new Map<string, Promise<string>>();
  readonly #speeds = new Map<string, SpeedMeter>();
  #maxUploadBytes: number | undefined;
  #multipart: { thresholdBytes: number; partBytes: number } | undefined;
  #navigate: (href: string) => void = (href) => window.location.assign(href);
  readonly #toasts: UploadToasts = createUploadToasts({ onViewGallery: () => this.#navigate("/gallery") });
  readonly #presign = createBatcher<UploadRequestFile, UploadTicket>({
    windowMs: presignWindowMs,
    maxSize: presignMaxFiles,
    run: (files) => createUploads(files),
  });
  readonly #limitComplete = createLimiter(completeConcurrency);
  readonly #transfers = createFairLimiter({ concurrency: transferConcurrency, perKeyConcurrency: partsPerFileConcurrency });
  /** Rows waiting for a place in Uppy, in the order they were added. */
  #waiting: string[] = [];
  readonly #inUppy = new Set<string>();
  readonly #signers = new Map<string, PartSigner>();
  readonly #signedRequests = new Map<string, SignedRequest>();
  readonly #putTickets = new Map<string, PutTicket>();
  readonly #completedParts = new Map<string, CompletedPart[]>();
  /** Rows restarted automatically (their server upload was gone, or a part was missing at complete). */
  readonly #autoRestarts = new Map<string, number>();
  readonly #journal = new UploadJournal();
  #tabId = "";
  #isStarted = false;
  #isPausedByUser = false;
  #isOffline = false;
  #isHeld = false;
  #readyWaiters: Array<() => void> = [];
  /** Every byte that left for storage, retries included: the honest base for speed. */
  #bytesSent = 0;
  #rateMeter: SpeedMeter = createSpeedMeter({ halfLifeMs: 3000 });
  #rateTimer: ReturnType<typeof setInterval> | undefined;
  #isGuardingUnload = false;

  constructor() {
    this.store.subscribe(() => {
      this.#syncUnloadGuard();
      this.#syncRateTimer();
    });
  }

  /** The page passes what the server allows and how to navigate without a full reload. */
  configure({ maxUploadBytes, multipartThresholdBytes, multipartPartBytes, navigate }: UploadSettings): void {
    if (maxUploadBytes !== undefined) this.#maxUploadBytes = maxUploadBytes;
    if (multipartThresholdBytes !== undefined && multipartPartBytes !== undefined) {
      this.#multipart = { thresholdBytes: multipartThresholdBytes, partBytes: multipartPartBytes };
    }
    if (navigate) this.#navigate = navigate;
    this.#start();
  }

  /** Browser-only set-up, once: tab identity, connection events, and what a previous page left unfinished. */
  #start(): void {
    if (this.#isStarted || typeof window === "undefined") return;
    this.#isStarted = true;
    this.#tabId = newTabId();
    holdTabPresence(this.#tabId);
    window.addEventListener("online", () => this.#setOffline(false));
    window.addEventListener("offline", () => this.#setOffline(true));
    this.#setOffline(!isNavigatorOnline());
    void this.#restoreInterrupted();
  }

  async #restoreInterrupted(): Promise<void> {
    const [entries, openTabs] = await Promise.all([this.#journal.readAll(), openTabIds()]);
    const now = Date.now();
    const stale: string[] = [];
    const interrupted: JournalEntry[] = [];
    const liveTabs = new Set<string>();
    for (const entry of entries) {
      if (entry.tabId === this.#tabId) continue;
      if (now - entry.savedAtMs > journalMaxAgeMs) stale.push(entry.id);
      // Another open tab's uploads are still running there; they are offered here once it closes.
      else if (openTabs?.has(entry.tabId)) liveTabs.add(entry.tabId);
      else interrupted.push(entry);
    }
    if (stale.length > 0) void this.#journal.remove(stale);
    this.#offerInterrupted(interrupted);
    for (const tabId of liveTabs) {
      void whenTabCloses(tabId)
        .then(() => this.#journal.readAll())
        .then((current) => this.#offerInterrupted(current.filter((entry) => entry.tabId === tabId)));
    }
  }

  /** Lists entries as interrupted, unless the file was picked again meanwhile (it started afresh; its old upload goes). */
  #offerInterrupted(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    const started = new Set(this.store.all().map((row) => row.fingerprint));
    const superseded = entries.filter((entry) => started.has(entry.fingerprint));
    for (const entry of superseded) if (entry.uploadId) this.#abandon(entry.uploadId);
    if (superseded.length > 0) void this.#journal.remove(superseded.map((entry) => entry.id));
    const known = new Set(this.store.status.interrupted.map((entry) => entry.id));
    const added = entries.filter((entry) => !started.has(entry.fingerprint) && !known.has(entry.id));
    if (added.length === 0) return;
    const interrupted = [...this.store.status.interrupted, ...added].sort((a, b) => a.savedAtMs - b.savedAtMs);
    this.store.setStatus({ interrupted });
  }

  /** Adds files from the picker, a drop or a paste; anything the pre-check refuses gets a failed row and a toast. */
  addFiles(files: Iterable<File>): void {
    this.#start();
    const rows: UploadRow[] = [];
    let interrupted = [...this.store.status.interrupted];
    const resumed: string[] = [];
    for (const file of files) {
      const check = checkImageFile(file, this.#maxUploadBytes);
      const fingerprint = fileFingerprint(file);
      const base = {
        id: nextRowId(),
        file,
        name: file.name,
        size: file.size,
        fingerprint,
        bytesUploaded: 0,
        bytesPerSecond: 0,
        retryFrom: "start",
        attempt: 0,
      } as const;
      if (!check.isAllowed) {
        rows.push({ ...base, type: file.type, state: "failed", error: check.message, canRetry: false, isPreviewable: false });
        this.#toasts.failed(file.name, check.message);
        continue;
      }
      const entry = interrupted.find((candidate) => candidate.fingerprint === fingerprint);
      if (entry) {
        interrupted = interrupted.filter((candidate) => candidate !== entry);
        resumed.push(entry.id);
      }
      rows.push({ ...base, type: check.type, state: "queued", canRetry: false, isPreviewable: true, ...this.#resumeFrom(entry, file.size) });
    }
    if (rows.length === 0) return;
    this.store.add(rows);
    if (resumed.length > 0) {
      this.store.setStatus({ interrupted });
      void this.#journal.remove(resumed);
    }
    const accepted = rows.filter((row) => row.state === "queued");
    for (const row of accepted) void this.#journal.put(this.#journalEntry(row));
    // Hashing starts right away, in list order, so checksums are ready by the time a slot frees up.
    for (const row of accepted) if (!this.#isMultipartSize(row.size)) this.#hash(row.id).catch(() => undefined);
    this.#enqueue(accepted.map((row) => row.id));
  }

  /** What a journal entry from before a reload lets the new row skip. */
  #resumeFrom(entry: JournalEntry | undefined, size: number): Partial<UploadRow> {
    if (!entry?.uploadId) return {};
    const plan = entry.multipart;
    if (plan && (!this.#isMultipartSize(size) || plan.partSize !== this.#multipart?.partBytes)) {
      // Cut differently now (the server's part size changed): the old parts cannot be reused.
      this.#abandon(entry.uploadId);
      return {};
    }
    return { uploadId: entry.uploadId, multipart: plan, isRestored: true };
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

  /** Holds every upload: transfers in flight stop (a multipart file keeps its finished parts), nothing new starts. */
  pauseAll(): void {
    this.#isPausedByUser = true;
    this.#applyHold();
  }

  resumeAll(): void {
    this.#isPausedByUser = false;
    this.#applyHold();
  }

  /** Removes a finished or failed row from the list. */
  dismiss(id: string): void {
    const row = this.store.get(id);
    if (row && (row.state === "done" || row.state === "failed")) this.#forgetRows([row]);
  }

  clearFinished(): void {
    this.#forgetRows(this.store.all().filter((row) => row.state === "done" || row.state === "failed"));
  }

  /** Gives up the uploads a previous page left unfinished: the server removes what they had sent. */
  discardInterrupted(): void {
    const entries = this.store.status.interrupted;
    for (const entry of entries) if (entry.uploadId) this.#abandon(entry.uploadId);
    void this.#journal.remove(entries.map((entry) => entry.id));
    this.store.setStatus({ interrupted: [] });
  }

  #forgetRows(rows: UploadRow[]): void {
    for (const row of rows) {
      this.#speeds.delete(row.id);
      // A failed multipart upload kept its parts for a retry; nobody will retry it now.
      if (row.state === "failed" && row.uploadId) this.#abandon(row.uploadId);
      this.#dropUploadState(row);
    }
    void this.#journal.remove(rows.map((row) => row.id));
    this.store.remove(rows.map((row) => row.id));
  }

  #dropUploadState(row: UploadRow): void {
    this.#putTickets.delete(row.id);
    this.#completedParts.delete(row.id);
    if (row.uploadId) this.#signers.delete(row.uploadId);
  }

  #isMultipartSize(size: number): boolean {
    return this.#multipart !== undefined && size > this.#multipart.thresholdBytes;
  }

  #journalEntry(row: UploadRow): JournalEntry {
    return {
      id: row.id,
      tabId: this.#tabId,
      fingerprint: row.fingerprint,
      name: row.name,
      type: row.type,
      size: row.size,
      lastModified: row.file.lastModified,
      uploadId: row.uploadId,
      multipart: row.multipart,
      savedAtMs: Date.now(),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Pause, offline, and the gate every network call passes

  #setOffline(isOffline: boolean): void {
    this.#isOffline = isOffline;
    this.#applyHold();
  }

  #applyHold(): void {
    const isHeld = this.#isPausedByUser || this.#isOffline;
    this.store.setStatus({ isPaused: this.#isPausedByUser, isOffline: this.#isOffline });
    if (isHeld !== this.#isHeld) {
      this.#isHeld = isHeld;
      // Uppy aborts what is in flight; on resume a multipart file asks storage which parts it has.
      if (isHeld) this.#uppy?.pauseAll();
      else this.#uppy?.resumeAll();
    }
    if (!this.#isBlocked()) {
      const waiters = this.#readyWaiters;
      this.#readyWaiters = [];
      for (const wake of waiters) wake();
      this.#pump();
    }
  }

  #isBlocked(): boolean {
    return this.#isHeld || !isNavigatorOnline();
  }

  /** Resolves when requests may go out: online and not paused. */
  #whenReady(signal?: AbortSignal): Promise<void> {
    if (!this.#isBlocked()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#readyWaiters = this.#readyWaiters.filter((waiter) => waiter !== wake);
        reject(abortReason(signal!));
      };
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        if (this.#isBlocked()) this.#readyWaiters.push(wake);
        else resolve();
      };
      this.#readyWaiters.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** A request with the upload policy: backoff on network errors, 5xx and 429; waits out offline and pause. */
  #withRetries<T>(task: () => Promise<T>, signal?: AbortSignal, decide: (error: unknown) => RetryDecision | Promise<RetryDecision> = retryTransient): Promise<T> {
    return retryWithBackoff(task, {
      decide,
      maxRetries,
      signal,
      whenReady: (abort) => this.#whenReady(abort),
      isOnline: () => !this.#isOffline && isNavigatorOnline(),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Uppy

  #ensureUppy(): Uppy<UploadMeta, UploadBody> {
    if (this.#uppy) return this.#uppy;
    const uppy = new Uppy<UploadMeta, UploadBody>({
      id: "pixbucket-uploads",
      autoProceed: true,
      // Our row id becomes Uppy's file id. A multipart upload that already exists on the server
      // (a retry, or a file picked again after a reload) is handed over as Uppy's own resume state:
      // Uppy then asks listParts and sends only the parts storage does not have.
      onBeforeFileAdded: (file) => {
        const row = this.store.get(file.meta.rowId);
        const s3Multipart = row?.uploadId && row.multipart ? { uploadId: row.uploadId, key: row.uploadId } : undefined;
        return Object.assign({ ...file, id: file.meta.rowId }, s3Multipart ? { s3Multipart } : {});
      },
    });
    uppy.use(AwsS3<UploadMeta, UploadBody>, {
      // Uppy's request queue is unlimited: #transfers limits the bytes in flight, #pump the files.
      limit: 0,
      // Retries are ours (#withRetries): Uppy's would also retry other 4xx answers.
      retryDelays: [],
      shouldUseMultipart: (file) => this.#isMultipartSize(file.size ?? 0),
      getChunkSize: () => this.#multipart?.partBytes ?? 16 * 1024 * 1024,
      getUploadParameters: (file, options) => this.#getUploadParameters(file, options),
      createMultipartUpload: (file: UppyFile<UploadMeta, UploadBody>, signal?: AbortSignal) => this.#createMultipartUpload(file, signal),
      signPart: (file, options) => this.#signPart(file, options),
      listParts: (file, options) => this.#listParts(file, options),
      completeMultipartUpload: (file, options) => this.#collectParts(file, options),
      // Uppy calls this when an attempt fails, which would throw away the parts a retry can reuse.
      // Giving an upload up is the controller's decision (#abandon on cancel or dismissal).
      abortMultipartUpload: () => undefined,
      uploadPartBytes: (options) => this.#sendBytes(options),
    });

    uppy.on("upload-progress", (file, progress) => {
      const row = file && this.store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      const reported = typeof progress.bytesUploaded === "number" ? progress.bytesUploaded : 0;
      // A part sent again after a drop restarts its own count; the row does not go backwards.
      const bytes = Math.min(Math.max(reported, row.bytesUploaded), row.size);
      let meter = this.#speeds.get(row.id);
      if (!meter) this.#speeds.set(row.id, (meter = createSpeedMeter()));
      this.store.update(row.id, { bytesUploaded: bytes, bytesPerSecond: meter.sample(bytes, performance.now()) });
    });

    uppy.on("s3-multipart:part-uploaded", (file) => {
      const row = file && this.store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      this.store.update(row.id, { partsUploaded: Math.min((row.partsUploaded ?? 0) + 1, row.multipart?.partCount ?? Infinity) });
    });

    uppy.on("upload-success", (file) => {
      const row = file && this.store.get(file.id);
      if (!row || row.state !== "uploading" || file.meta.attempt !== row.attempt) return;
      this.store.update(row.id, { state: "verifying", bytesUploaded: row.size, bytesPerSecond: 0, partsUploaded: row.multipart?.partCount });
      this.#releaseFromUppy(row.id, row.attempt);
      void this.#complete(row.id, row.attempt);
    });

    uppy.on("upload-error", (file, error) => {
      const row = file && this.store.get(file.id);
      if (!row || file.meta.attempt !== row.attempt) return;
      this.#releaseFromUppy(row.id, row.attempt);
      // A cancelled file is already marked failed; its abort is not news.
      if (row.state === "failed" || row.state === "done" || isAbortError(error)) return;
      if (error instanceof UploadOutcome) {
        if (error.kind === "already-uploaded") {
          this.#markDone(row.id, error.imageId);
          return;
        }
        if (this.#restartFresh(row)) return;
      }
      this.#fail(row.id, describeFailure(error), "start");
    });

    this.#uppy = uppy;
    return uppy;
  }

  #enqueue(ids: string[]): void {
    this.#waiting.push(...ids);
    this.#pump();
  }

  /** Hands waiting files to Uppy while there is room, in the order they were added. */
  #pump(): void {
    if (this.#isBlocked() || this.#waiting.length === 0) return;
    const batch: UploadRow[] = [];
    const later: string[] = [];
    while (this.#inUppy.size + batch.length < fileConcurrency && this.#waiting.length > 0) {
      const id = this.#waiting.shift()!;
      const row = this.store.get(id);
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

  /** Drops a settled file from Uppy (after its event handlers finish) and lets the next one in. */
  #releaseFromUppy(id: string, attempt: number): void {
    setTimeout(() => {
      const uppy = this.#uppy;
      if (uppy?.getFile(id)?.meta.attempt === attempt) uppy.removeFile(id);
      if (!uppy?.getFile(id)) this.#inUppy.delete(id);
      this.#pump();
    }, 0);
  }

  #hashPool(): Md5Pool {
    this.#hashes ??= new Md5Pool(2);
    return this.#hashes;
  }

  /** The file's base64 MD5, computed once per row (a retry reuses it). Multipart files are not hashed: the server binds no MD5 to them. */
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

  #currentRow(file: UppyFile<UploadMeta, UploadBody>, signal?: AbortSignal): UploadRow {
    const row = this.store.get(file.id);
    if (!row || !this.#isCurrent(file.id, file.meta.attempt) || signal?.aborted) throw abortError();
    return row;
  }

  /** An upload started before a reload may have been completed since; then its image exists under the same id. */
  async #findFinishedImage(uploadId: string): Promise<string | undefined> {
    try {
      return (await getImage(uploadId)).id;
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Single PUT

  /** Uppy asks for the PUT of one file: hash it, get a ticket from our server, hand back exactly what it said. */
  async #getUploadParameters(file: UppyFile<UploadMeta, UploadBody>, { signal }: { signal?: AbortSignal }): Promise<AwsS3UploadParameters> {
    const id = file.id;
    const attempt = file.meta.attempt;
    let row = this.#currentRow(file, signal);

    if (row.isRestored && row.uploadId) {
      const imageId = await this.#findFinishedImage(row.uploadId);
      if (imageId) throw new UploadOutcome("already-uploaded", imageId);
      // A single PUT cannot continue where it stopped; its old ticket is given back.
      this.#abandon(row.uploadId);
      row = this.store.update(id, { uploadId: undefined, isRestored: false }) ?? row;
    }

    let md5: string;
    try {
      md5 = await this.#hash(id);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new UploadFailure("The file could not be read from your disk — it may have been moved or changed; add it again.", false);
    }
    row = this.#currentRow(file, signal);
    this.store.update(id, { state: "uploading", bytesPerSecond: 0 });

    // After a pause the same URL still works if it has time left; the server's upload is the same.
    let ticket = this.#putTickets.get(id);
    if (!ticket || ticket.attempt !== attempt || ticket.expiresAtMs - Date.now() < ticketReuseMarginMs) {
      if (ticket) this.#abandon(ticket.uploadId);
      ticket = await this.#newPutTicket(row, md5, signal);
    }
    this.#signedRequests.set(ticket.url, { rowId: id, attempt, kind: "put", uploadId: ticket.uploadId, expiresAtMs: ticket.expiresAtMs });
    return { method: "PUT", url: ticket.url, headers: ticket.headers, fields: {} };
  }

  async #newPutTicket(row: UploadRow, md5: string, signal?: AbortSignal): Promise<PutTicket> {
    const { id, attempt } = row;
    const ticket = await this.#withRetries(() => this.#presign({ name: row.name, type: row.type, size: row.size, md5 }), signal);
    if (!this.#isCurrent(id, attempt) || signal?.aborted) {
      // Cancelled while the server was signing: give the fresh upload back.
      if ("id" in ticket) this.#abandon(ticket.id);
      throw abortError();
    }
    if ("error" in ticket) throw new UploadFailure(ticket.error.message, !isFinalErrorCode(ticket.error.code));
    if ("multipart" in ticket) {
      this.#abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    const put: PutTicket = {
      attempt,
      uploadId: ticket.id,
      // The local storage driver signs paths on this app ("/api/storage/…"); XHR needs them absolute.
      url: new URL(ticket.url, window.location.href).href,
      headers: ticket.headers,
      expiresAtMs: Date.parse(ticket.expiresAt) || Date.now(),
    };
    this.#putTickets.set(id, put);
    const updated = this.store.update(id, { uploadId: ticket.id });
    if (updated) void this.#journal.put(this.#journalEntry(updated));
    return put;
  }

  // ---------------------------------------------------------------------------------------------
  // Multipart

  /** Opens the upload on our server (it opens it in storage and plans the parts); the upload id doubles as Uppy's opaque key. */
  async #createMultipartUpload(file: UppyFile<UploadMeta, UploadBody>, signal?: AbortSignal): Promise<{ uploadId: string; key: string }> {
    const row = this.#currentRow(file, signal);
    const { id, attempt } = row;
    // Paused between opening it and Uppy hearing back: the upload exists, keep it.
    if (row.uploadId && row.multipart) return { uploadId: row.uploadId, key: row.uploadId };
    this.store.update(id, { state: "uploading", bytesPerSecond: 0 });

    const ticket = await this.#withRetries(() => this.#presign({ name: row.name, type: row.type, size: row.size }), signal);
    if (!this.#isCurrent(id, attempt) || signal?.aborted) {
      if ("id" in ticket) this.#abandon(ticket.id);
      throw abortError();
    }
    if ("error" in ticket) throw new UploadFailure(ticket.error.message, !isFinalErrorCode(ticket.error.code));
    const partBytes = this.#multipart?.partBytes;
    if (!("multipart" in ticket) || ticket.multipart.partSize !== partBytes || ticket.multipart.partCount !== Math.ceil(row.size / partBytes)) {
      // Uppy has already cut the file by the part size this page was given; it must match the server's plan.
      this.#abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    const updated = this.store.update(id, { uploadId: ticket.id, multipart: ticket.multipart, partsUploaded: 0 });
    // Recorded before any part is sent, so a reload from here on can continue this upload.
    if (updated) await this.#journal.put(this.#journalEntry(updated));
    return { uploadId: ticket.id, key: ticket.id };
  }

  #signerFor(uploadId: string, partCount: number): PartSigner {
    let signer = this.#signers.get(uploadId);
    if (!signer) {
      signer = new PartSigner({ uploadId, partCount, baseUrl: window.location.href, sign: (partNumbers) => signUploadParts(uploadId, partNumbers) });
      this.#signers.set(uploadId, signer);
    }
    return signer;
  }

  /**
   * Uppy wants a part's URL. A transfer slot is taken first, so the URL is signed (or taken from the
   * batch signed ahead) right before it is used; the slot goes with the URL to #sendBytes.
   */
  async #signPart(
    file: UppyFile<UploadMeta, UploadBody>,
    { uploadId, partNumber, signal }: { uploadId: string; key: string; partNumber: number; signal?: AbortSignal },
  ): Promise<AwsS3UploadParameters> {
    const row = this.#currentRow(file, signal);
    const plan = row.multipart;
    if (!plan) throw new UploadFailure("This upload lost its part plan — retry.", true);
    const lease = await this.#transfers.acquire(row.id, signal);
    try {
      const signer = this.#signerFor(uploadId, plan.partCount);
      const part = await this.#withRetries(() => signer.get(partNumber), signal);
      if (signal?.aborted) throw abortReason(signal);
      const request: SignedRequest = { rowId: row.id, attempt: row.attempt, kind: "part", uploadId, partNumber, expiresAtMs: part.expiresAtMs, lease };
      this.#signedRequests.get(part.url)?.lease?.release();
      this.#signedRequests.set(part.url, request);
      // Aborted (paused, cancelled) before Uppy sent it: the slot must not stay taken.
      signal?.addEventListener(
        "abort",
        () => {
          if (this.#signedRequests.get(part.url) === request) this.#signedRequests.delete(part.url);
          lease.release();
        },
        { once: true },
      );
      return { method: "PUT", url: part.url, headers: {} };
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  /** What storage already holds: Uppy sends only the other parts. */
  async #listParts(file: UppyFile<UploadMeta, UploadBody>, { uploadId, signal }: { uploadId?: string; key: string; signal?: AbortSignal }): Promise<AwsS3Part[]> {
    const row = this.#currentRow(file, signal);
    const plan = row.multipart;
    if (!uploadId || !plan) throw new UploadOutcome("gone");
    this.store.update(row.id, { state: "uploading", bytesPerSecond: 0 });
    let parts;
    try {
      parts = await this.#withRetries(() => listUploadedParts(uploadId, signal), signal);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        // No longer pending: completed meanwhile (by the page before a reload), or expired/cancelled.
        const imageId = await this.#findFinishedImage(uploadId);
        throw new UploadOutcome(imageId ? "already-uploaded" : "gone", imageId);
      }
      throw error;
    }
    const stored = parts.filter((part) => part.partNumber >= 1 && part.partNumber <= plan.partCount);
    this.#signerFor(uploadId, plan.partCount).markUploaded(stored.map((part) => part.partNumber));
    this.store.update(row.id, { partsUploaded: stored.length, isRestored: false });
    return stored.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
  }

  /** Every part is in storage: keep their ETags for the complete call, which runs with the others (#complete). */
  async #collectParts(file: UppyFile<UploadMeta, UploadBody>, { parts }: { parts: AwsS3Part[] }): Promise<{ location?: string }> {
    const completed: CompletedPart[] = [];
    for (const part of parts) {
      if (part.PartNumber === undefined || !part.ETag) throw new UploadFailure(`Part ${part.PartNumber ?? "?"} has no ETag — retry.`, true);
      completed.push({ partNumber: part.PartNumber, etag: part.ETag });
    }
    this.#completedParts.set(file.id, completed.sort((a, b) => a.partNumber - b.partNumber));
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // Sending bytes

  /**
   * Uppy sends a file or a part: within a transfer slot, with retries. A 403 (the URL expired, e.g.
   * while the link was down) gets a fresh URL and the part goes again at once; after a failure
   * without an answer, or with a URL that has visibly expired, the retry is signed afresh too.
   */
  async #sendBytes({
    signature,
    body,
    size,
    onProgress,
    onComplete,
    signal,
  }: {
    signature: AwsS3UploadParameters;
    body: FormData | Blob;
    size?: number;
    onProgress: (event: { loaded: number; lengthComputable: boolean }) => void;
    onComplete: (etag: string) => void;
    signal?: AbortSignal;
  }): Promise<UploadPartBytesResult> {
    const request = this.#signedRequests.get(signature.url);
    this.#signedRequests.delete(signature.url);
    if (!request) return putToStorage({ signature, body, size, onProgress, onComplete, signal });
    const lease = request.lease ?? (await this.#transfers.acquire(request.rowId, signal));
    let current = { url: signature.url, headers: signature.headers ?? {}, expiresAtMs: request.expiresAtMs };
    let mustRenew = false;
    let renewals = 0;
    try {
      return await this.#withRetries(
        async () => {
          if (mustRenew || current.expiresAtMs <= Date.now()) {
            current = await this.#renew(request, signal);
            mustRenew = false;
          }
          let sent = 0;
          return putToStorage({
            signature: { method: "PUT", url: current.url, headers: current.headers },
            body,
            size,
            signal,
            requireEtag: request.kind === "part",
            onProgress: (event) => {
              if (event.loaded > sent) {
                this.#bytesSent += event.loaded - sent;
                sent = event.loaded;
              }
              onProgress(event);
            },
            onComplete,
          });
        },
        signal,
        (error) => {
          if (error instanceof StorageError && error.status === 403 && renewals < maxRenewals) {
            renewals += 1;
            mustRenew = true;
            return "retry-now";
          }
          // No answer at all: the link dropped, or storage refused without CORS headers (RGW sends
          // its 403 for an expired URL that way, which the browser cannot read). Either way the
          // retry goes with a fresh URL; it costs one signing call.
          if (error instanceof StorageError && error.status === 0) mustRenew = true;
          if (isTransient(error) && current.expiresAtMs <= Date.now()) mustRenew = true;
          return retryTransient(error);
        },
      );
    } finally {
      lease.release();
    }
  }

  /** A fresh URL for the same bytes: a part is signed again; a single PUT gets a new ticket (the old upload is given back). */
  async #renew(request: SignedRequest, signal?: AbortSignal): Promise<{ url: string; headers: Record<string, string>; expiresAtMs: number }> {
    const row = this.store.get(request.rowId);
    if (!row || !this.#isCurrent(row.id, request.attempt)) throw abortError();
    if (request.kind === "part") {
      const plan = row.multipart;
      if (!plan || request.partNumber === undefined) throw new UploadFailure("This upload lost its part plan — retry.", true);
      const part = await this.#signerFor(request.uploadId, plan.partCount).get(request.partNumber, { fresh: true });
      return { url: part.url, headers: {}, expiresAtMs: part.expiresAtMs };
    }
    const old = this.#putTickets.get(row.id);
    this.#putTickets.delete(row.id);
    if (old) this.#abandon(old.uploadId);
    const ticket = await this.#newPutTicket(row, await this.#hash(row.id), signal);
    return { url: ticket.url, headers: ticket.headers, expiresAtMs: ticket.expiresAtMs };
  }

  // ---------------------------------------------------------------------------------------------
  // Complete

  /** Asks the server to verify and index what reached storage. */
  async #complete(id: string, attempt: number): Promise<void> {
    const row = this.store.get(id);
    const uploadId = row?.uploadId;
    if (!row || !uploadId) return;
    const parts = row.multipart ? this.#completedParts.get(id) : undefined;
    const isStillWanted = () => {
      const current = this.store.get(id);
      return current?.state === "verifying" && current.attempt === attempt;
    };
    try {
      const image = await this.#limitComplete(() => this.#withRetries(() => completeUpload(uploadId, { parts })));
      if (!isStillWanted()) return;
      this.#markDone(id, image.id);
    } catch (error) {
      if (!isStillWanted()) return;
      if (error instanceof ApiError && error.status === 409) {
        // A part storage does not have (the server lists them itself): send what is missing, then complete again.
        if (row.multipart && (await this.#isPending(uploadId)) && this.#restartResuming(id)) return;
        // Already completed: an earlier complete call got through even though its answer was lost.
        this.#markDone(id, await this.#findFinishedImage(uploadId));
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.#putTickets.delete(id);
        this.store.update(id, { uploadId: undefined, multipart: undefined, partsUploaded: undefined });
        this.#fail(id, { message: "The upload expired before it could be checked — retry to send the file again.", canRetry: true }, "start");
        return;
      }
      const failure = describeFailure(error);
      // 422 invalid_image and other final answers: the server removed the object, retrying cannot help.
      this.#fail(id, failure, failure.canRetry ? "complete" : "start");
    }
  }

  async #isPending(uploadId: string): Promise<boolean> {
    try {
      await listUploadedParts(uploadId);
      return true;
    } catch {
      return false;
    }
  }

  #markDone(id: string, imageId: string | undefined): void {
    const row = this.store.update(id, { state: "done", imageId, error: undefined, canRetry: false, bytesUploaded: this.store.get(id)?.size ?? 0, bytesPerSecond: 0 });
    if (!row) return;
    this.#dropUploadState(row);
    void this.#journal.remove([id]);
    this.#toasts.succeeded(row.name);
    notifyImagesChanged();
  }

  #fail(id: string, { message, canRetry }: { message: string; canRetry: boolean }, retryFrom: UploadRow["retryFrom"]): void {
    const row = this.store.update(id, { state: "failed", error: message, canRetry, retryFrom, bytesPerSecond: 0 });
    if (!row) return;
    // Nothing to resume after a final failure; a retryable one stays in the journal for after a reload.
    if (!canRetry) void this.#journal.remove([id]);
    this.#toasts.failed(row.name, message);
  }

  /** Tells the server to drop an upload nobody will finish; harmless if it was already gone. */
  #abandon(uploadId: string): void {
    this.#signers.delete(uploadId);
    abortUpload(uploadId).catch(() => undefined);
  }

  /** Starts a file over as a new upload, once per row (its server upload was gone). */
  #restartFresh(row: UploadRow): boolean {
    if ((this.#autoRestarts.get(row.id) ?? 0) >= 1) return false;
    this.#autoRestarts.set(row.id, (this.#autoRestarts.get(row.id) ?? 0) + 1);
    this.#dropUploadState(row);
    const next = this.store.update(row.id, {
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
    void this.#journal.put(this.#journalEntry(next));
    if (!this.#isMultipartSize(next.size)) this.#hash(next.id).catch(() => undefined);
    this.#enqueue([next.id]);
    return true;
  }

  /** Sends a multipart file's missing parts and completes again, once per row. */
  #restartResuming(id: string): boolean {
    const row = this.store.get(id);
    if (!row || (this.#autoRestarts.get(id) ?? 0) >= 1) return false;
    this.#autoRestarts.set(id, (this.#autoRestarts.get(id) ?? 0) + 1);
    this.#completedParts.delete(id);
    const next = this.store.update(id, { state: "queued", attempt: row.attempt + 1, bytesPerSecond: 0 });
    if (!next) return false;
    this.#enqueue([id]);
    return true;
  }

  #cancelRows(rows: UploadRow[]): void {
    const cancelled = rows.filter((row) => row.state === "queued" || row.state === "hashing" || row.state === "uploading");
    if (cancelled.length === 0) return;
    const ids = new Set(cancelled.map((row) => row.id));
    this.#waiting = this.#waiting.filter((id) => !ids.has(id));
    for (const row of cancelled) {
      this.#hashes?.cancel(row.id);
      if (row.uploadId) this.#abandon(row.uploadId);
      this.#dropUploadState(row);
      this.#speeds.delete(row.id);
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
    void this.#journal.remove(ids);
    const uppy = this.#uppy;
    if (uppy) {
      const inUppy = cancelled.map((row) => row.id).filter((id) => uppy.getFile(id));
      // Removing a file aborts its requests; one call keeps it a single state update in Uppy.
      if (inUppy.length > 0) uppy.removeFiles(inUppy);
      for (const id of ids) if (!uppy.getFile(id)) this.#inUppy.delete(id);
    }
    this.#pump();
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
      void this.#journal.put(this.#journalEntry(row));
      if (!this.#isMultipartSize(row.size)) this.#hash(row.id).catch(() => undefined);
    }
    this.#enqueue(restart.map((row) => row.id));
  }

  // ---------------------------------------------------------------------------------------------
  // Speed, and the unload guard

  #syncRateTimer(): void {
    const isActive = this.store.getSnapshot().inFlightCount > 0;
    if (isActive && this.#rateTimer === undefined) {
      this.#rateMeter = createSpeedMeter({ halfLifeMs: 3000 });
      this.#rateMeter.sample(this.#bytesSent, performance.now());
      this.#rateTimer = setInterval(() => this.store.setStatus({ bytesPerSecond: this.#rateMeter.sample(this.#bytesSent, performance.now()) }), 1000);
    } else if (!isActive && this.#rateTimer !== undefined) {
      clearInterval(this.#rateTimer);
      this.#rateTimer = undefined;
      this.store.setStatus({ bytesPerSecond: 0 });
    }
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
