import { describe, expect, it } from "vitest";
import { createLimiter } from "@/components/uploader/create-limiter";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createLimiter", () => {
  it("runs at most `concurrency` tasks at a time, in call order", async () => {
    const limit = createLimiter(2);
    const gates = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const results = gates.map((gate, index) =>
      limit(() => {
        started.push(index);
        return gate.promise;
      }),
    );

    await tick();
    expect(started).toEqual([0, 1]);

    gates[1]!.resolve(1);
    await tick();
    expect(started).toEqual([0, 1, 2]);

    gates[0]!.resolve(0);
    gates[2]!.resolve(2);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3]!.resolve(3);

    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
  });

  it("passes failures through and frees the slot", async () => {
    const limit = createLimiter(1);
    const failing = limit(() => Promise.reject(new Error("nope")));
    const after = limit(async () => "ok");
    await expect(failing).rejects.toThrow("nope");
    await expect(after).resolves.toBe("ok");
  });

  it("treats a task that throws synchronously as a failure", async () => {
    const limit = createLimiter(1);
    const failing = limit(() => {
      throw new Error("sync");
    });
    await expect(failing).rejects.toThrow("sync");
    await expect(limit(async () => 1)).resolves.toBe(1);
  });

  it("refuses a concurrency below one", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
