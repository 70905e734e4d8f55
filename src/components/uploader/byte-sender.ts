import type { UploadPartBytesResult } from "@uppy/aws-s3";
import type { FairLimiter } from "@/components/uploader/create-fair-limiter";
import { putToStorage, type PutToStorageOptions } from "./put-to-storage";
import type { SignedRequest, SignedRequests, SignedUrl } from "./signed-requests";
import type { TransferRate } from "./transfer-rate";
import type { UploadContext } from "./upload-context";
import { abortError, isTransient, retryTransient, StorageError } from "./upload-failure";
import type { UploadJob } from "./upload-job";

/** Fresh URLs asked for in a row while storage keeps refusing them (403) before giving up. */
const maxRenewals = 3;

/** What @uppy/aws-s3 passes to `uploadPartBytes`: putToStorage's options without our own. */
export type SendBytesOptions = Omit<PutToStorageOptions, "requireEtag" | "stallTimeoutMs">;

export interface ByteSenderDeps {
  /** PUTs to storage at once, all files together and per file. */
  transfers: FairLimiter;
  signedRequests: SignedRequests;
  rate: TransferRate;
  /** The job a URL belongs to, which signs it afresh. */
  jobFor: (id: string) => UploadJob | undefined;
}

/** Sends the bytes of a file or a part to the URL Uppy was given, signing it afresh when storage refuses it. */
export class ByteSender {
  readonly #ctx: Pick<UploadContext, "gate">;
  readonly #deps: ByteSenderDeps;

  constructor(ctx: Pick<UploadContext, "gate">, deps: ByteSenderDeps) {
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

  /** A fresh URL for the same bytes, from the file's job. */
  #renew(request: SignedRequest, signal?: AbortSignal): Promise<SignedUrl> {
    const job = this.#deps.jobFor(request.rowId);
    if (!job) return Promise.reject(abortError());
    return job.renew(request, signal);
  }
}
