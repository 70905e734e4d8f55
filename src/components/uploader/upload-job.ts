import type { AwsS3Part, AwsS3UploadParameters } from "@uppy/aws-s3";
import type { UppyFile } from "@uppy/core";
import {
  ApiError,
  completeUpload,
  getImage,
  isFinalErrorCode,
  listUploadedParts,
  signUploadParts,
  type CompletedPart,
  type MultipartUploadTicket,
  type PutUploadTicket,
  type UploadRequestFile,
  type UploadTicket,
} from "@/client/api-client";
import type { FairLimiter } from "@/components/uploader/create-fair-limiter";
import { abortReason } from "@/components/uploader/retry-with-backoff";
import { createSpeedMeter, type SpeedMeter } from "@/lib/speed-meter";
import type { Md5Pool } from "./md5-pool";
import type { PartSigner } from "./part-signer";
import type { SignedRequest, SignedRequests, SignedUrl } from "./signed-requests";
import type { UploadContext } from "./upload-context";
import { notifyImagesChanged } from "./upload-events";
import { abortError, describeFailure, isAbortError, settingsChangedMessage, UploadFailure, UploadOutcome, type FailureDescription } from "./upload-failure";
import { isSettled } from "./upload-state";
import type { UploadRow } from "./upload-store";
import type { UploadToasts } from "./upload-toasts";

export type UploadMeta = { rowId: string; attempt: number };
export type UploadBody = Record<string, never>;
/** A file as Uppy holds it: its id is our row id, its meta the attempt it belongs to. */
export type UploadFile = UppyFile<UploadMeta, UploadBody>;

/** After a pause a single-PUT URL is used again only with this much life left. */
const ticketReuseMarginMs = 30_000;
const lostPlanMessage = "This upload lost its part plan — retry.";

interface PutTicket extends SignedUrl {
  attempt: number;
  uploadId: string;
}

/** What every job shares with the others: the controller's services. */
export interface UploadJobDeps extends UploadContext {
  /** POST /api/uploads for one file (calls close together share a request). */
  presign(file: UploadRequestFile): Promise<UploadTicket>;
  /** The MD5 workers, created on first use. */
  md5(): Md5Pool;
  /** PUTs to storage at once; a part's slot is taken before its URL is signed. */
  transfers: FairLimiter;
  signedRequests: SignedRequests;
  /** Bounds the complete calls (the server verifies and draws a thumbnail for each). */
  completeSlot<T>(task: () => Promise<T>): Promise<T>;
  toasts: UploadToasts;
  /** Drops rows from the journal: nothing about them is left to resume. */
  forgetJournal(ids: string[]): void;
  /** Puts the row in line to be handed to Uppy. */
  enqueue(id: string): void;
  /** The job let go of everything; the controller forgets it. */
  onDisposed(job: UploadJob): void;
}

/**
 * One file's upload, from its row being queued to done: it owns the file's MD5, its server ticket
 * (a presigned PUT, or a multipart plan with its part signer and collected ETags), its speed, its
 * one automatic restart, and the complete call. The row in the store is what the UI shows; the
 * job holds the rest, and `dispose()` lets go of all of it at once. Uppy's callbacks for the file
 * land here (see create-uppy.ts); answers for an earlier attempt are recognised and ignored.
 */
export class UploadJob {
  readonly id: string;
  readonly #deps: UploadJobDeps;
  #hashing: Promise<string> | undefined;
  #putTicket: PutTicket | undefined;
  #signer: PartSigner | undefined;
  #completedParts: CompletedPart[] | undefined;
  #speed: SpeedMeter | undefined;
  /** Restarts made by itself (the server upload was gone, or a part was missing at complete). */
  #autoRestarts = 0;
  #isDisposed = false;

  constructor(id: string, deps: UploadJobDeps) {
    this.id = id;
    this.#deps = deps;
  }

  get isDisposed(): boolean {
    return this.#isDisposed;
  }

  /** The row, unless it is gone. */
  get row(): UploadRow | undefined {
    return this.#deps.store.get(this.id);
  }

