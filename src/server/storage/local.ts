import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ListedObject, ListOptions, ObjectHead, OpenedObject, PresignGetInput, PresignPutInput, SignedRequest, StorageDriver, StoredPart } from "./driver";
import { normalizeEtag } from "./etag";
import { ifExists, isNotFound } from "./if-exists";
import { assertSafeKey } from "./keys";
import { signLocal, type LocalSignedFields } from "./local-signature";
import { walkLocalTree } from "./walk-local-tree";

/** Where our own route handler serves local objects; the browser flow is the same as with S3. */
export const LOCAL_OBJECT_ROUTE = "/api/storage";

const INTERNAL_DIR = ".pixbucket"; // metadata, multipart parts and temp files; never a key.
const MIN_PART_BYTES = 5 * 1024 * 1024; // S3's minimum for every part but the last; kept for parity.
const LIST_PAGE_SIZE = 1000;

interface ObjectMeta {
  contentType: string;
  etag: string;
}

/** What S3 would name the same refusal; the route that serves the signed URLs picks the status. */
export type LocalStorageErrorCode = "NoSuchUpload" | "InvalidPart" | "InvalidPartOrder" | "EntityTooSmall" | "MalformedXML" | "IncompleteBody" | "BadDigest" | "InvalidArgument";

/** The local driver refusing a write or a multipart step, as an S3 server would; fs errors stay as they are. */
export class LocalStorageError extends Error {
  constructor(
    readonly code: LocalStorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "LocalStorageError";
  }
}

/** A body to store, with what it must be: the exact length and, when given, the base64 MD5. */
export interface IncomingBody {
  body: Readable;
  expectedBytes: number;
  expectedMd5Base64?: string;
}

export interface LocalDriverOptions {
  rootDir: string;
  secret: string;
  /** Absolute origin for URLs (e.g. https://pix.example.com); empty means same-origin relative URLs. */
  publicUrl?: string;
}

/** Counts and hashes bytes as they stream to disk, so no body is ever buffered whole. */
function measuringTransform() {
  const md5 = createHash("md5");
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      md5.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, result: () => ({ bytes, md5: md5.digest() }) };
}

export class LocalStorageDriver implements StorageDriver {
  readonly kind = "local" as const;
  private readonly root: string;

  constructor(private readonly options: LocalDriverOptions) {
    this.root = path.resolve(options.rootDir);
  }

