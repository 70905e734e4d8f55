import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStoredBytes, removeStaleSpoolFiles, SpoolError, StorageReadError } from "@/server/uploads/read-stored-bytes";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A body that arrives in small chunks, as storage sends it. */
function chunked(bytes: Buffer, chunkSize = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks);
}

/** A body that breaks off after some bytes, like a dropped storage connection. */
function breakingAfter(bytes: Buffer, sentBytes: number): Readable {
  return Readable.from(
    (async function* () {
      yield bytes.subarray(0, sentBytes);
      throw new Error("socket hang up");
    })(),
  );
}

describe("readStoredBytes", () => {
  let spoolDir: string;
  beforeEach(() => {
    spoolDir = mkdtempSync(path.join(tmpdir(), "read-stored-bytes-"));
  });
  afterEach(() => rmSync(spoolDir, { recursive: true, force: true }));

  it.each([
    ["in memory", 1_000_000],
    ["spooled to a temp file", 1000],
  ])("reads the whole object %s, hashes it and shows the head first", async (_label, inMemoryMaxBytes) => {
    const bytes = randomBytes(25_000);
    const heads: Buffer[] = [];
    const stored = await readStoredBytes(chunked(bytes), {
      size: bytes.length,
      headBytes: 4100,
      spoolDir,
      inMemoryMaxBytes,
      inspectHead: async (head) => void heads.push(Buffer.from(head)),
    });
    expect(heads).toHaveLength(1);
    expect(heads[0]!.equals(bytes.subarray(0, 4100))).toBe(true);
    expect(stored.sha256).toBe(sha256(bytes));
    const content = typeof stored.input === "string" ? readFileSync(stored.input) : stored.input;
    expect(content.equals(bytes)).toBe(true);
    expect(typeof stored.input === "string").toBe(inMemoryMaxBytes < bytes.length);
    await stored.dispose();
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it("shows a short object whole as its head", async () => {
    const bytes = randomBytes(300);
    let seen: Buffer | undefined;
    await readStoredBytes(chunked(bytes, 100), { size: 300, headBytes: 4100, inMemoryMaxBytes: 1000, inspectHead: async (head) => void (seen = Buffer.from(head)) });
    expect(seen?.equals(bytes)).toBe(true);
  });

  it("stops reading as soon as the head is refused, and removes the spool file", async () => {
    const bytes = randomBytes(50_000);
    let chunksRead = 0;
    const body = Readable.from(
      (function* () {
        for (let offset = 0; offset < bytes.length; offset += 1000) {
          chunksRead += 1;
          yield bytes.subarray(offset, offset + 1000);
        }
      })(),
    );
    const refusal = new Error("not an image");
    await expect(
      readStoredBytes(body, { size: bytes.length, headBytes: 4100, spoolDir, inMemoryMaxBytes: 0, inspectHead: async () => Promise.reject(refusal) }),
    ).rejects.toBe(refusal);
    expect(chunksRead).toBeLessThan(10);
    expect(body.destroyed).toBe(true);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it.each([
    ["in memory", 1_000_000],
    ["spooled", 0],
  ])("reports a broken-off read (%s) as storage's failure, never the file's, and leaves no file", async (_label, inMemoryMaxBytes) => {
    const bytes = randomBytes(20_000);
    const error = await readStoredBytes(breakingAfter(bytes, 8000), { size: bytes.length, headBytes: 4100, spoolDir, inMemoryMaxBytes, inspectHead: async () => undefined }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StorageReadError);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it.each([
    ["fewer", 9_000],
    ["more", 11_000],
  ])("refuses %s bytes than storage announced", async (_label, sentBytes) => {
    const bytes = randomBytes(sentBytes);
    await expect(readStoredBytes(chunked(bytes), { size: 10_000, headBytes: 4100, inMemoryMaxBytes: 1_000_000, inspectHead: async () => undefined })).rejects.toBeInstanceOf(StorageReadError);
  });

  it("reports a spool file it cannot write as the server's failure (SpoolError), not the storage's or the file's", async () => {
    const bytes = randomBytes(20_000);
    const missingDir = path.join(spoolDir, "not-there");
    const error = await readStoredBytes(chunked(bytes), { size: bytes.length, headBytes: 4100, spoolDir: missingDir, inMemoryMaxBytes: 0, inspectHead: async () => undefined }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SpoolError);
    expect((error as SpoolError).cause).toMatchObject({ code: "ENOENT" });
  });

  it("removes spool files a crashed process left, but not fresh ones or anyone else's", async () => {
    const hourAgo = (Date.now() - 2 * 3600_000) / 1000;
    for (const name of ["pixbucket-verify-old", "pixbucket-verify-fresh", "someone-else-old"]) writeFileSync(path.join(spoolDir, name), "x");
    utimesSync(path.join(spoolDir, "pixbucket-verify-old"), hourAgo, hourAgo);
    utimesSync(path.join(spoolDir, "someone-else-old"), hourAgo, hourAgo);
    expect(await removeStaleSpoolFiles(spoolDir)).toBe(1);
    expect(readdirSync(spoolDir).sort()).toEqual(["pixbucket-verify-fresh", "someone-else-old"]);
    expect(await removeStaleSpoolFiles(path.join(spoolDir, "not-there"))).toBe(0);
  });

  it("dispose is safe twice", async () => {
    const bytes = randomBytes(5000);
    const stored = await readStoredBytes(chunked(bytes), { size: bytes.length, headBytes: 4100, spoolDir, inMemoryMaxBytes: 0, inspectHead: async () => undefined });
    expect(typeof stored.input).toBe("string");
    await stored.dispose();
    await stored.dispose();
    expect(existsSync(stored.input as string)).toBe(false);
  });
});
