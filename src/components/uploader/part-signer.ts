import { createBatcher } from "@/components/uploader/create-batcher";
import type { SignedPartUrl } from "@/client/api-client";

/** A part URL ready to use: absolute, with the instant it stops working (by this browser's clock). */
export interface PartUrl {
  partNumber: number;
  url: string;
  expiresAtMs: number;
}

interface CachedUrl extends PartUrl {
  lifetimeMs: number;
}

export interface PartSignerOptions {
  uploadId: string;
  partCount: number;
  /** POST /api/uploads/{id}/parts for these part numbers (at most 100). */
  sign: (partNumbers: number[]) => Promise<SignedPartUrl[]>;
  /** Relative URLs (the local storage driver) are resolved against this. */
  baseUrl: string;
  /** Calls for parts within this window share one request. */
  windowMs?: number;
  /** Parts signed ahead of need, when URLs live long enough for that to pay off. */
  lookahead?: number;
}

/** URLs that live shorter than this are signed only on demand: prefetched ones would expire unused. */
const minLifetimeForLookaheadMs = 120_000;
/** A cached URL is handed out only with at least this much life left (or half its lifetime, if shorter). */
const minRemainingMs = 30_000;

/**
 * Part URLs for one multipart upload, signed in batches: concurrent requests within a short window
 * share one POST, and when URLs live long enough the next few parts are signed along (kept for a
 * single use), so a 200 MB file needs a request or two instead of one per part. `fresh` skips the
 * cache, for a URL storage refused as expired.
 */
export class PartSigner {
  readonly uploadId: string;
  readonly #partCount: number;
  readonly #baseUrl: string;
  readonly #lookahead: number;
  readonly #cache = new Map<number, CachedUrl>();
  readonly #pending = new Map<number, Promise<CachedUrl>>();
  readonly #uploaded = new Set<number>();
  /** How long the last signed URLs lived; undefined before the first answer. */
  #lastLifetimeMs: number | undefined;
  readonly #batch: (partNumber: number) => Promise<CachedUrl>;

  constructor({ uploadId, partCount, sign, baseUrl, windowMs = 20, lookahead = 8 }: PartSignerOptions) {
    this.uploadId = uploadId;
    this.#partCount = partCount;
    this.#baseUrl = baseUrl;
    this.#lookahead = lookahead;
    this.#batch = createBatcher<number, CachedUrl>({
      windowMs,
      maxSize: 100,
      run: async (partNumbers) => {
        const signed = await sign(partNumbers);
        const receivedAtMs = Date.now();
        const byNumber = new Map(signed.map((part) => [part.partNumber, part]));
        return partNumbers.map((partNumber) => {
          const part = byNumber.get(partNumber);
          if (!part) throw new Error(`The server did not sign part ${partNumber}`);
          const expiresAtMs = Date.parse(part.expiresAt);
          const lifetimeMs = Number.isFinite(expiresAtMs) ? Math.max(expiresAtMs - receivedAtMs, 0) : 0;
          this.#lastLifetimeMs = lifetimeMs;
          return { partNumber, url: new URL(part.url, this.#baseUrl).href, expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : receivedAtMs, lifetimeMs };
        });
      },
    });
  }

  /** Parts storage already holds: never signed ahead again. */
  markUploaded(partNumbers: Iterable<number>): void {
    for (const partNumber of partNumbers) {
      this.#uploaded.add(partNumber);
      this.#cache.delete(partNumber);
    }
  }

  async get(partNumber: number, { fresh = false }: { fresh?: boolean } = {}): Promise<PartUrl> {
    const cached = this.#cache.get(partNumber);
    this.#cache.delete(partNumber);
    if (!fresh && cached && this.#isUsable(cached)) {
      // Refill before the ready URLs run out, so the next part never waits for a signature.
      if (this.#readyAfter(partNumber) < this.#lookahead / 2) this.#signAhead(partNumber);
      return cached;
    }
    const promise = this.#request(partNumber);
    this.#signAhead(partNumber);
    return promise;
  }

  /** Parts after this one whose URL is ready or on its way. */
  #readyAfter(partNumber: number): number {
    let ready = 0;
    for (const [number, url] of this.#cache) if (number > partNumber && this.#isUsable(url)) ready += 1;
    for (const number of this.#pending.keys()) if (number > partNumber) ready += 1;
    return ready;
  }

  #isUsable(url: CachedUrl): boolean {
    return url.expiresAtMs - Date.now() > Math.min(minRemainingMs, url.lifetimeMs / 2);
  }

  /** One request per part at a time; a second caller shares it (it is at least as fresh as asked for). */
  #request(partNumber: number): Promise<CachedUrl> {
    const running = this.#pending.get(partNumber);
    if (running) return running;
    const promise = this.#batch(partNumber).finally(() => this.#pending.delete(partNumber));
    this.#pending.set(partNumber, promise);
    return promise;
  }

  #signAhead(after: number): void {
    // Before the first answer the lifetime is unknown: sign ahead anyway, so the first batch
    // covers the parts that follow (at worst a few short-lived URLs expire unused, once).
    if (this.#lookahead <= 0 || (this.#lastLifetimeMs !== undefined && this.#lastLifetimeMs < minLifetimeForLookaheadMs)) return;
    let added = 0;
    for (let partNumber = after + 1; partNumber <= this.#partCount && added < this.#lookahead; partNumber += 1) {
      const cached = this.#cache.get(partNumber);
      if (this.#uploaded.has(partNumber) || this.#pending.has(partNumber) || (cached && this.#isUsable(cached))) continue;
      added += 1;
      this.#request(partNumber).then(
        (url) => {
          if (!this.#uploaded.has(partNumber)) this.#cache.set(partNumber, url);
        },
        () => undefined, // the part's own request will ask again
      );
    }
  }
}
