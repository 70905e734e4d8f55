import type { Md5WorkerRequest, Md5WorkerResponse } from "./md5.worker";

interface Task {
  taskId: number;
  key: string;
  file: Blob;
  onStart?: () => void;
  resolve: (md5: string) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  /** null when workers are unavailable; the slot then hashes on the main thread (slower UI, same result). */
  worker: Worker | null;
  task?: Task;
}

function abortError(): DOMException {
  return new DOMException("Hashing was cancelled", "AbortError");
}

function createMd5Worker(): Worker | null {
  try {
    return new Worker(new URL("./md5.worker.ts", import.meta.url), { type: "module", name: "pixbucket-md5" });
  } catch {
    return null;
  }
}

/**
 * A small pool of MD5 workers. Two are enough: hashing runs at several hundred MB/s per worker,
 * well ahead of any upload link, and more would only compete with the page for the CPU.
 * Tasks start in the order they were asked for, so the files Uppy uploads first are hashed first.
 */
export class Md5Pool {
  readonly #size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextTaskId = 1;

  constructor(size = 2) {
    this.#size = size;
  }

  /** Resolves with the base64 MD5 of `file`; `key` lets the caller cancel it later. */
  hash(key: string, file: Blob, onStart?: () => void): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.#queue.push({ taskId: this.#nextTaskId++, key, file, onStart, resolve, reject });
      this.#pump();
    });
  }

  /** Drops a queued task or abandons a running one; its promise rejects with an AbortError. */
  cancel(key: string): void {
    const index = this.#queue.findIndex((task) => task.key === key);
    if (index !== -1) {
      const [task] = this.#queue.splice(index, 1);
      task?.reject(abortError());
      return;
    }
    const slot = this.#slots.find((candidate) => candidate.task?.key === key);
    if (!slot?.task) return;
    const task = slot.task;
    task.reject(abortError());
    // The slot stays busy until the worker answers, so a cancelled hash never overlaps a new one.
    if (slot.worker) slot.worker.postMessage({ type: "cancel", taskId: task.taskId } satisfies Md5WorkerRequest);
  }

  dispose(): void {
    for (const task of this.#queue.splice(0)) task.reject(abortError());
    for (const slot of this.#slots) {
      slot.task?.reject(abortError());
      slot.worker?.terminate();
    }
    this.#slots.length = 0;
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((candidate) => !candidate.task);
      if (!slot && this.#slots.length < this.#size) {
        slot = this.#createSlot();
        this.#slots.push(slot);
      }
      if (!slot) return;
      const task = this.#queue.shift();
      if (!task) return;
      this.#run(slot, task);
    }
  }

  #createSlot(): Slot {
    const slot: Slot = { worker: typeof Worker === "undefined" ? null : createMd5Worker() };
    slot.worker?.addEventListener("message", (event: MessageEvent<Md5WorkerResponse>) => {
      const task = slot.task;
      if (!task || task.taskId !== event.data.taskId) return;
      slot.task = undefined;
      if ("md5" in event.data) task.resolve(event.data.md5);
      else task.reject(event.data.isCancelled ? abortError() : new Error(`Could not read the file: ${event.data.error}`));
      this.#pump();
    });
    slot.worker?.addEventListener("error", (event) => {
      // The worker script failed to load or crashed: fall back to hashing on the main thread.
      event.preventDefault();
      slot.worker?.terminate();
      slot.worker = null;
      const task = slot.task;
      slot.task = undefined;
      if (task) this.#run(slot, task);
      else this.#pump();
    });
    return slot;
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    task.onStart?.();
    if (slot.worker) {
      slot.worker.postMessage({ type: "hash", taskId: task.taskId, file: task.file } satisfies Md5WorkerRequest);
      return;
    }
    let isCancelled = false;
    const originalReject = task.reject;
    task.reject = (error) => {
      isCancelled = true;
      originalReject(error);
    };
    // hash-wasm comes with the fallback: the page never loads it while workers run.
    import("@/components/uploader/md5-base64")
      .then(({ md5Base64 }) => md5Base64(task.file, { shouldStop: () => isCancelled }))
      .then(task.resolve, (error: unknown) => originalReject(error))
      .finally(() => {
        slot.task = undefined;
        this.#pump();
      });
  }
}
