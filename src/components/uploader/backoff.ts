/**
 * HTTP statuses worth trying again after a pause: no answer at all (0: the connection failed),
 * a timeout, rate limiting, a fault on the server's side. Any other 4xx means the request itself
 * is wrong, and sending it again cannot help.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export interface BackoffOptions {
  /** The ceiling of the first delay. */
  baseMs?: number;
  /** No delay is longer than this. */
  maxMs?: number;
  /** 0..1; injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * How long to wait before retry number `retry` (1 for the first): the ceiling doubles from
 * `baseMs` up to `maxMs`, and the delay is drawn from its upper half, so clients that failed
 * together (a storage hiccup hits every upload at once) do not all come back in the same instant.
 */
export function backoffDelayMs(retry: number, { baseMs = 1000, maxMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const exponent = Math.min(Math.max(Math.floor(retry) - 1, 0), 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}
