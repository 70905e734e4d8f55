/**
 * Runs at most `concurrency` tasks at a time; the rest wait in call order.
 * `limit(() => fetch(...))` resolves or rejects with the task's own outcome.
 */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be a positive integer");
  let active = 0;
  const waiting: Array<() => void> = [];

  function next(): void {
    if (active >= concurrency) return;
    const start = waiting.shift();
    if (start) start();
  }

  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        active += 1;
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(() => {
          active -= 1;
          next();
        });
      });
      next();
    });
}