  /** Maps a key to a path under the root, refusing anything that would land outside it. */
  resolveKey(key: string): string {
    assertSafeKey(key);
    if (key === INTERNAL_DIR || key.startsWith(`${INTERNAL_DIR}/`)) throw new Error(`unsafe object key: ${JSON.stringify(key)}`);
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(this.root + path.sep)) throw new Error(`object key escapes the storage root: ${JSON.stringify(key)}`);
    return resolved;
  }

  private internal(...parts: string[]): string {
    return path.join(this.root, INTERNAL_DIR, ...parts);
  }

  private metaPath(key: string): string {
    this.resolveKey(key);
    return this.internal("meta", `${key}.json`);
  }

  private multipartDir(uploadId: string): string {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(uploadId)) throw new LocalStorageError("NoSuchUpload", "Unknown multipart upload.");
    return this.internal("multipart", uploadId);
  }

  private signedUrl(fields: LocalSignedFields, extraQuery: Record<string, string> = {}): string {
    const query = new URLSearchParams({ op: fields.op, expires: String(fields.expiresAtUnix), ...extraQuery });
    query.set("signature", signLocal(this.options.secret, fields));
    const encodedKey = fields.key.split("/").map(encodeURIComponent).join("/");
    return `${this.options.publicUrl ?? ""}${LOCAL_OBJECT_ROUTE}/${encodedKey}?${query.toString()}`;
  }

  private expiry(expiresInSeconds: number, signedAt = new Date()) {
    const expiresAt = new Date(signedAt.getTime() + expiresInSeconds * 1000);
    return { expiresAt, expiresAtUnix: Math.floor(expiresAt.getTime() / 1000) };
  }

  forOrigin(origin: string): LocalStorageDriver {
    // A configured public URL wins: it is what people use, whatever Host a request came with.
    return this.options.publicUrl ? this : new LocalStorageDriver({ ...this.options, publicUrl: origin });
  }

  async ensureReady(): Promise<void> {
    await mkdir(this.internal("tmp"), { recursive: true });
  }

  async ping(): Promise<void> {
    await stat(this.root);
  }

  async presignPut(input: PresignPutInput): Promise<SignedRequest> {
    this.resolveKey(input.key);
    const { expiresAt, expiresAtUnix } = this.expiry(input.expiresInSeconds);
    const fields: LocalSignedFields = {
      op: "put",
      key: input.key,
      expiresAtUnix,
      contentLength: input.contentLength,
      contentType: input.contentType,
      contentMd5: input.contentMd5,
    };
    const headers: Record<string, string> = { "Content-Type": input.contentType };
    if (input.contentMd5) headers["Content-MD5"] = input.contentMd5;
    return { method: "PUT", url: this.signedUrl(fields), headers, expiresAt };
  }

  async presignGet(input: PresignGetInput): Promise<SignedRequest> {
    this.resolveKey(input.key);
    const { expiresAt, expiresAtUnix } = this.expiry(input.expiresInSeconds, input.signedAt);
    const fields: LocalSignedFields = {
      op: "get",
      key: input.key,
      expiresAtUnix,
      responseContentType: input.responseContentType,
      responseContentDisposition: input.responseContentDisposition,
    };
    const extra: Record<string, string> = {};
    if (input.responseContentType) extra["response-content-type"] = input.responseContentType;
    if (input.responseContentDisposition) extra["response-content-disposition"] = input.responseContentDisposition;
    return { method: "GET", url: this.signedUrl(fields, extra), headers: {}, expiresAt };
  }

  async createMultipart(input: { key: string; contentType: string }): Promise<{ uploadId: string }> {
    this.resolveKey(input.key);
    const uploadId = randomBytes(18).toString("base64url");
    const dir = this.multipartDir(uploadId);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "upload.json"), JSON.stringify({ key: input.key, contentType: input.contentType }));
    return { uploadId };
  }

  async presignPart(input: { key: string; uploadId: string; partNumber: number; contentLength?: number; expiresInSeconds: number }): Promise<SignedRequest> {
    this.resolveKey(input.key);
    const { expiresAt, expiresAtUnix } = this.expiry(input.expiresInSeconds);
    const fields: LocalSignedFields = {
      op: "part",
      key: input.key,
      expiresAtUnix,
      uploadId: input.uploadId,
      partNumber: input.partNumber,
      contentLength: input.contentLength,
    };
    const query: Record<string, string> = { uploadId: input.uploadId, partNumber: String(input.partNumber) };
    if (input.contentLength !== undefined) query.bound = "length"; // tells the server to sign the received length too
    const url = this.signedUrl(fields, query);
    return { method: "PUT", url, headers: {}, expiresAt };
  }

  private async readMultipart(key: string, uploadId: string): Promise<{ dir: string; contentType: string }> {
    const dir = this.multipartDir(uploadId);
    const record = await ifExists(readFile(path.join(dir, "upload.json"), "utf8"));
    const parsed = record ? (JSON.parse(record) as { key: string; contentType: string }) : null;
    if (!parsed || parsed.key !== key) throw new LocalStorageError("NoSuchUpload", "Unknown multipart upload.");
    return { dir, contentType: parsed.contentType };
  }

  async listParts(input: { key: string; uploadId: string }): Promise<StoredPart[]> {
    const { dir } = await this.readMultipart(input.key, input.uploadId);
    const names = (await readdir(dir)).filter((name) => /^part-\d+\.json$/.test(name));
    const parts = await Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(dir, name), "utf8")) as StoredPart));
    // Parts written before ETags were normalized kept their quotes.
    return parts.map((part) => ({ ...part, etag: normalizeEtag(part.etag) })).sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipart(input: { key: string; uploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<void> {
    const { dir, contentType } = await this.readMultipart(input.key, input.uploadId);
    const stored = new Map((await this.listParts(input)).map((part) => [part.partNumber, part]));
    const chosen = input.parts.map((requested, index) => {
      const part = stored.get(requested.partNumber);
      if (!part || part.etag !== normalizeEtag(requested.etag)) throw new LocalStorageError("InvalidPart", `Part ${requested.partNumber} was not uploaded or its ETag differs.`);
      if (index > 0 && requested.partNumber <= input.parts[index - 1]!.partNumber) throw new LocalStorageError("InvalidPartOrder", "Parts must be in ascending order.");
      if (index < input.parts.length - 1 && part.size < MIN_PART_BYTES) throw new LocalStorageError("EntityTooSmall", `Part ${part.partNumber} is smaller than 5 MiB.`);
      return part;
    });
    if (chosen.length === 0) throw new LocalStorageError("MalformedXML", "No parts given.");
    const tmp = await this.tempPath();
    const md5s = createHash("md5");
    for (const part of chosen) md5s.update(Buffer.from(part.etag, "hex"));
    // One pipeline over all parts in order: a pipeline per part into one shared output stream adds
    // listeners to it for every part (10,000 parts allowed), which Node reports as a leak.
    async function* partBytes(): AsyncGenerator<Buffer> {
      for (const part of chosen) yield* createReadStream(path.join(dir, `part-${part.partNumber}`));
    }
    try {
      await pipeline(partBytes, createWriteStream(tmp));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    // S3's multipart ETag: MD5 of the parts' MD5s, then "-<count>".
    await this.commit(tmp, input.key, { contentType, etag: `${md5s.digest("hex")}-${chosen.length}` });
    await rm(dir, { recursive: true, force: true });
  }

  async abortMultipart(input: { key: string; uploadId: string }): Promise<void> {
    this.resolveKey(input.key);
    await rm(this.multipartDir(input.uploadId), { recursive: true, force: true });
  }

  async head(key: string): Promise<ObjectHead | null> {
    const file = this.resolveKey(key);
    const info = await ifExists(stat(file));
    // A folder at the key is what S3 shows for a prefix: no object.
    if (!info?.isFile()) return null;
    const meta = await this.readMeta(key);
    return { size: info.size, contentType: meta?.contentType, etag: meta?.etag };
  }

  async readRange(key: string, start: number, endInclusive: number): Promise<Buffer | null> {
    const handle = await ifExists(open(this.resolveKey(key), "r"));
    if (!handle) return null;
    try {
      const length = Math.max(0, endInclusive - start + 1);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async openRead(key: string): Promise<OpenedObject | null> {
    const head = await this.head(key);
    if (!head) return null;
    return { ...head, body: createReadStream(this.resolveKey(key)) };
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    this.resolveKey(key); // refuse a bad key before writing anything
    const tmp = await this.tempPath();
    await writeFile(tmp, body);
    await this.commit(tmp, key, { contentType, etag: createHash("md5").update(body).digest("hex") });
  }

  async delete(key: string): Promise<void> {
    const file = this.resolveKey(key);
    await rm(file, { force: true });
    await rm(this.metaPath(key), { force: true });
    await this.removeEmptyParents(path.dirname(file));
  }

  /** Keeps the tree from filling with empty per-image folders; stops at the first non-empty one. */
  private async removeEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.root + path.sep)) {
      try {
        await rmdir(current);
      } catch (error) {
        // Not empty (another object lives there) or already gone: done. Anything else is a real failure.
        const code = (error as { code?: unknown }).code;
        if (code === "ENOTEMPTY" || code === "EEXIST" || isNotFound(error)) return;
        throw error;
      }
      current = path.dirname(current);
    }
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (const key of keys) await this.delete(key);
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ListedObject[]> {
    const pageSize = Math.min(options.pageSize ?? LIST_PAGE_SIZE, LIST_PAGE_SIZE);
    let page: ListedObject[] = [];
    let isFirstPage = true;
    for await (const object of walkLocalTree(this.root, { prefix, startAfter: options.startAfter, skipTopLevel: new Set([INTERNAL_DIR]) })) {
      page.push(object);
      if (page.length === pageSize) {
        yield page;
        page = [];
        isFirstPage = false;
      }
    }
    // Like an S3 listing, an empty prefix still answers one (empty) page.
    if (page.length > 0 || isFirstPage) yield page;
  }

  /**
   * Stores a body under the key: streams it to a temp file while counting and hashing, then checks
   * the exact length and the MD5 before the rename makes it visible. A refused body leaves nothing.
   */
  async writeObject(key: string, contentType: string, incoming: IncomingBody): Promise<{ etag: string }> {
    this.resolveKey(key);
    const tmp = await this.tempPath();
    const measured = await this.streamToFile(incoming, tmp);
    const etag = measured.md5.toString("hex");
    await this.commit(tmp, key, { contentType, etag });
    return { etag };
  }

  /** Stores one part of a multipart upload, checked like writeObject; a part sent again replaces the first. */
  async writePart(input: { key: string; uploadId: string; partNumber: number }, incoming: IncomingBody): Promise<{ etag: string }> {
    if (!Number.isInteger(input.partNumber) || input.partNumber < 1 || input.partNumber > 10000) {
      throw new LocalStorageError("InvalidArgument", "Part number must be between 1 and 10000.");
    }
    const { dir } = await this.readMultipart(input.key, input.uploadId);
    const tmp = await this.tempPath();
    const measured = await this.streamToFile(incoming, tmp);
    const etag = measured.md5.toString("hex");
    await rename(tmp, path.join(dir, `part-${input.partNumber}`));
    const record: StoredPart = { partNumber: input.partNumber, etag, size: measured.bytes };
    await writeFile(path.join(dir, `part-${input.partNumber}.json`), JSON.stringify(record));
    return { etag };
  }

  private async streamToFile(incoming: IncomingBody, tmp: string) {
    const measuring = measuringTransform();
    try {
      await pipeline(incoming.body, measuring.transform, createWriteStream(tmp));
      const measured = measuring.result();
      if (measured.bytes !== incoming.expectedBytes) {
        throw new LocalStorageError("IncompleteBody", `Received ${measured.bytes} bytes, expected ${incoming.expectedBytes}.`);
      }
      if (incoming.expectedMd5Base64 !== undefined && measured.md5.toString("base64") !== incoming.expectedMd5Base64) {
        throw new LocalStorageError("BadDigest", "The Content-MD5 you specified did not match what was received.");
      }
      return measured;
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  private async readMeta(key: string): Promise<ObjectMeta | null> {
    const text = await ifExists(readFile(this.metaPath(key), "utf8"));
    if (!text) return null;
    const meta = JSON.parse(text) as ObjectMeta;
    // Objects written before ETags were normalized kept their quotes.
    return { ...meta, etag: normalizeEtag(meta.etag) };
  }

  private async tempPath(): Promise<string> {
    const dir = this.internal("tmp");
    await mkdir(dir, { recursive: true });
    return path.join(dir, randomBytes(12).toString("hex"));
  }

  /** Atomic publish: meta first, then the rename that makes the bytes visible under the key. */
  private async commit(tmp: string, key: string, meta: ObjectMeta): Promise<void> {
    const metaTmp = await this.tempPath();
    try {
      const target = this.resolveKey(key);
      const metaFile = this.metaPath(key);
      await mkdir(path.dirname(target), { recursive: true });
      await mkdir(path.dirname(metaFile), { recursive: true });
      await writeFile(metaTmp, JSON.stringify(meta));
      await rename(metaTmp, metaFile);
      await rename(tmp, target);
    } catch (error) {
      await Promise.all([rm(tmp, { force: true }), rm(metaTmp, { force: true })]);
      throw error;
    }
  }
}
