import type { Lease } from "@/components/uploader/create-fair-limiter";

/** What we know about a URL handed to Uppy, looked up when Uppy sends bytes to it. */
export interface SignedRequest {
  rowId: string;
  attempt: number;
  kind: "put" | "part";
  uploadId: string;
  partNumber?: number;
  expiresAtMs: number;
  /** Part URLs are signed once a transfer slot is held, so they are fresh when used; the slot travels with the URL. */
  lease?: Lease;
}

/** The URLs handed to Uppy, by URL, until Uppy sends bytes to them or the step is aborted. */
export class SignedRequests {
  readonly #byUrl = new Map<string, SignedRequest>();

  /** Records a URL; a URL handed out again replaces its earlier request, whose transfer slot is freed. */
  add(url: string, request: SignedRequest): void {
    this.#byUrl.get(url)?.lease?.release();
    this.#byUrl.set(url, request);
  }

  /** The request behind a URL Uppy is sending to; it serves that one send. */
  take(url: string): SignedRequest | undefined {
    const request = this.#byUrl.get(url);
    this.#byUrl.delete(url);
    return request;
  }

  /** Forgets every URL of a row whose upload is over, freeing the transfer slots any of them still held. */
  dropRow(rowId: string): void {
    for (const [url, request] of this.#byUrl) {
      if (request.rowId !== rowId) continue;
      request.lease?.release();
      this.#byUrl.delete(url);
    }
  }

  /** Forgets a URL whose step was aborted before Uppy sent it, unless it was handed out again since. */
  drop(url: string, request: SignedRequest): void {
    if (this.#byUrl.get(url) === request) this.#byUrl.delete(url);
  }
}

/** A URL to send bytes to, with the headers signed into it and the instant it stops working. */
export interface SignedUrl {
  url: string;
  headers: Record<string, string>;
  expiresAtMs: number;
}
