import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";

/** The bytes of a stored object, read once: in memory or in a temp file, with their SHA-256. */
export interface StoredBytes {
  /** What sharp reads: the bytes themselves, or the temp file's path. */
  input: Buffer | string;
  sha256: string;
  /** Removes the temp file, if any; safe to call twice. */
  dispose(): Promise<void>;
}

/** Thrown when storage breaks off or sends other than the size it announced: the server's problem, never the file's. */
export class StorageReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageReadError";
  }
}

export interface ReadStoredBytesOptions {
  /** The size storage announced (and the caller checked against what was declared). */
  size: number;
  /** How many leading bytes `inspectHead` needs. */
  headBytes: number;
  /**
   * Called once with the first `headBytes` (or the whole object, if shorter), before the rest is
   * read: it may throw to stop reading early (a 1 GiB file of the wrong type is refused after 4 KB).
   */
  inspectHead(head: Buffer): Promise<void>;
  /** Where large objects are spooled; the system's temp dir by default. */
  spoolDir?: string;
  /**
   * Objects up to this size are kept in memory (a photo: one copy, no disk). Larger ones are
   * spooled to a temp file that libvips then reads sequentially, so verifying a 1 GiB panorama
   * costs the server a few MB instead of a GiB (sharp buffers a stream input whole).
   */
  inMemoryMaxBytes: number;
}

/** Accumulates chunks into one preallocated buffer of the announced size. */
function memorySink(size: number) {
  const bytes = Buffer.allocUnsafe(size);
  let length = 0;
  return {
    head: (count: number) => bytes.subarray(0, Math.min(count, length)),
    length: () => length,
    async write(chunk: Buffer) {
      if (length + chunk.length > size) throw new StorageReadError(`Storage sent more than the ${size} bytes it announced.`);
      chunk.copy(bytes, length);
      length += chunk.length;
    },
    async finish(): Promise<Buffer | string> {
      return bytes;
    },
    async dispose() {},
  };
}

/**
 * Bytes the spool file may have queued before reading waits for the disk. Storage sends ~64 KB
 * chunks; with the default 16 KB mark every chunk waited for its own write (0.9 s instead of
 * 0.4 s for 183 MB here).
 */
const spoolQueueBytes = 8 * 1024 * 1024;
const spoolPrefix = "pixbucket-verify-";

/** Thrown when the temp file for a large object cannot be written (disk full, no permission): the server's problem too. */
export class SpoolError extends Error {
  constructor(cause: unknown) {
    super("The server could not write its temporary copy of the upload.", { cause });
    this.name = "SpoolError";
  }
}

/**
 * Removes spool files a crashed process left behind, once they are old enough that no live
 * verification can own them (instances on one host share the temp dir). Best effort.
 */
export async function removeStaleSpoolFiles(spoolDir = tmpdir(), olderThanMs = 3600_000, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(spoolDir).catch(() => [] as string[])) {
    if (!name.startsWith(spoolPrefix)) continue;
    const file = path.join(spoolDir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs < olderThanMs) continue;
    await rm(file, { force: true }).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

/** Writes chunks to a temp file with backpressure, keeping the first few for the head. */
function fileSink(spoolDir: string, headBytes: number) {
  const file = path.join(spoolDir, `${spoolPrefix}${randomBytes(12).toString("hex")}`);
  let stream: WriteStream | undefined;
  // The stream reports failures (ENOSPC, a missing dir) as events, possibly between writes:
  // recorded here and raised at the next write or at the end, never left unhandled.
  let failure: unknown;
  const open = (): WriteStream => {
    if (!stream) {
      stream = createWriteStream(file, { flags: "wx", highWaterMark: spoolQueueBytes });
      stream.on("error", (error) => (failure ??= error));
    }
    return stream;
  };
  /** Resolves on the event, or when the stream closes (it does after a failure). */
  const settled = (event: "drain" | "close") => {
    const current = open();
    if (current.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        current.off(event, done);
        current.off("close", done);
        resolve();
      };
      current.on(event, done);
      current.on("close", done);
    });
  };
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let length = 0;
  return {
    head: (count: number) => Buffer.concat(headChunks).subarray(0, count),
    length: () => length,
    async write(chunk: Buffer) {
      if (headLength < headBytes) {
        headChunks.push(chunk);
        headLength += chunk.length;
      }
      length += chunk.length;
      if (!open().write(chunk)) await settled("drain");
      if (failure) throw new SpoolError(failure);
    },
    async finish(): Promise<Buffer | string> {
      open().end();
      await settled("close");
      if (failure) throw new SpoolError(failure);
      return file;
    },
    async dispose() {
      // Destroyed while still opening, the stream creates the file afterwards: wait for it to
      // close, or the rm below could run first and leave the file behind.
      if (stream && !stream.closed) {
        stream.destroy();
        await settled("close");
      }
      await rm(file, { force: true });
    },
  };
}

/**
 * Reads a stored object exactly once, hashing it on the way, and lets the caller look at its first
 * bytes before the rest arrives. Any failure of storage itself surfaces as StorageReadError; an
 * error thrown by `inspectHead` is passed through unchanged.
 */
export async function readStoredBytes(body: Readable, options: ReadStoredBytesOptions): Promise<StoredBytes> {
  const sink = options.size <= options.inMemoryMaxBytes ? memorySink(options.size) : fileSink(options.spoolDir ?? tmpdir(), options.headBytes);
  const sha256 = createHash("sha256");
  let isHeadInspected = false;
  const inspectOnce = async () => {
    if (isHeadInspected) return;
    isHeadInspected = true;
    await options.inspectHead(sink.head(options.headBytes));
  };
  const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const nextChunk = async () => {
    try {
      return await chunks.next();
    } catch (error) {
      throw new StorageReadError("Reading the object from storage failed.", { cause: error });
    }
  };
  try {
    for (let next = await nextChunk(); !next.done; next = await nextChunk()) {
      sha256.update(next.value);
      await sink.write(next.value);
      if (sink.length() >= options.headBytes) await inspectOnce();
    }
    await inspectOnce();
    if (sink.length() !== options.size) {
      throw new StorageReadError(`Storage sent ${sink.length()} bytes but announced ${options.size}.`);
    }
    const input = await sink.finish();
    return { input, sha256: sha256.digest("hex"), dispose: () => sink.dispose() };
  } catch (error) {
    body.destroy();
    await sink.dispose();
    throw error;
  }
}
