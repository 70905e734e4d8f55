import "server-only";
import { cpus } from "node:os";
import pLimit, { type LimitFunction } from "p-limit";

/** Cumulative CPU counters, all in milliseconds since some fixed start (what os.cpus() and process.cpuUsage() count). */
export interface CpuCounters {
  cores: number;
  /** Idle time summed over every core. */
  idleMs: number;
  /** All time (busy + idle) summed over every core. */
  totalMs: number;
  /** CPU this process used, all its threads (libvips' too). */
  ownMs: number;
}

export function readCpuCounters(): CpuCounters {
  const all = cpus();
  let idleMs = 0;
  let totalMs = 0;
  for (const { times } of all) {
    idleMs += times.idle;
    totalMs += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const own = process.cpuUsage();
  return { cores: all.length, idleMs, totalMs, ownMs: (own.user + own.system) / 1000 };
}

export interface CpuAwareLimitOptions {
  /** The ceiling (PIXBUCKET_VERIFY_CONCURRENCY); never more run at once. */
  max: number;
  sampleEveryMs?: number;
  /** Injected in tests. */
  readCounters?: () => CpuCounters;
}

/**
 * A p-limit whose concurrency follows the cores this process can actually get: every
 * `sampleEveryMs` while work is running or queued, it allows round(idle cores + cores this process
 * used) tasks, clamped to 1…max. Verification is CPU-bound, so when the browser, storage or Postgres
 * on the same machine take the cores, fewer verifications start (queued ones wait, running ones
 * finish); when cores sit idle it opens up again. It samples only while busy, so an idle server
 * runs no timer.
 */
export function createCpuAwareLimit({ max, sampleEveryMs = 250, readCounters = readCpuCounters }: CpuAwareLimitOptions): LimitFunction {
  let ceiling = max;
  const limit = pLimit(ceiling);
  let timer: NodeJS.Timeout | undefined;
  let last: CpuCounters | undefined;

  const adjust = () => {
    const current = readCounters();
    const previous = last;
    last = current;
    const elapsedMs = previous ? (current.totalMs - previous.totalMs) / current.cores : 0; // wall time, per core
    if (previous && elapsedMs > 0) {
      const idleCores = (current.idleMs - previous.idleMs) / elapsedMs;
      const ownCores = (current.ownMs - previous.ownMs) / elapsedMs;
      limit.concurrency = Math.min(ceiling, Math.max(1, Math.round(idleCores + ownCores)));
    }
    if (limit.activeCount + limit.pendingCount === 0) {
      clearInterval(timer);
      timer = undefined;
      last = undefined;
    }
  };
  const startSampling = () => {
    if (timer) return;
    last = readCounters();
    timer = setInterval(adjust, sampleEveryMs);
    timer.unref();
  };

  const limited = (<Arguments extends unknown[], Result>(task: (...args: Arguments) => PromiseLike<Result> | Result, ...args: Arguments) => {
    startSampling();
    return limit(task, ...args);
  }) as LimitFunction;
  Object.defineProperties(limited, {
    activeCount: { get: () => limit.activeCount },
    pendingCount: { get: () => limit.pendingCount },
    /** Reads what is allowed now; setting it sets the ceiling. */
    concurrency: {
      get: () => limit.concurrency,
      set: (value: number) => {
        ceiling = value;
        limit.concurrency = value;
      },
    },
    clearQueue: { value: () => limit.clearQueue() },
    map: {
      value: <Input, Result>(inputs: Iterable<Input>, task: (input: Input, index: number) => PromiseLike<Result> | Result) =>
        Promise.all(Array.from(inputs, (input, index) => limited(task, input, index))),
    },
  });
  return limited;
}
