import type { AwsS3Part, AwsS3UploadParameters } from "@uppy/aws-s3";
import { ApiError, listUploadedParts, signUploadParts, type CompletedPart } from "@/client/api-client";
import type { FairLimiter } from "@/components/uploader/create-fair-limiter";
import { abortReason } from "@/components/uploader/retry-with-backoff";
import { currentAttemptRow } from "./current-attempt";
import { findFinishedImage } from "./find-finished-image";
import { PartSigner } from "./part-signer";
import type { SignedRequest, SignedRequests, SignedUrl } from "./signed-requests";
import type { UploadContext } from "./upload-context";
import { settingsChangedMessage, UploadFailure, UploadOutcome } from "./upload-failure";
import type { UploadFile } from "./upload-file";
import type { UploadRow } from "./upload-store";
import type { UploadTickets } from "./upload-tickets";

const lostPlanMessage = "This upload lost its part plan — retry.";

export interface MultipartUploadsDeps {
  tickets: UploadTickets;
  /** PUTs to storage at once; a part's slot is taken before its URL is signed. */
  transfers: FairLimiter;
  signedRequests: SignedRequests;
}

/**
 * The callbacks @uppy/aws-s3 calls for files above the threshold. Uppy cuts the file and keeps the
 * part bookkeeping; these open the upload on our server, sign part URLs (in batches, per upload),
 * say which parts storage already holds, and keep the parts' ETags for the complete step.
 */
export class MultipartUploads {
  readonly #ctx: UploadContext;
  readonly #deps: MultipartUploadsDeps;
  readonly #signers = new Map<string, PartSigner>();
  readonly #completedParts = new Map<string, CompletedPart[]>();

  constructor(ctx: UploadContext, deps: MultipartUploadsDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  /** Opens the upload on our server (it opens it in storage and plans the parts); the upload id doubles as Uppy's opaque key. */
  async create(file: UploadFile, signal?: AbortSignal): Promise<{ uploadId: string; key: string }> {
    const { store, limits, abandon, record } = this.#ctx;
    const row = currentAttemptRow(store, file, signal);
    const { id } = row;
    // Paused between opening it and Uppy hearing back: the upload exists, keep it.
    if (row.uploadId && row.multipart) return { uploadId: row.uploadId, key: row.uploadId };
    store.update(id, { state: "uploading", bytesPerSecond: 0 });

    const ticket = await this.#deps.tickets.request(row, signal);
    const partBytes = limits.multipart?.partBytes;
    if (!("multipart" in ticket) || ticket.multipart.partSize !== partBytes || ticket.multipart.partCount !== Math.ceil(row.size / partBytes)) {
      // Uppy has already cut the file by the part size this page was given; it must match the server's plan.
      abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    const updated = store.update(id, { uploadId: ticket.id, multipart: ticket.multipart, partsUploaded: 0 });
    // Recorded before any part is sent, so a reload from here on can continue this upload; at
    // once, not after the journal's batching delay, which would hold the first part back.
    if (updated) await record(updated, { immediately: true });
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
   * batch signed ahead) right before it is used; the slot goes with the URL to the ByteSender.
   */
  async signPart(file: UploadFile, { uploadId, partNumber, signal }: { uploadId: string; key: string; partNumber: number; signal?: AbortSignal }): Promise<AwsS3UploadParameters> {
    const { transfers, signedRequests } = this.#deps;
    const row = currentAttemptRow(this.#ctx.store, file, signal);
    const plan = row.multipart;
    if (!plan) throw new UploadFailure(lostPlanMessage, true);
    const lease = await transfers.acquire(row.id, signal);
    try {
      const signer = this.#signerFor(uploadId, plan.partCount);
      const part = await this.#ctx.gate.withRetries(() => signer.get(partNumber), signal);
      if (signal?.aborted) throw abortReason(signal);
      const request: SignedRequest = { rowId: row.id, attempt: row.attempt, kind: "part", uploadId, partNumber, expiresAtMs: part.expiresAtMs, lease };
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

  /** The part's URL signed afresh (skipping any signed ahead): storage refused the old one, or it expired. */
  async renew(request: SignedRequest, row: UploadRow): Promise<SignedUrl> {
    const plan = row.multipart;
    if (!plan || request.partNumber === undefined) throw new UploadFailure(lostPlanMessage, true);
    const part = await this.#signerFor(request.uploadId, plan.partCount).get(request.partNumber, { fresh: true });
    return { url: part.url, headers: {}, expiresAtMs: part.expiresAtMs };
  }

  /** What storage already holds: Uppy sends only the other parts. */
  async listParts(file: UploadFile, { uploadId, signal }: { uploadId?: string; key: string; signal?: AbortSignal }): Promise<AwsS3Part[]> {
    const { store, gate } = this.#ctx;
    const row = currentAttemptRow(store, file, signal);
    const plan = row.multipart;
    if (!uploadId || !plan) throw new UploadOutcome("gone");
    store.update(row.id, { state: "uploading", bytesPerSecond: 0 });
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
    this.#signerFor(uploadId, plan.partCount).markUploaded(stored.map((part) => part.partNumber));
    store.update(row.id, { partsUploaded: stored.length, isRestored: false });
    return stored.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
  }

  /** Every part is in storage: keep their ETags for the complete call, which runs with the others (UploadCompleter). */
  async collectParts(file: UploadFile, { parts }: { parts: AwsS3Part[] }): Promise<{ location?: string }> {
    const completed: CompletedPart[] = [];
    for (const part of parts) {
      if (part.PartNumber === undefined || !part.ETag) throw new UploadFailure(`Part ${part.PartNumber ?? "?"} has no ETag — retry.`, true);
      completed.push({ partNumber: part.PartNumber, etag: part.ETag });
    }
    this.#completedParts.set(file.id, completed.sort((a, b) => a.partNumber - b.partNumber));
    return {};
  }

  /** The ETags collected for the row's complete call. */
  completedParts(rowId: string): CompletedPart[] | undefined {
    return this.#completedParts.get(rowId);
  }

  /** Forgets the collected ETags: the upload starts over, or its parts are gathered again. */
  forgetCompletedParts(rowId: string): void {
    this.#completedParts.delete(rowId);
  }

  /** Forgets the signer of an upload that was given up or finished. */
  forgetSigner(uploadId: string): void {
    this.#signers.delete(uploadId);
  }
}
