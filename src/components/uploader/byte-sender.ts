import type { UploadPartBytesResult } from "@uppy/aws-s3";
import type { FairLimiter } from "@/components/uploader/create-fair-limiter";
import { isCurrentAttempt } from "./current-attempt";
import type { MultipartUploads } from "./multipart-uploads";
import { putToStorage, StorageError, type PutToStorageOptions } from "./put-to-storage";
import type { SignedRequest, SignedRequests, SignedUrl } from "./signed-requests";
import type { SinglePutUploads } from "./single-put-uploads";
import type { TransferRate } from "./transfer-rate";
import type { UploadContext } from "./upload-context";
import { abortError, isTransient, retryTransient } from "./upload-failure";

/** Fresh URLs asked for in a row while storage keeps refusing them (403) before giving up. */
const maxRenewals = 3;

/** What @uppy/aws-s3 passes to `uploadPartBytes`: putToStorage's options without our own. */
export type SendBytesOptions = Omit<PutToStorageOptions, "requireEtag" | "stallTimeoutMs">;

export interface ByteSenderDeps {
  /** PUTs to storage at once, all files together and per file. */
  transfers: FairLimiter;
  signedRequests: SignedRequests;
  rate: TransferRate;
  singlePut: SinglePutUploads;
  multipart: MultipartUploads;
}

/** Sends the bytes of a file or a part to the URL Uppy was given, signing it afresh when storage refuses it. */
export class ByteSender {
  readonly #ctx: UploadContext;
  readonly #deps: ByteSenderDeps;

  constructor(ctx: UploadContext, deps: ByteSenderDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  /**
   * Uppy sends a file or a part: within a transfer slot, with retries. A 403 (the URL expired, e.g.
   * while the link was down) gets a fresh URL and the part goes again at once; after a failure
   * without an answer, or with a URL that has visibly expired, the retry is signed afresh too.
   */
  async send({ signature, body, size, onProgress, onComplete, signal }: SendBytesOptions): Promise<UploadPartBytesResult> {
    const { transfers, signedRequests, rate } = this.#deps;
    const request = signedRequests.take(signature.url);
    if (!request) return putToStorage({ signature, body, size, onProgress, onComplete, signal });
    const lease = request.lease ?? (await transfers.acquire(request.rowId, signal));
    let current: SignedUrl = { url: signature.url, headers: signature.headers ?? {}, expiresAtMs: request.expiresAtMs };
    let mustRenew = false;
    let renewals = 0;
    try {
      return await this.#ctx.gate.withRetries(
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
                rate.countSent(event.loaded - sent);
                sent = event.loaded;
              }
              onProgress(event);
            },
            onComplete,
          });
        },
        signal,
        (error) => {
          if (error instanceof StorageError && error.status === 403 && error.code !== "storage_full" && renewals < maxRenewals) {
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
  async #renew(request: SignedRequest, signal?: AbortSignal): Promise<SignedUrl> {
    const { store } = this.#ctx;
    const row = store.get(request.rowId);
    if (!row || !isCurrentAttempt(store, row.id, request.attempt)) throw abortError();
    if (request.kind === "part") return this.#deps.multipart.renew(request, row);
    return this.#deps.singlePut.renew(row, signal);
  }
}
