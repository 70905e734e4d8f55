/** A granted slot; release it exactly when the work it guards is over (further calls are ignored). */
export interface Lease {
  release(): void;
}

export interface FairLimiter {
  /** Waits for a slot for work belonging to `key`; rejects with the signal's reason when aborted while waiting. */
  acquire(key: string, signal?: AbortSignal): Promise<Lease>;
  readonly activeCount: number;
  readonly waitingCount: number;
}

export interface FairLimiterOptions {
  /** Slots in all. */
  concurrency: number;
  /** Slots any one key may hold at once, so one big file cannot take every slot. */
  perKeyConcurrency: number;
}

interface Waiter {
  key: string;
  grant: (lease: Lease) => void;
}

/**
 * A limiter for transfers: at most `concurrency` at once, at most `perKeyConcurrency` of them for
 * one key (a file). A freed slot goes to the longest-waiting request whose key is under its cap,
 * so the parts of a 200 MB file and a stream of small photos share the link instead of queueing
 * behind each other.
 */
export function createFairLimiter({ concurrency, perKeyConcurrency }: FairLimiterOptions): FairLimiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be a positive integer");
  if (!Number.isInteger(perKeyConcurrency) || perKeyConcurrency < 1) throw new RangeError("perKeyConcurrency must be a positive integer");

  const waiting: Waiter[] = [];
  const activeByKey = new Map<string, number>();
  let active = 0;

  function lease(key: string): Lease {
    active += 1;
    activeByKey.set(key, (activeByKey.get(key) ?? 0) + 1);
    let isReleased = false;
    return {
      release() {
        if (isReleased) return;
        isReleased = true;
        active -= 1;
        const left = (activeByKey.get(key) ?? 1) - 1;
        if (left > 0) activeByKey.set(key, left);
        else activeByKey.delete(key);
        dispatch();
      },
    };
  }

  const hasRoom = (key: string) => active < concurrency && (activeByKey.get(key) ?? 0) < perKeyConcurrency;

  function dispatch(): void {
    for (let index = 0; index < waiting.length && active < concurrency; ) {
      const waiter = waiting[index]!;
      if (hasRoom(waiter.key)) {
        waiting.splice(index, 1);
        waiter.grant(lease(waiter.key));
      } else {
        index += 1;
      }
    }
  }

  return {
    get activeCount() {
      return active;
    },
    get waitingCount() {
      return waiting.length;
    },
    acquire(key, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
      if (waiting.length === 0 && hasRoom(key)) return Promise.resolve(lease(key));
      return new Promise<Lease>((resolve, reject) => {
        const onAbort = () => {
          const index = waiting.indexOf(waiter);
          if (index !== -1) waiting.splice(index, 1);
          reject(signal!.reason ?? new DOMException("Aborted", "AbortError"));
        };
        const waiter: Waiter = {
          key,
          grant: (granted) => {
            signal?.removeEventListener("abort", onAbort);
            resolve(granted);
          },
        };
        waiting.push(waiter);
        signal?.addEventListener("abort", onAbort, { once: true });
        // A key under its cap may go ahead of earlier waiters whose keys are full.
        dispatch();
      });
    },
  };
}