  /** Whether `attempt` is still the row's live attempt: not retried since, and not settled. */
  isCurrent(attempt: number): boolean {
    const row = this.row;
    return row !== undefined && row.attempt === attempt && !isSettled(row.state);
  }

  /** The row of the attempt Uppy is working on; an AbortError when that attempt is over or the step was aborted. */
  #currentRow(file: UploadFile, signal?: AbortSignal): UploadRow {
    const row = this.row;
    if (!row || !this.isCurrent(file.meta.attempt) || signal?.aborted) throw abortError();
    return row;
  }

  // ── Hashing ────────────────────────────────────────────────────────────────

  /** The file's base64 MD5, computed once (a retry reuses it). Multipart files are not hashed: the server binds no MD5 to them. */
  hash(): Promise<string> {
    const { store } = this.#deps;
    const row = this.row;
    if (!row || this.#isDisposed) return Promise.reject(abortError());
    if (row.md5) return Promise.resolve(row.md5);
    this.#hashing ??= this.#deps
      .md5()
      .hash(this.id, row.file, () => {
        if (this.row?.state === "queued") store.update(this.id, { state: "hashing" });
      })
      .then((md5) => {
        const current = this.row;
        store.update(this.id, current?.state === "hashing" ? { md5, state: "queued" } : { md5 });
        return md5;
      })
      .finally(() => (this.#hashing = undefined));
    return this.#hashing;
  }

  /** Starts hashing a file that will go up in one PUT; a failure shows later, when its upload asks for the hash. */
  hashAhead(): void {
    const row = this.row;
    if (row && !this.#deps.limits.isMultipartSize(row.size)) this.hash().catch(() => undefined);
  }

  // ── Tickets (POST /api/uploads) ────────────────────────────────────────────

  /** A ticket for the row's current attempt, with retries; the server's refusal becomes an UploadFailure. */
  async #requestTicket(row: UploadRow, signal?: AbortSignal, extra: Pick<UploadRequestFile, "md5"> = {}): Promise<PutUploadTicket | MultipartUploadTicket> {
    const { gate, abandon } = this.#deps;
    const allowDuplicate = row.allowDuplicate ? { allowDuplicate: true } : {};
    const ticket = await gate.withRetries(() => this.#deps.presign({ name: row.name, type: row.type, size: row.size, ...extra, ...allowDuplicate }), signal);
    if (!this.isCurrent(row.attempt) || signal?.aborted) {
      // Cancelled while the server was signing: give the fresh upload back.
      if ("id" in ticket) abandon(ticket.id);
      throw abortError();
    }
    if ("error" in ticket) throw new UploadFailure(ticket.error.message, !isFinalErrorCode(ticket.error.code));
    if ("duplicateOf" in ticket) throw new UploadOutcome("duplicate", undefined, ticket.duplicateOf);
    return ticket;
  }

  // ── One PUT (files below the multipart threshold) ──────────────────────────

  /** Uppy asks for the PUT of the file: hash it, get a ticket from our server, hand back exactly what it said. */
  async putParameters(file: UploadFile, signal?: AbortSignal): Promise<AwsS3UploadParameters> {
    const { store, abandon } = this.#deps;
    const attempt = file.meta.attempt;
    let row = this.#currentRow(file, signal);

    if (row.isRestored && row.uploadId) {
      const imageId = await findFinishedImage(row.uploadId);
      if (imageId) throw new UploadOutcome("already-uploaded", imageId);
      // A single PUT cannot continue where it stopped; its old ticket is given back.
      abandon(row.uploadId);
      row = store.update(this.id, { uploadId: undefined, isRestored: false }) ?? row;
    }

    let md5: string;
    try {
      md5 = await this.hash();
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new UploadFailure("The file could not be read from your disk — it may have been moved or changed; add it again.", false);
    }
    row = this.#currentRow(file, signal);
    store.update(this.id, { state: "uploading", bytesPerSecond: 0 });

    // After a pause the same URL still works if it has time left; the server's upload is the same.
    let ticket = this.#putTicket;
    if (!ticket || ticket.attempt !== attempt || ticket.expiresAtMs - Date.now() < ticketReuseMarginMs) {
      if (ticket) abandon(ticket.uploadId);
      ticket = await this.#newPutTicket(row, md5, signal);
    }
    this.#deps.signedRequests.add(ticket.url, { rowId: this.id, attempt, kind: "put", uploadId: ticket.uploadId, expiresAtMs: ticket.expiresAtMs });
    return { method: "PUT", url: ticket.url, headers: ticket.headers, fields: {} };
  }

  async #newPutTicket(row: UploadRow, md5: string, signal?: AbortSignal): Promise<PutTicket> {
    const { store, abandon, record } = this.#deps;
    const ticket = await this.#requestTicket(row, signal, { md5 });
    if ("multipart" in ticket) {
      abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    this.#putTicket = {
      attempt: row.attempt,
      uploadId: ticket.id,
      // The local storage driver signs paths on this app ("/api/storage/…"); XHR needs them absolute.
      url: new URL(ticket.url, window.location.href).href,
      headers: ticket.headers,
      expiresAtMs: Date.parse(ticket.expiresAt) || Date.now(),
    };
    const updated = store.update(this.id, { uploadId: ticket.id });
    if (updated) void record(updated);
    return this.#putTicket;
  }

  // ── Parts (files above the threshold) ──────────────────────────────────────

  /** Opens the upload on our server (it opens it in storage and plans the parts); the upload id doubles as Uppy's opaque key. */
  async createMultipart(file: UploadFile, signal?: AbortSignal): Promise<{ uploadId: string; key: string }> {
    const { store, limits, abandon, record } = this.#deps;
    const row = this.#currentRow(file, signal);
    // Paused between opening it and Uppy hearing back: the upload exists, keep it.
    if (row.uploadId && row.multipart) return { uploadId: row.uploadId, key: row.uploadId };
    store.update(this.id, { state: "uploading", bytesPerSecond: 0 });

    const ticket = await this.#requestTicket(row, signal);
    const partBytes = limits.multipart?.partBytes;
    if (!("multipart" in ticket) || ticket.multipart.partSize !== partBytes || ticket.multipart.partCount !== Math.ceil(row.size / partBytes)) {
      // Uppy has already cut the file by the part size this page was given; it must match the server's plan.
      abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    const updated = store.update(this.id, { uploadId: ticket.id, multipart: ticket.multipart, partsUploaded: 0 });
    // Recorded before any part is sent, so a reload from here on can continue this upload; at
    // once, not after the journal's batching delay, which would hold the first part back.
    if (updated) await record(updated, { immediately: true });
    return { uploadId: ticket.id, key: ticket.id };
  }

  /** The upload's part signer; its code arrives with the first multipart file (most uploads never need it). */
  async #signerFor(uploadId: string, partCount: number): Promise<PartSigner> {
    if (this.#signer?.uploadId === uploadId) return this.#signer;
    const { PartSigner } = await import("./part-signer");
    if (this.#signer?.uploadId !== uploadId) {
      this.#signer = new PartSigner({ uploadId, partCount, baseUrl: window.location.href, sign: (partNumbers) => signUploadParts(uploadId, partNumbers) });
    }
    return this.#signer;
  }

  /**
   * Uppy wants a part's URL. A transfer slot is taken first, so the URL is signed (or taken from the
   * batch signed ahead) right before it is used; the slot goes with the URL to the ByteSender.
   */
  async signPart(file: UploadFile, { uploadId, partNumber, signal }: { uploadId: string; key: string; partNumber: number; signal?: AbortSignal }): Promise<AwsS3UploadParameters> {
    const { transfers, signedRequests, gate } = this.#deps;
    const row = this.#currentRow(file, signal);
    const plan = row.multipart;
    if (!plan) throw new UploadFailure(lostPlanMessage, true);
    const lease = await transfers.acquire(this.id, signal);
    try {
      const signer = await this.#signerFor(uploadId, plan.partCount);
      const part = await gate.withRetries(() => signer.get(partNumber), signal);
      if (signal?.aborted) throw abortReason(signal);
      const request: SignedRequest = { rowId: this.id, attempt: row.attempt, kind: "part", uploadId, partNumber, expiresAtMs: part.expiresAtMs, lease };
      signedRequests.add(part.url, request);
      // Aborted (paused, cancelled) before Uppy sent it: the slot must not stay taken.
      signal?.addEventListener(
        "abort",
        () => {
          signedRequests.drop(part.url, request);
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
  async listParts(file: UploadFile, { uploadId, signal }: { uploadId?: string; key: string; signal?: AbortSignal }): Promise<AwsS3Part[]> {
    const { store, gate } = this.#deps;
    const row = this.#currentRow(file, signal);
    const plan = row.multipart;
    if (!uploadId || !plan) throw new UploadOutcome("gone");
    store.update(this.id, { state: "uploading", bytesPerSecond: 0 });
    let parts;
    try {
      parts = await gate.withRetries(() => listUploadedParts(uploadId, signal), signal);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        // No longer pending: completed meanwhile (by the page before a reload), or expired/cancelled.
        const imageId = await findFinishedImage(uploadId);
        throw new UploadOutcome(imageId ? "already-uploaded" : "gone", imageId);
      }
      throw error;
    }
    const stored = parts.filter((part) => part.partNumber >= 1 && part.partNumber <= plan.partCount);
    (await this.#signerFor(uploadId, plan.partCount)).markUploaded(stored.map((part) => part.partNumber));
    store.update(this.id, { partsUploaded: stored.length, isRestored: false });
    return stored.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
  }

  /** Every part is in storage: keep their ETags for the complete call. */
  collectParts(parts: AwsS3Part[]): Promise<{ location?: string }> {
    const completed: CompletedPart[] = [];
    for (const part of parts) {
      if (part.PartNumber === undefined || !part.ETag) return Promise.reject(new UploadFailure(`Part ${part.PartNumber ?? "?"} has no ETag — retry.`, true));
      completed.push({ partNumber: part.PartNumber, etag: part.ETag });
    }
    this.#completedParts = completed.sort((a, b) => a.partNumber - b.partNumber);
    return Promise.resolve({});
  }

  /** A fresh URL for the same bytes, storage refused the old one or it expired: a part is signed again (skipping any signed ahead); a single PUT gets a new ticket (the old upload is given back). */
  async renew(request: SignedRequest, signal?: AbortSignal): Promise<SignedUrl> {
    const row = this.row;
    if (!row || !this.isCurrent(request.attempt)) throw abortError();
    if (request.kind === "part") {
      const plan = row.multipart;
      if (!plan || request.partNumber === undefined) throw new UploadFailure(lostPlanMessage, true);
      const part = await (await this.#signerFor(request.uploadId, plan.partCount)).get(request.partNumber, { fresh: true });
      return { url: part.url, headers: {}, expiresAtMs: part.expiresAtMs };
    }
    const old = this.#putTicket;
    this.#putTicket = undefined;
    if (old) this.#deps.abandon(old.uploadId);
    const ticket = await this.#newPutTicket(row, await this.hash(), signal);
    return { url: ticket.url, headers: ticket.headers, expiresAtMs: ticket.expiresAtMs };
  }

  // ── Progress ───────────────────────────────────────────────────────────────

  /** Uppy reported bytes sent for the attempt. */
  progress(attempt: number, reported: number): void {
    const row = this.row;
    if (!row || row.state !== "uploading" || row.attempt !== attempt) return;
    // A part sent again after a drop restarts its own count; the row does not go backwards.
    const bytes = Math.min(Math.max(reported, row.bytesUploaded), row.size);
    if (bytes === row.bytesUploaded && row.bytesPerSecond > 0) return;
    this.#speed ??= createSpeedMeter();
    this.#deps.store.update(this.id, { bytesUploaded: bytes, bytesPerSecond: this.#speed.sample(bytes, performance.now()) });
  }

  partUploaded(attempt: number): void {
    const row = this.row;
    if (!row || row.attempt !== attempt) return;
    this.#deps.store.update(this.id, { partsUploaded: Math.min((row.partsUploaded ?? 0) + 1, row.multipart?.partCount ?? Infinity) });
  }

  // ── The end of the transfer, and the complete step ─────────────────────────

  /** Every byte of the attempt is in storage: the server verifies it next. False when the attempt is over. */
  sent(attempt: number): boolean {
    const row = this.row;
    if (!row || row.state !== "uploading" || row.attempt !== attempt) return false;
    this.#deps.store.update(this.id, { state: "verifying", bytesUploaded: row.size, bytesPerSecond: 0, partsUploaded: row.multipart?.partCount });
    this.#speed = undefined;
    return true;
  }

  /** POST /api/uploads/{id}/complete (a few at a time, over all jobs), and what its answer means for the row. */
  async complete(attempt: number): Promise<void> {
    const { store, gate } = this.#deps;
    const row = this.row;
    const uploadId = row?.uploadId;
    if (!row || !uploadId) return;
    const parts = row.multipart ? this.#completedParts : undefined;
    const isStillWanted = () => {
      const current = this.row;
      return current?.state === "verifying" && current.attempt === attempt;
    };
    try {
      const outcome = await this.#deps.completeSlot(() => gate.withRetries(() => completeUpload(uploadId, { parts })));
      if (!isStillWanted()) return;
      if ("duplicateOf" in outcome) this.#markDuplicate(outcome.duplicateOf);
      else this.#markDone(outcome.image.id);
    } catch (error) {
      if (!isStillWanted()) return;
      if (error instanceof ApiError && error.status === 409) {
        // A part storage does not have (the server lists them itself): send what is missing, then complete again.
        if (row.multipart && (await isPending(uploadId)) && this.#restartResuming()) return;
        // Already completed: an earlier complete call got through even though its answer was lost.
        this.#markDone(await findFinishedImage(uploadId));
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.#putTicket = undefined;
        store.update(this.id, { uploadId: undefined, multipart: undefined, partsUploaded: undefined });
        this.#fail({ message: "The upload expired before it could be checked — retry to send the file again.", canRetry: true }, "start");
        return;
      }
      const failure = describeFailure(error);
      // 422 invalid_image and other final answers: the server removed the object, retrying cannot help.
      this.#fail(failure, failure.canRetry ? "complete" : "start");
    }
  }

  /** Uppy gave up on the attempt's transfer (not cancelled): an outcome the server reported, or a failure. */
  transferFailed(error: unknown): void {
    if (error instanceof UploadOutcome) {
      if (error.kind === "already-uploaded") return this.#markDone(error.imageId);
      if (error.kind === "duplicate" && error.duplicateOf) return this.#markDuplicate(error.duplicateOf);
      if (this.#restartFresh()) return;
    }
    this.#fail(describeFailure(error), "start");
  }

  #markDone(imageId: string | undefined): void {
    const { store } = this.#deps;
    const row = store.update(this.id, { state: "done", imageId, error: undefined, canRetry: false, bytesUploaded: this.row?.size ?? 0, bytesPerSecond: 0 });
    if (!row) return;
    this.dispose();
    this.#deps.toasts.succeeded(row.name);
    notifyImagesChanged();
  }

  /** The library already holds the file's bytes: nothing was kept, the row points at the image. */
  #markDuplicate(duplicateOf: { id: string; name: string }): void {
    const row = this.#deps.store.update(this.id, { state: "duplicate", duplicateOf, imageId: undefined, uploadId: undefined, error: undefined, canRetry: false, bytesPerSecond: 0 });
    if (row) this.dispose();
  }

  #fail({ message, canRetry }: FailureDescription, retryFrom: UploadRow["retryFrom"]): void {
    const row = this.#deps.store.update(this.id, { state: "failed", error: message, canRetry, retryFrom, bytesPerSecond: 0 });
    if (!row) return;
    // Nothing to resume after a final failure; a retryable one keeps its job (and journal entry) for a retry or a reload.
    if (!canRetry) this.dispose();
    this.#deps.toasts.failed(row.name, message);
  }

  /** Sends a multipart file's missing parts and completes again, once per job. */
  #restartResuming(): boolean {
    const row = this.row;
    if (!row || !this.#mayRestart()) return false;
    this.#completedParts = undefined;
    if (!this.#deps.store.update(this.id, { state: "queued", attempt: row.attempt + 1, bytesPerSecond: 0 })) return false;
    this.#deps.enqueue(this.id);
    return true;
  }

  /** Starts the file over as a new upload, once per job (its server upload was gone). */
  #restartFresh(): boolean {
    const row = this.row;
    if (!row || !this.#mayRestart()) return false;
    this.#dropTicket();
    const next = this.#deps.store.update(this.id, {
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
    void this.#deps.record(next);
    this.hashAhead();
    this.#deps.enqueue(this.id);
    return true;
  }

  #mayRestart(): boolean {
    if (this.#autoRestarts >= 1) return false;
    this.#autoRestarts += 1;
    return true;
  }

  // ── The person's actions ───────────────────────────────────────────────────

  /** Queues the row again after a retryable failure; a multipart upload keeps its id and continues from the parts storage holds. */
  retry(): void {
    const row = this.row;
    if (row?.state !== "failed" || !row.canRetry) return;
    if (row.retryFrom === "complete" && row.uploadId) {
      this.#deps.store.update(this.id, { state: "verifying", error: undefined, canRetry: false });
      void this.complete(row.attempt);
      return;
    }
    this.#speed = undefined;
    const isResumable = Boolean(row.uploadId && row.multipart);
    if (!isResumable) this.#dropTicket();
    const next = this.#deps.store.update(this.id, {
      state: "queued",
      error: undefined,
      canRetry: false,
      retryFrom: "start",
      bytesPerSecond: 0,
      attempt: row.attempt + 1,
      ...(isResumable ? {} : { uploadId: undefined, multipart: undefined, partsUploaded: undefined, bytesUploaded: 0 }),
    });
    if (!next) return;
    void this.#deps.record(next);
    this.hashAhead();
    this.#deps.enqueue(this.id);
  }

  /** Forgets the server upload this job held (ticket, part signer, collected ETags): the file starts over. */
  #dropTicket(): void {
    this.#putTicket = undefined;
    this.#signer = undefined;
    this.#completedParts = undefined;
  }

  /**
   * Lets go of everything the job holds: a running hash, the ticket, the part signer and its URLs
   * (with any transfer slot one still holds), the ETags, the speed and the journal entry.
   * `abandon` also tells the server to drop the upload (cancelled, or a failed one dismissed).
   */
  dispose({ abandon = false }: { abandon?: boolean } = {}): void {
    if (this.#isDisposed) return;
    this.#isDisposed = true;
    if (this.#hashing) this.#deps.md5().cancel(this.id);
    this.#hashing = undefined;
    const uploadId = this.row?.uploadId ?? this.#putTicket?.uploadId;
    if (abandon && uploadId) this.#deps.abandon(uploadId);
    this.#dropTicket();
    this.#speed = undefined;
    this.#deps.signedRequests.dropRow(this.id);
    this.#deps.forgetJournal([this.id]);
    this.#deps.onDisposed(this);
  }
}

/** An upload started before a reload may have been completed since; then its image exists under the same id. */
async function findFinishedImage(uploadId: string): Promise<string | undefined> {
  try {
    return (await getImage(uploadId)).id;
  } catch {
    return undefined;
  }
}

/** Whether the server still holds the upload open (it answers the part list only while it does). */
async function isPending(uploadId: string): Promise<boolean> {
  try {
    await listUploadedParts(uploadId);
    return true;
  } catch {
    return false;
  }
}
