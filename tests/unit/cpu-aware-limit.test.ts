import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCpuAwareLimit, type CpuCounters } from "@/server/uploads/cpu-aware-limit";

/** A machine of `cores` cores whose counters the test advances by hand. */
function fakeMachine(cores: number) {
  const counters: CpuCounters = { cores, idleMs: 0, totalMs: 0, ownMs: 0 };
  let reads = 0;
  return {
    read: () => {
      reads += 1;
      return { ...counters };
    },
    reads: () => reads,
    /** `ms` of wall time pass with `idleCores` idle and this process using `ownCores`. */
    pass(ms: number, usage: { idleCores: number; ownCores: number }) {
      counters.totalMs += ms * cores;
      counters.idleMs += ms * usage.idleCores;
      counters.ownMs += ms * usage.ownCores;
    },
  };
}

/** A task that runs until the test releases it. */
function heldTask() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let isStarted = false;
  return {
    run: async () => {
      isStarted = true;
      await held;
    },
    release: () => release(),
    isStarted: () => isStarted,
  };
}

describe("createCpuAwareLimit", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("starts at the ceiling and backs off to one when other programs take the cores", async () => {
    const machine = fakeMachine(4);
    const limit = createCpuAwareLimit({ max: 4, sampleEveryMs: 250, readCounters: machine.read });
    const tasks = Array.from({ length: 6 }, () => heldTask());
    const done = tasks.map((task) => limit(task.run));
    await vi.advanceTimersByTimeAsync(0);
    expect(limit.activeCount).toBe(4);

    // The machine is saturated; this process gets only half a core.
    machine.pass(250, { idleCores: 0, ownCores: 0.5 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(1);
    tasks[0]!.release();
    await vi.advanceTimersByTimeAsync(0);
    // A finished task frees no slot: 3 still run, above the 1 now allowed.
    expect(limit.activeCount).toBe(3);
    expect(tasks[4]!.isStarted()).toBe(false);

    for (const task of tasks) task.release();
    await vi.advanceTimersByTimeAsync(0);
    machine.pass(250, { idleCores: 4, ownCores: 0 });
    await vi.advanceTimersByTimeAsync(250);
    await Promise.all(done);
  });

  it("opens up to idle cores plus what this process already uses, never above the ceiling", async () => {
    const machine = fakeMachine(8);
    const limit = createCpuAwareLimit({ max: 4, sampleEveryMs: 250, readCounters: machine.read });
    const tasks = Array.from({ length: 5 }, () => heldTask());
    const done = tasks.map((task) => limit(task.run));

    machine.pass(250, { idleCores: 0, ownCores: 1 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(1);

    machine.pass(250, { idleCores: 1.4, ownCores: 1 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(2);

    machine.pass(250, { idleCores: 6, ownCores: 2 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(4);

    for (const task of tasks) task.release();
    await Promise.all(done);
  });

  it("lets queued work start as soon as it opens up", async () => {
    const machine = fakeMachine(2);
    const limit = createCpuAwareLimit({ max: 2, sampleEveryMs: 250, readCounters: machine.read });
    const first = heldTask();
    const second = heldTask();
    const third = heldTask();
    const done = [limit(first.run), limit(second.run), limit(third.run)];
    machine.pass(250, { idleCores: 0, ownCores: 0.4 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(1);
    first.release();
    second.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(third.isStarted()).toBe(true);
    third.release();
    await Promise.all(done);
  });

  it("samples only while work is running or queued", async () => {
    const machine = fakeMachine(2);
    const limit = createCpuAwareLimit({ max: 2, sampleEveryMs: 250, readCounters: machine.read });
    await vi.advanceTimersByTimeAsync(2000);
    expect(machine.reads()).toBe(0);

    const task = heldTask();
    const done = limit(task.run);
    machine.pass(500, { idleCores: 1, ownCores: 1 });
    await vi.advanceTimersByTimeAsync(500);
    const whileBusy = machine.reads();
    expect(whileBusy).toBe(3); // the baseline, then two samples
    task.release();
    await done;
    await vi.advanceTimersByTimeAsync(250); // the sample that finds the queue empty stops the timer
    const afterIdle = machine.reads();
    await vi.advanceTimersByTimeAsync(5000);
    expect(machine.reads()).toBe(afterIdle);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("takes a new ceiling through concurrency", async () => {
    const machine = fakeMachine(8);
    const limit = createCpuAwareLimit({ max: 4, readCounters: machine.read });
    limit.concurrency = 2;
    const tasks = Array.from({ length: 3 }, () => heldTask());
    const done = tasks.map((task) => limit(task.run));
    await vi.advanceTimersByTimeAsync(0);
    expect(limit.activeCount).toBe(2);
    machine.pass(250, { idleCores: 8, ownCores: 0 });
    await vi.advanceTimersByTimeAsync(250);
    expect(limit.concurrency).toBe(2);
    for (const task of tasks) task.release();
    await Promise.all(done);
  });
});
