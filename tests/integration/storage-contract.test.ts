import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedRequest } from "@/server/storage/driver";
import { asBody } from "../fixtures/images";
import { makeLocalDriver, storageDrivers, type DriverUnderTest } from "../helpers/storage-drivers";

const MiB = 1024 * 1024;

function md5Base64(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("base64");
}

const md5Hex = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function send(signed: SignedRequest, body: Uint8Array, headers: Record<string, string> = signed.headers): Promise<Response> {
  return fetch(signed.url, { method: signed.method, headers, body: asBody(body) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(storageDrivers)("storage contract: %s driver", (_name, makeDriver) => {
  let subject: DriverUnderTest;
  const key = (name: string) => `contract/${name}`;

  beforeAll(async () => {
    subject = await makeDriver();
  });
  afterAll(async () => {
    await subject?.cleanup();
  });

  it("accepts real bytes on a presigned PUT and reads them back", async () => {
    const bytes = randomBytes(3000);
    const signed = await subject.driver.presignPut({ key: key("put-ok"), contentType: "image/png", contentLength: bytes.length, contentMd5: md5Base64(bytes), expiresInSeconds: 60 });
    const response = await send(signed, bytes);
    expect(response.status).toBe(200);
    // On the wire an ETag is quoted, as HTTP has it; through the seam it is not.
    expect(response.headers.get("etag")).toBe(`"${md5Hex(bytes)}"`);

    const head = await subject.driver.head(key("put-ok"));
    expect(head).toEqual({ size: 3000, contentType: "image/png", etag: md5Hex(bytes) });
    expect(Buffer.compare((await subject.driver.readRange(key("put-ok"), 0, 2999))!, bytes)).toBe(0);
    expect(Buffer.compare((await subject.driver.readRange(key("put-ok"), 10, 19))!, bytes.subarray(10, 20))).toBe(0);
    expect(await subject.driver.readRange(key("never-written"), 0, 10)).toBeNull();
    const opened = await subject.driver.openRead(key("put-ok"));
    expect(opened).toMatchObject({ size: 3000, contentType: "image/png", etag: md5Hex(bytes) });
    const streamed = Buffer.concat(await opened!.body.toArray());
    expect(Buffer.compare(streamed, bytes)).toBe(0);
    expect(await subject.driver.openRead(key("never-written"))).toBeNull();
  });

  it("refuses a body of another length than the one signed", async () => {
    const signed = await subject.driver.presignPut({ key: key("length"), contentType: "image/png", contentLength: 100, expiresInSeconds: 60 });
    const response = await send(signed, randomBytes(101));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await subject.driver.head(key("length"))).toBeNull();
  });

  it("refuses a wrong content type", async () => {
    const bytes = randomBytes(64);
    const signed = await subject.driver.presignPut({ key: key("type"), contentType: "image/png", contentLength: 64, expiresInSeconds: 60 });
    const response = await send(signed, bytes, { ...signed.headers, "Content-Type": "text/html" });
    expect(response.status).toBe(403);
    expect(await subject.driver.head(key("type"))).toBeNull();
  });

  it("refuses bytes that do not match the bound Content-MD5", async () => {
    const bytes = randomBytes(64);
    const other = randomBytes(64);
    const signed = await subject.driver.presignPut({ key: key("md5"), contentType: "image/png", contentLength: 64, contentMd5: md5Base64(bytes), expiresInSeconds: 60 });
    const response = await send(signed, other);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("BadDigest");
    expect(await subject.driver.head(key("md5"))).toBeNull();
  });

  it("refuses a request without the bound Content-MD5 header", async () => {
    const bytes = randomBytes(64);
    const signed = await subject.driver.presignPut({ key: key("md5-missing"), contentType: "image/png", contentLength: 64, contentMd5: md5Base64(bytes), expiresInSeconds: 60 });
    const response = await send(signed, bytes, { "Content-Type": "image/png" });
    expect(response.status).toBe(403);
  });

  it("refuses a tampered signature", async () => {
    const bytes = randomBytes(64);
    const signed = await subject.driver.presignPut({ key: key("tamper"), contentType: "image/png", contentLength: 64, expiresInSeconds: 60 });
    const url = new URL(signed.url);
    const name = url.searchParams.has("X-Amz-Signature") ? "X-Amz-Signature" : "signature";
    const original = url.searchParams.get(name)!;
    url.searchParams.set(name, (original[0] === "a" ? "b" : "a") + original.slice(1));
    const response = await send({ ...signed, url: url.toString() }, bytes);
    expect(response.status).toBe(403);
    expect(await subject.driver.head(key("tamper"))).toBeNull();
  });

  it("refuses a URL reused for another key", async () => {
    const signed = await subject.driver.presignPut({ key: key("one"), contentType: "image/png", contentLength: 8, expiresInSeconds: 60 });
    const response = await send({ ...signed, url: signed.url.replace("contract/one", "contract/two") }, randomBytes(8));
    expect(response.status).toBe(403);
    expect(await subject.driver.head(key("two"))).toBeNull();
  });

  it("refuses an expired URL", async () => {
    const signed = await subject.driver.presignPut({ key: key("expired"), contentType: "image/png", contentLength: 8, expiresInSeconds: 1 });
    await sleep(2500);
    const response = await send(signed, randomBytes(8));
    expect(response.status).toBe(403);
    expect(await subject.driver.head(key("expired"))).toBeNull();
  });

  it("puts no checksum of an empty body into presigned URLs", async () => {
    const urls = [
      (await subject.driver.presignPut({ key: key("q"), contentType: "image/png", contentLength: 8, contentMd5: md5Base64(Buffer.alloc(8)), expiresInSeconds: 60 })).url,
      (await subject.driver.presignGet({ key: key("q"), expiresInSeconds: 60 })).url,
    ];
    const { uploadId } = await subject.driver.createMultipart({ key: key("q-mp"), contentType: "image/png" });
    urls.push((await subject.driver.presignPart({ key: key("q-mp"), uploadId, partNumber: 1, expiresInSeconds: 60 })).url);
    await subject.driver.abortMultipart({ key: key("q-mp"), uploadId });
    for (const url of urls) {
      const names = [...new URL(url, "http://x").searchParams.keys()].map((name) => name.toLowerCase());
      expect(names.filter((name) => name.startsWith("x-amz-checksum") || name === "x-amz-sdk-checksum-algorithm")).toEqual([]);
    }
  });

  it("round-trips a multipart upload, resumes via list parts, and reads back the exact bytes", async () => {
    const k = key("multipart");
    const part1 = randomBytes(5 * MiB);
    const part2 = randomBytes(5 * MiB);
    const part3 = randomBytes(1234);
    const { uploadId } = await subject.driver.createMultipart({ key: k, contentType: "image/png" });
    const sendPart = async (partNumber: number, bytes: Buffer) => {
      const signed = await subject.driver.presignPart({ key: k, uploadId, partNumber, expiresInSeconds: 60 });
      const response = await send(signed, bytes);
      expect(response.status).toBe(200);
      return response.headers.get("etag")!;
    };
    const etag1 = await sendPart(1, part1);
    await sendPart(3, part3);

    // A client that lost its state asks storage what it already has, and sends only the rest.
    const stored = await subject.driver.listParts({ key: k, uploadId });
    expect(stored.map((part) => part.partNumber)).toEqual([1, 3]);
    expect(etag1).toBe(`"${md5Hex(part1)}"`);
    expect(stored).toEqual([
      { partNumber: 1, etag: md5Hex(part1), size: 5 * MiB },
      { partNumber: 3, etag: md5Hex(part3), size: part3.length },
    ]);
    // Completing takes the seam's bare ETags and the quoted one a client read from the header alike.
    const etag2 = await sendPart(2, part2);
    const parts = [...stored, { partNumber: 2, etag: etag2, size: part2.length }].sort((a, b) => a.partNumber - b.partNumber);

    await subject.driver.completeMultipart({ key: k, uploadId, parts });
    const head = await subject.driver.head(k);
    expect(head?.size).toBe(part1.length + part2.length + part3.length);
    // S3's multipart ETag, which the local driver reproduces: MD5 of the parts' MD5s, then the count.
    const ofParts = createHash("md5").update(Buffer.concat([part1, part2, part3].map((part) => createHash("md5").update(part).digest()))).digest("hex");
    expect(head?.etag).toBe(`${ofParts}-3`);
    const all = Buffer.concat(await (await subject.driver.openRead(k))!.body.toArray());
    expect(createHash("sha256").update(all).digest("hex")).toBe(createHash("sha256").update(Buffer.concat([part1, part2, part3])).digest("hex"));
  });

  it("aborting a multipart upload leaves nothing behind", async () => {
    const k = key("aborted");
    const { uploadId } = await subject.driver.createMultipart({ key: k, contentType: "image/png" });
    const signed = await subject.driver.presignPart({ key: k, uploadId, partNumber: 1, expiresInSeconds: 60 });
    expect((await send(signed, randomBytes(1024))).status).toBe(200);
    await subject.driver.abortMultipart({ key: k, uploadId });
    await subject.driver.abortMultipart({ key: k, uploadId }); // idempotent
    await expect(subject.driver.listParts({ key: k, uploadId })).rejects.toThrow();
    expect(await subject.driver.head(k)).toBeNull();
    const listed = [];
    for await (const page of subject.driver.list(k)) listed.push(...page);
    expect(listed).toEqual([]);
  });

  it("presigned GET returns the bytes with the overridden headers, and expires", async () => {
    const k = key("get");
    await subject.driver.put(k, Buffer.from("pixels"), "application/octet-stream");
    const signed = await subject.driver.presignGet({
      key: k,
      expiresInSeconds: 2,
      responseContentType: "image/png",
      responseContentDisposition: `attachment; filename="holiday.png"`,
    });
    const response = await fetch(signed.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="holiday.png"`);
    expect(await response.text()).toBe("pixels");

    const tampered = signed.url.replace("holiday.png", "evil.html");
    expect((await fetch(tampered)).status).toBe(403);
    await sleep(3100);
    expect((await fetch(signed.url)).status).toBe(403);
  });

  it("signs GETs as of a given instant, so URLs are stable within a window", async () => {
    const signedAt = new Date(Date.now() - 1000);
    const a = await subject.driver.presignGet({ key: key("stable"), expiresInSeconds: 60, signedAt });
    const b = await subject.driver.presignGet({ key: key("stable"), expiresInSeconds: 60, signedAt });
    expect(a.url).toBe(b.url);
    expect(a.expiresAt.getTime()).toBe(signedAt.getTime() + 60_000);
  });

  it("head is null for a missing key; delete and deleteMany are idempotent", async () => {
    const k = key("deleted");
    expect(await subject.driver.head(k)).toBeNull();
    await subject.driver.put(k, Buffer.from("x"), "image/png");
    await subject.driver.delete(k);
    await subject.driver.delete(k);
    expect(await subject.driver.head(k)).toBeNull();
    await subject.driver.put(`${k}-a`, Buffer.from("a"), "image/png");
    await subject.driver.deleteMany([`${k}-a`, `${k}-missing`]);
    await subject.driver.deleteMany([`${k}-a`]);
    expect(await subject.driver.head(`${k}-a`)).toBeNull();
  });

  it("lists by prefix in pages, past 1,000 keys", async () => {
    const prefix = "listing/";
    const keys = Array.from({ length: 1005 }, (_, index) => `${prefix}${String(index).padStart(4, "0")}`);
    for (let offset = 0; offset < keys.length; offset += 50) {
      await Promise.all(keys.slice(offset, offset + 50).map((k) => subject.driver.put(k, Buffer.from(k), "text/plain")));
    }
    await subject.driver.put("elsewhere/0", Buffer.from("no"), "text/plain");
    const pages: string[][] = [];
    for await (const page of subject.driver.list(prefix)) pages.push(page.map((item) => item.key));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.flat().sort()).toEqual(keys);
    await subject.driver.deleteMany(keys);
    const after = [];
    for await (const page of subject.driver.list(prefix)) after.push(...page);
    expect(after).toEqual([]);
  });

  it("lists nested keys in the same byte order on every driver, entering only folders under the prefix", async () => {
    const prefix = key("order/");
    // `a-b` sorts before `a/…` by bytes ('-' < '/'), which a folder-first walk would get wrong.
    const names = ["a-b.jpg", "a/x.jpg", "a/y/z.jpg", "a0.jpg", "b.jpg", "é.jpg", "Z.jpg"];
    await Promise.all(names.map((name) => subject.driver.put(`${prefix}${name}`, Buffer.from(name), "image/jpeg")));
    const listed: string[] = [];
    for await (const page of subject.driver.list(prefix)) listed.push(...page.map((item) => item.key.slice(prefix.length)));
    expect(listed).toEqual([...names].sort(byBytes));
    const narrowed: string[] = [];
    for await (const page of subject.driver.list(`${prefix}a/`)) narrowed.push(...page.map((item) => item.key.slice(prefix.length)));
    expect(narrowed).toEqual(["a/x.jpg", "a/y/z.jpg"]);
    await subject.driver.deleteMany(names.map((name) => `${prefix}${name}`));
  });

  it("lists a prefix with siblings in pages of the size asked for, in byte order, and resumes after a key", async () => {
    const root = key("paging/");
    // The prefix is not a folder boundary: `set/…`, `set-2/…` and `setx` match; `se`, `sex/…`, `s/…`, `t` do not.
    const inside = [
      ...Array.from({ length: 120 }, (_, index) => `set/${index % 6}/${String(index).padStart(3, "0")}.jpg`),
      ...Array.from({ length: 6 }, (_, index) => `set/${index}.jpg`),
      "set-2/a.jpg",
      "set-2/b/c.jpg",
      "setx",
    ].map((name) => `${root}${name}`);
    const outside = ["se", "sex/1.jpg", "s/1.jpg", "t", "a/set/1.jpg"].map((name) => `${root}${name}`);
    for (let offset = 0; offset < inside.length + outside.length; offset += 40) {
      await Promise.all([...inside, ...outside].slice(offset, offset + 40).map((k) => subject.driver.put(k, Buffer.from(k), "image/jpeg")));
    }
    const expected = [...inside].sort(byBytes);

    const pages: string[][] = [];
    for await (const page of subject.driver.list(`${root}set`, { pageSize: 25 })) pages.push(page.map((item) => item.key));
    expect(pages.flat()).toEqual(expected);
    expect(pages.map((page) => page.length)).toEqual([25, 25, 25, 25, 25, 4]);

    // Resuming after a key that exists, and after one that does not (between a file and a folder).
    for (const startAfter of [expected[57]!, `${root}set/3.jpg`, `${root}set/3/`]) {
      const rest: string[] = [];
      for await (const page of subject.driver.list(`${root}set`, { pageSize: 25, startAfter })) rest.push(...page.map((item) => item.key));
      expect(rest).toEqual(expected.filter((k) => byBytes(k, startAfter) > 0));
    }
    const none: unknown[][] = [];
    for await (const page of subject.driver.list(`${root}set`, { startAfter: `${root}setz` })) none.push(page);
    expect(none).toEqual([[]]);
    await subject.driver.deleteMany([...inside, ...outside]);
  });

  it("a store it cannot read is an error, never a missing object or an empty listing", async () => {
    const broken = await subject.unreadable();
    const k = key("put-ok");
    await expect(broken.head(k)).rejects.toThrow();
    await expect(broken.openRead(k)).rejects.toThrow();
    await expect(broken.readRange(k, 0, 10)).rejects.toThrow();
    await expect(
      (async () => {
        for await (const page of broken.list(key(""))) return page;
      })(),
    ).rejects.toThrow();
  });

  it("put stores server-made objects readable by a presigned GET", async () => {
    const k = key("thumb.webp");
    await subject.driver.put(k, Buffer.from("webp-bytes"), "image/webp");
    const response = await fetch((await subject.driver.presignGet({ key: k, expiresInSeconds: 60 })).url);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(await text(response.body as unknown as NodeJS.ReadableStream)).toBe("webp-bytes");
  });
});

describe("local driver fs errors", () => {
  it("metadata that cannot be read (a folder where its file should be: EISDIR) fails head and openRead instead of answering without it", async () => {
    const subject = await makeLocalDriver();
    try {
      await subject.driver.put("broken/meta", Buffer.from("bytes"), "image/png");
      const metaFile = path.join(subject.rootDir, ".pixbucket", "meta", "broken", "meta.json");
      await rm(metaFile);
      await mkdir(metaFile);
      await expect(subject.driver.head("broken/meta")).rejects.toMatchObject({ code: "EISDIR" });
      await expect(subject.driver.openRead("broken/meta")).rejects.toMatchObject({ code: "EISDIR" });
      // Only a missing file is "missing"; and a folder at a key is a prefix, as on S3.
      expect(await subject.driver.head("broken")).toBeNull();
      expect(await subject.driver.head("broken/other")).toBeNull();
    } finally {
      await subject.cleanup();
    }
  });
});

describe("local driver containment", () => {
  it("refuses keys that escape its root and leaves no temp files after a refused body", async () => {
    const subject = await makeLocalDriver();
    try {
      for (const bad of ["../escape", "a/../../b", "/abs", ".pixbucket/meta/x"]) {
        await expect(subject.driver.put(bad, Buffer.from("x"), "image/png")).rejects.toThrow(/unsafe|escapes/);
        await expect(subject.driver.presignPut({ key: bad, contentType: "image/png", contentLength: 1, expiresInSeconds: 60 })).rejects.toThrow();
      }
      // A signed URL whose path was edited to climb out is refused before any write.
      const signed = await subject.driver.presignPut({ key: "ok/file", contentType: "image/png", contentLength: 1, expiresInSeconds: 60 });
      const climbing = signed.url.replace("/ok/file", "/ok/%2E%2E/%2E%2E/%2E%2E/file");
      const response = await fetch(climbing, { method: "PUT", headers: signed.headers, body: "x" });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);

      const refused = await subject.driver.presignPut({ key: "ok/short", contentType: "image/png", contentLength: 10, expiresInSeconds: 60 });
      expect((await fetch(refused.url, { method: "PUT", headers: refused.headers, body: "12345678901" })).status).toBeGreaterThanOrEqual(400);
      expect(await readdir(`${subject.rootDir}/.pixbucket/tmp`)).toEqual([]);
    } finally {
      await subject.cleanup();
    }
  });
});
