import { describe, expect, it, vi } from "vitest";
import { retryWithBackoff, type RetryDecision } from "@/components/uploader/retry-with-backoff";

class Transient extends Error {}
class Final extends Error {}

const decide = (error: unknown): RetryDecision => (error instanceof Transient ? "retry" : "fail");

/** A task that fails with the given errors in turn, then succeeds. */
function failingThen<T>(errors: Error[], value: T) {
  let calls = 0;
  const task = vi.fn(async () => {
    const error = errors[calls];
    calls += 1;
    if (error) throw error;
    return value;
  });
  return task;
}

describe("retryWithBackoff", () => {
  it("retries transient failures with growing delays, then returns the result", async () => {
    const sleeps: number[] = [];
    const task = failingThen([new Transient(), new Transient()], "ok");
    const result = await retryWithBackoff(task, { decide, maxRetries: 5, delayMs: (retry) => retry * 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(result).toBe("ok");
    expect(task).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    const last = new Transient("third");
    const task = failingThen([new Transient(), new Transient(), last], "never");
    await expect(retryWithBackoff(task, { decide, maxRetries: 2, sleep: async () => undefined })).rejects.toBe(last);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it("does not retry what the decider calls final", async () => {
    const final = new Final();
    const task = failingThen([final], "never");
    await expect(retryWithBackoff(task, { decide, maxRetries: 5, sleep: async () => undefined })).rejects.toBe(final);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("retries at once, without counting, when the decider fixed the cause", async () => {
    const sleeps: number[] = [];
    const task = failingThen([new Final("expired"), new Final("expired"), new Transient()], "ok");
    let renewals = 0;
    const result = await retryWithBackoff(task, {
      decide: (error) => (error instanceof Final && renewals++ < 2 ? "retry-now" : decide(error)),
      maxRetries: 1,
      delayMs: () => 5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result).toBe("ok");
    expect(sleeps).toEqual([5]);
  });

  it("waits for the connection instead of spending retries while offline", async () => {
    let online = false;
    const waits: string[] = [];
    const task = failingThen([new Transient(), new Transient(), new Transient()], "ok");
    const result = await retryWithBackoff(task, {
      decide,
      maxRetries: 0,
      isOnline: () => online,
      whenReady: async () => {
        // The connection comes back after the third failure.
        if (task.mock.calls.length === 3) online = true;
        waits.push(online ? "online" : "offline");
      },
      sleep: async () => undefined,
    });
    expect(result).toBe("ok");
    expect(task).toHaveBeenCalledTimes(4);
    expect(waits).toEqual(["offline", "offline", "offline", "online"]);
  });

  it("stops when the signal aborts, during a delay or before an attempt", async () => {
    const controller = new AbortController();
    const task = failingThen([new Transient()], "ok");
    const promise = retryWithBackoff(task, { decide, maxRetries: 3, delayMs: () => 60_000, signal: controller.signal });
    await vi.waitFor(() => expect(task).toHaveBeenCalledTimes(1));
    controller.abort(new DOMException("stop", "AbortError"));
    await expect(promise).rejects.toMatchObject({ name: "AbortError" });
    expect(task).toHaveBeenCalledTimes(1);

    await expect(retryWithBackoff(task, { decide, maxRetries: 3, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(task).toHaveBeenCalledTimes(1);
  });
});
