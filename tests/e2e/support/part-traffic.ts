import type { Page, Request } from "@playwright/test";

/** One PUT of one part to storage, as the browser sent it. */
export interface PartAttempt {
  partNumber: number;
  /** Storage's multipart upload id (the S3 one, or the local driver's). */
  uploadId: string;
  url: string;
  /** The test's phase when the request left ("before-cut", "after-reload", …). */
  phase: string;
  status?: number;
  failure?: string;
}

/** A multipart part upload: S3's `?partNumber=&uploadId=` on a PUT, and the local driver's signed URLs alike. */
export function partOf(request: Request): { partNumber: number; uploadId: string } | null {
  if (request.method() !== "PUT") return null;
  const url = new URL(request.url());
  const partNumber = Number(url.searchParams.get("partNumber"));
  const uploadId = url.searchParams.get("uploadId");
  return Number.isInteger(partNumber) && partNumber > 0 && uploadId ? { partNumber, uploadId } : null;
}

/** True for the URL of a part PUT (for `page.route`; the method is checked on the request). */
export const isPartUrl = (url: URL) => url.searchParams.has("partNumber") && url.searchParams.has("uploadId");

/**
 * Records every part PUT the page sends, with its outcome, across reloads of the same page: what
 * "each part was sent successfully exactly once" is checked against.
 */
export class PartTraffic {
  readonly attempts: PartAttempt[] = [];
  phase = "start";
  readonly #byRequest = new WeakMap<Request, PartAttempt>();

  constructor(page: Page) {
    page.on("request", (request) => {
      const part = partOf(request);
      if (!part) return;
      const attempt: PartAttempt = { ...part, url: request.url(), phase: this.phase };
      this.#byRequest.set(request, attempt);
      this.attempts.push(attempt);
    });
    page.on("requestfinished", (request) => {
      const attempt = this.#byRequest.get(request);
      if (!attempt) return;
      void request.response().then((response) => {
        attempt.status = response?.status();
      });
    });
    page.on("requestfailed", (request) => {
      const attempt = this.#byRequest.get(request);
      if (attempt) attempt.failure = request.failure()?.errorText ?? "failed";
    });
  }

  /** Part numbers storage accepted (2xx), each as often as it did. */
  acceptedCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const attempt of this.attempts) if (isOk(attempt)) counts.set(attempt.partNumber, (counts.get(attempt.partNumber) ?? 0) + 1);
    return counts;
  }

  accepted(phase?: string): Set<number> {
    return new Set(this.attempts.filter((attempt) => isOk(attempt) && (phase === undefined || attempt.phase === phase)).map((attempt) => attempt.partNumber));
  }

  requested(phase: string): Set<number> {
    return new Set(this.attempts.filter((attempt) => attempt.phase === phase).map((attempt) => attempt.partNumber));
  }

  uploadIds(): Set<string> {
    return new Set(this.attempts.map((attempt) => attempt.uploadId));
  }

  describe(): string {
    return this.attempts.map((attempt) => `${attempt.phase}#${attempt.partNumber}:${attempt.status ?? attempt.failure ?? "pending"}`).join(" ");
  }
}

const isOk = (attempt: PartAttempt) => attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;

/** The instant a SigV4 presigned URL stops working (X-Amz-Date + X-Amz-Expires), or the local driver's `expires`. */
export function urlExpiresAtMs(url: string): number {
  const params = new URL(url).searchParams;
  const amzDate = params.get("X-Amz-Date");
  const amzExpires = params.get("X-Amz-Expires");
  if (amzDate && amzExpires) {
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!match) throw new Error(`Unreadable X-Amz-Date ${amzDate}`);
    const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
    return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + Number(amzExpires) * 1000;
  }
  const expires = params.get("expires");
  if (expires) return Number(expires) * 1000;
  throw new Error(`No expiry in ${url}`);
}
