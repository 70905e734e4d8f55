import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBatcher } from "@/components/uploader/create-batcher";

describe("createBatcher", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends calls made within the window as one batch and gives each caller its own result", async () => {
    const run = vi.fn(async (items: number[]) => items.map((item) => item * 10));
    const call = createBatcher({ windowMs: 25, maxSize: 100, run });

    const results = Promise.all([call(1), call(2), call(3)]);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(25);

    await expect(results).resolves.toEqual([10, 20, 30]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith([1, 2, 3]);
  });

  it("sends at once when the batch is full, and starts a new one after", async () => {
    const run = vi.fn(async (items: string[]) => items.map((item) => item.toUpperCase()));
    const call = createBatcher({ windowMs: 25, maxSize: 2, run });

    const first = Promise.all([call("a"), call("b")]);
    expect(run).toHaveBeenCalledTimes(1);
    const second = call("c");
    await vi.advanceTimersByTimeAsync(25);

    await expect(first).resolves.toEqual(["A", "B"]);
    await expect(second).resolves.toBe("C");
    expect(run.mock.calls).toEqual([[["a", "b"]], [["c"]]]);
  });

  it("calls made after the window go into a separate batch", async () => {
    const run = vi.fn(async (items: number[]) => items);
    const call = createBatcher({ windowMs: 25, maxSize: 100, run });

    const first = call(1);
    await vi.advanceTimersByTimeAsync(30);
    const second = call(2);
    await vi.advanceTimersByTimeAsync(30);

    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("rejects every caller of a failed batch with the same error", async () => {
    const error = new Error("server down");
    const call = createBatcher<number, number>({ windowMs: 5, maxSize: 10, run: () => Promise.reject(error) });

    const a = call(1);
    const b = call(2);
    const settled = Promise.allSettled([a, b]);
    await vi.advanceTimersByTimeAsync(5);

    expect(await settled).toEqual([
      { status: "rejected", reason: error },
      { status: "rejected", reason: error },
    ]);
  });

  it("rejects when run returns the wrong number of results", async () => {
    const call = createBatcher<number, number>({ windowMs: 5, maxSize: 10, run: async () => [1] });
    const settled = Promise.allSettled([call(1), call(2)]);
    await vi.advanceTimersByTimeAsync(5);
    const outcomes = await settled;
    expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);
  });

  it("treats a synchronous throw in run like a rejection", async () => {
    const call = createBatcher<number, number>({
      windowMs: 5,
      maxSize: 10,
      run: () => {
        throw new Error("boom");
      },
    });
    const result = call(1);
    const assertion = expect(result).rejects.toThrow("boom");
    await vi.advanceTimersByTimeAsync(5);
    await assertion;
  });
});
