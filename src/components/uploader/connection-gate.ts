import { abortReason, retryWithBackoff, type RetryDecision } from "@/components/uploader/retry-with-backoff";
import { retryTransient } from "./upload-failure";

/** Backoff retries of one request (network error, 5xx, 429): 1, 2, 4, 8, 16, 30 s — about a minute. */
const maxRetries = 6;

export function isNavigatorOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

export interface ConnectionGateEvents {
  /** The pause and connection state changed (or was set again): for the UI. */
  onStatus(status: { isPaused: boolean; isOffline: boolean }): void;
  /** Uploads are now held (paused or offline), or released. */
  onHeldChange(isHeld: boolean): void;
  /** Requests may go out again; called after the requests waiting at the gate were let through. */
  onOpen(): void;
}

/**
 * Pause, offline, and the gate every network call passes: while the person has paused or the
 * browser is offline, requests wait here instead of failing, and `withRetries` applies the
 * upload policy (backoff on transient failures, no counting while offline).
 */
export class ConnectionGate {
  readonly #events: ConnectionGateEvents;
  #isPausedByUser = false;
  #isOffline = false;
  #isHeld = false;
  #readyWaiters: Array<() => void> = [];

  constructor(events: ConnectionGateEvents) {
    this.#events = events;
  }

  /** Follows the browser's online and offline events, starting from what it says now. */
  listen(): void {
    window.addEventListener("online", () => this.#setOffline(false));
    window.addEventListener("offline", () => this.#setOffline(true));
    this.#setOffline(!isNavigatorOnline());
  }

  setPausedByUser(isPaused: boolean): void {
    this.#isPausedByUser = isPaused;
    this.#applyHold();
  }

  #setOffline(isOffline: boolean): void {
    this.#isOffline = isOffline;
    this.#applyHold();
  }

  #applyHold(): void {
    const isHeld = this.#isPausedByUser || this.#isOffline;
    this.#events.onStatus({ isPaused: this.#isPausedByUser, isOffline: this.#isOffline });
    if (isHeld !== this.#isHeld) {
      this.#isHeld = isHeld;
      this.#events.onHeldChange(isHeld);
    }
    if (!this.isBlocked()) {
      const waiters = this.#readyWaiters;
      this.#readyWaiters = [];
      for (const wake of waiters) wake();
      this.#events.onOpen();
    }
  }

  isBlocked(): boolean {
    return this.#isHeld || !isNavigatorOnline();
  }

  /** Resolves when requests may go out: online and not paused. */
  whenReady(signal?: AbortSignal): Promise<void> {
    if (!this.isBlocked()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#readyWaiters = this.#readyWaiters.filter((waiter) => waiter !== wake);
        reject(abortReason(signal!));
      };
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        if (this.isBlocked()) this.#readyWaiters.push(wake);
        else resolve();
      };
      this.#readyWaiters.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** A request with the upload policy: backoff on network errors, 5xx and 429; waits out offline and pause. */
  withRetries<T>(task: () => Promise<T>, signal?: AbortSignal, decide: (error: unknown) => RetryDecision | Promise<RetryDecision> = retryTransient): Promise<T> {
    return retryWithBackoff(task, {
      decide,
      maxRetries,
      signal,
      whenReady: (abort) => this.whenReady(abort),
      isOnline: () => !this.#isOffline && isNavigatorOnline(),
    });
  }
}
