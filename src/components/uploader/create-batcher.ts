export interface BatcherOptions<Item, Result> {
  /** How long to wait for more calls after the first one of a batch. */
  windowMs: number;
  /** A batch is sent at once when it reaches this size. */
  maxSize: number;
  /** Answers a whole batch; must return one result per item, in the same order. */
  run: (items: Item[]) => Promise<Result[]>;
}

/**
 * Turns many concurrent single calls into few batched ones: calls made within `windowMs` of each
 * other (up to `maxSize`) share one `run`, and each caller gets its own result back. If `run`
 * fails, or returns the wrong number of results, every caller in that batch is rejected.
 */
export function createBatcher<Item, Result>({ windowMs, maxSize, run }: BatcherOptions<Item, Result>): (item: Item) => Promise<Result> {
  if (maxSize < 1) throw new RangeError("maxSize must be at least 1");

  type Pending = { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void };
  let pending: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;

    let results: Promise<Result[]>;
    try {
      results = run(batch.map((entry) => entry.item));
    } catch (error) {
      results = Promise.reject(error);
    }
    results.then(
      (values) => {
        if (!Array.isArray(values) || values.length !== batch.length) {
          const error = new Error(`Expected ${batch.length} results, got ${Array.isArray(values) ? values.length : typeof values}`);
          for (const entry of batch) entry.reject(error);
          return;
        }
        batch.forEach((entry, index) => entry.resolve(values[index] as Result));
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= maxSize) flush();
      else timer ??= setTimeout(flush, windowMs);
    });
}
