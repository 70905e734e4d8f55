import { backoffDelayMs } from "./backoff";

/**
 * What to do after a failed attempt: `retry` after a backoff delay (counts against `maxRetries`),
 * `retry-now` without waiting and without counting (the caller fixed the cause, e.g. got a fresh
 * signed URL; the decider itself must bound how often it says so), or `fail`.
 */
export type RetryDecision = "retry" | "retry-now" | "fail";

export interface RetryOptions {
  decide: (error: unknown) => RetryDecision | Promise<RetryDecision>;
  /** Delayed retries allowed; the error of the attempt after the last one is thrown. */
  maxRetries: number;
  delayMs?: (retry: number) => number;
  signal?: AbortSignal;
  /**
   * Resolves when an attempt is worth making (online, not paused). Awaited before every attempt;
   * time spent here uses up no retries. It must not resolve while `isOnline()` is false.
   */
  whenReady?: (signal?: AbortSignal) => Promise<void>;
  /** When this says offline after a failure, the failure is the connection's: wait, don't count. */
  isOnline?: () => boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `task` until it succeeds, `decide` says fail, the retries run out or the signal aborts.
 * Failures while offline are not counted: the next attempt waits in `whenReady` for the
 * connection instead, however long that takes.
 */
export async function retryWithBackoff<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { decide, maxRetries, delayMs = (retry) => backoffDelayMs(retry), signal, whenReady, isOnline, sleep: wait = sleep } = options;
  let retries = 0;
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    if (whenReady) await whenReady(signal);
    try {
      return await task();
    } catch (error) {
      if (signal?.aborted) throw error;
      const decision = await decide(error);
      if (decision === "fail") throw error;
      if (decision === "retry-now") continue;
      if (isOnline && !isOnline()) continue;
      retries += 1;
      if (retries > maxRetries) throw error;
      await wait(delayMs(retries), signal);
    }
  }
}
