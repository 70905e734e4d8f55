import "server-only";
import type { Readable } from "node:stream";

/** A request the browser (or any client) sends straight to storage: exactly this method, URL and headers. */
export interface SignedRequest {
  method: "PUT" | "GET";
  url: string;
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface PresignPutInput {
  key: string;
  contentType: string;
  /** The exact body length; storage refuses any other. */
  contentLength: number;
  /** Base64 MD5 of the body, as in a Content-MD5 header; storage refuses other bytes when given. */
  contentMd5?: string;
  expiresInSeconds: number;
}

export interface PresignGetInput {
  key: string;
  expiresInSeconds: number;
  /** Sign as of this instant instead of now (stable URLs within a window, so browsers can cache). */
  signedAt?: Date;
  responseContentType?: string;
  responseContentDisposition?: string;
}

export interface ObjectHead {
  size: number;
  contentType?: string;
  /** Unquoted (see etag.ts); for a single PUT, the hex MD5 of the bytes on both drivers. */
  etag?: string;
}

/** An object opened for reading: what a HEAD would say, and the bytes. */
export interface OpenedObject extends ObjectHead {
  body: Readable;
}

export interface StoredPart {
  partNumber: number;
  /** Unquoted, as every ETag the seam returns. */
  etag: string;
  size: number;
}

export interface ListedObject {
  key: string;
  size: number;
  /** When the object was last written; the orphan sweep leaves young objects alone. */
  lastModified: Date;
}

export interface ListOptions {
  /** Only keys after this one (by UTF-8 bytes): where an earlier listing stopped. */
  startAfter?: string;
  /** Objects per page, at most 1000 (S3's page size, and the default). */
  pageSize?: number;
}

/**
 * The storage seam. Keys are relative and opaque (built only in keys.ts). Nothing outside the
 * drivers knows which one runs; every driver passes the same contract suite. Drivers only store:
 * the local driver's signed URLs are answered by storage-routes/, not here.
 */
export interface StorageDriver {
  readonly kind: "s3" | "local";
  /** Checks that storage answers and the bucket exists, creating it when allowed. Called at start-up. */
  ensureReady(): Promise<void>;
  /** A cheap round trip for health checks; throws when storage does not answer. */
  ping(): Promise<void>;

  presignPut(input: PresignPutInput): Promise<SignedRequest>;
  presignGet(input: PresignGetInput): Promise<SignedRequest>;

  createMultipart(input: { key: string; contentType: string }): Promise<{ uploadId: string }>;
  /** A part URL; with `contentLength` storage refuses a part of any other length. */
  presignPart(input: { key: string; uploadId: string; partNumber: number; contentLength?: number; expiresInSeconds: number }): Promise<SignedRequest>;
  /** The parts storage already holds, in part order (to resume). */
  listParts(input: { key: string; uploadId: string }): Promise<StoredPart[]>;
  /** `parts`' ETags as listParts gave them (quoted ones are accepted too). */
  completeMultipart(input: { key: string; uploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<void>;
  /** Removes every part sent; idempotent. */
  abortMultipart(input: { key: string; uploadId: string }): Promise<void>;

  /** Null when the object does not exist. */
  head(key: string): Promise<ObjectHead | null>;
  /** Bytes [start, endInclusive], clipped to the object's end; null when the object does not exist. */
  readRange(key: string, start: number, endInclusive: number): Promise<Buffer | null>;
  /** One request for size, type, ETag and the bytes; null when the object does not exist. */
  openRead(key: string): Promise<OpenedObject | null>;
  /** For server-made objects (thumbnails). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Idempotent: a missing key is not an error. */
  delete(key: string): Promise<void>;
  deleteMany(keys: string[]): Promise<void>;
  /** Every object under the prefix in key order (UTF-8 bytes), a page at a time; at least one page, maybe empty. */
  list(prefix: string, options?: ListOptions): AsyncIterable<ListedObject[]>;
  /**
   * Drivers whose URLs point back at this app sign them for this origin (the request's, when no
   * public URL is configured), so API clients always get absolute URLs. S3 URLs already are.
   */
  forOrigin?(origin: string): StorageDriver;
}
