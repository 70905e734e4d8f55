import { describe, expect, it } from "vitest";
import { createFairLimiter, type Lease } from "@/components/uploader/create-fair-limiter";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createFairLimiter", () => {
  it("grants at most `concurrency` slots and at most `perKeyConcurrency` per key", async () => {
    const limiter = createFairLimiter({ concurrency: 3, perKeyConcurrency: 2 });
    const granted: string[] = [];
    const leases: Lease[] = [];
    for (const key of ["big", "big", "big", "big", "small"]) {
      void limiter.acquire(key).then((lease) => {
        granted.push(key);
        leases.push(lease);
      });
    }
    await flush();
    // The third "big" waits for its key; "small" goes ahead of it into the free slot.
    expect(granted).toEqual(["big", "big", "small"]);
    expect(limiter.activeCount).toBe(3);
    expect(limiter.waitingCount).toBe(2);

    leases[2]!.release(); // small is done: big is still at its cap, nothing moves
    await flush();
    expect(granted).toEqual(["big", "big", "small"]);

    leases[0]!.release();
    await flush();
    expect(granted).toEqual(["big", "big", "small", "big"]);
  });

  it("gives a freed slot to the longest-waiting request whose key has room", async () => {
    const limiter = createFairLimiter({ concurrency: 1, perKeyConcurrency: 1 });
    const order: string[] = [];
    const first = await limiter.acquire("a");
    const waiting = ["b", "c", "a"].map((key) =>
      limiter.acquire(key).then((lease) => {
        order.push(key);
        lease.release();
      }),
    );
    first.release();
    await Promise.all(waiting);
    expect(order).toEqual(["b", "c", "a"]);
  });

  it("ignores a second release", async () => {
    const limiter = createFairLimiter({ concurrency: 2, perKeyConcurrency: 2 });
    const lease = await limiter.acquire("a");
    lease.release();
    lease.release();
    expect(limiter.activeCount).toBe(0);
    await limiter.acquire("a");
    await limiter.acquire("a");
    expect(limiter.activeCount).toBe(2);
  });

  it("drops a waiter whose signal aborts, and rejects it with the reason", async () => {
    const limiter = createFairLimiter({ concurrency: 1, perKeyConcurrency: 1 });
    const held = await limiter.acquire("a");
    const controller = new AbortController();
    const aborted = limiter.acquire("b", controller.signal);
    const next = limiter.acquire("c");
    controller.abort(new Error("paused"));
    await expect(aborted).rejects.toThrow("paused");
    expect(limiter.waitingCount).toBe(1);
    held.release();
    await expect(next).resolves.toBeDefined();
    await expect(limiter.acquire("d", controller.signal)).rejects.toThrow("paused");
  });

  it("refuses nonsense limits", () => {
    expect(() => createFairLimiter({ concurrency: 0, perKeyConcurrency: 1 })).toThrow(RangeError);
    expect(() => createFairLimiter({ concurrency: 1, perKeyConcurrency: 1.5 })).toThrow(RangeError);
  });
});
