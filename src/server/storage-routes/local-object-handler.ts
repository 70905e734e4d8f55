import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { errorResponse } from "../http/error-response";
import { quoteEtag } from "../storage/etag";
import { LocalStorageError, type LocalStorageDriver, type LocalStorageErrorCode } from "../storage/local";
import type { LocalSignedFields } from "../storage/local-signature";
import { keyFromPath, verifyLocalRequest } from "./verify-local-request";

/** Errors in the shape of the rest of the API, with S3-like codes so clients can tell them apart. */
const storageError = (status: number, code: string, message: string): Response => errorResponse(status, code, message);

/** The status an S3 server answers each refusal with. */
const STATUS_BY_CODE: Record<LocalStorageErrorCode, number> = {
  NoSuchUpload: 404,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  EntityTooSmall: 400,
  MalformedXML: 400,
  IncompleteBody: 400,
  BadDigest: 400,
  InvalidArgument: 400,
};

// Enough for a client to finish sending a small refused PUT and read the answer; a bigger one is
// cut off instead of being read to its end.
const MAX_DRAIN_BYTES = 1024 * 1024;

/** Reads and discards up to MAX_DRAIN_BYTES of a refused body; true when it ended within that. */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  let drained = 0;
  try {
    while (drained <= MAX_DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return true;
      drained += value.byteLength;
    }
    return false;
  } catch {
    // the client went away; nothing to explain to it
    return true;
  } finally {
    // Released, not cancelled: cancelling resets the socket before the answer is sent.
    reader.releaseLock();
  }
}

/**
 * Serves the local driver's signed URLs: the same contract a browser gets from an S3 server. The
 * HTTP half (signature, headers, statuses) is here; the driver only stores and reads bytes.
 */
export async function handleLocalObjectRequest(driver: LocalStorageDriver, secret: string, request: Request): Promise<Response> {
  const key = keyFromPath(new URL(request.url).pathname);
  if (key === null) return storageError(400, "InvalidKey", "The object key is not allowed.");
  const verified = verifyLocalRequest(request, key, secret, Date.now());
  if ("status" in verified) {
    const refused = storageError(verified.status, verified.code, verified.message);
    // Read a small refused body to its end, as S3 servers do: answering mid-upload makes clients
    // see a connection reset instead of the 403 that explains what went wrong. Past 1 MiB, answer
    // and close the connection rather than take in the rest.
    if (!(await drain(request.body))) refused.headers.set("Connection", "close");
    return refused;
  }
  try {
    driver.resolveKey(key);
  } catch {
    return storageError(400, "InvalidKey", "The object key is not allowed.");
  }

  try {
    if (verified.op === "get") return await serveObject(driver, verified, request.method === "HEAD");
    const contentLength = Number(request.headers.get("content-length") ?? Number.NaN);
    if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
      return storageError(411, "MissingContentLength", "A Content-Length header is required.");
    }
    const body = Readable.fromWeb((request.body ?? new Blob([]).stream()) as NodeReadableStream<Uint8Array>);
    const { etag } =
      verified.op === "put"
        ? await driver.writeObject(key, verified.contentType ?? "application/octet-stream", { body, expectedBytes: contentLength, expectedMd5Base64: verified.contentMd5 })
        : await driver.writePart({ key, uploadId: verified.uploadId ?? "", partNumber: verified.partNumber ?? 0 }, { body, expectedBytes: contentLength });
    // HTTP quotes ETags; the seam hands them out bare.
    return new Response(null, { status: 200, headers: { ETag: quoteEtag(etag) } });
  } catch (error) {
    if (error instanceof LocalStorageError) return storageError(STATUS_BY_CODE[error.code], error.code, error.message);
    throw error;
  }
}

async function serveObject(driver: LocalStorageDriver, fields: LocalSignedFields, isHead: boolean): Promise<Response> {
  const head = await driver.openRead(fields.key);
  if (!head) return storageError(404, "NoSuchKey", "The object does not exist.");
  const headers = new Headers({
    "Content-Length": String(head.size),
    "Content-Type": fields.responseContentType ?? head.contentType ?? "application/octet-stream",
    "Cache-Control": "private, max-age=300",
    // Our own origin serves these bytes, so nothing uploaded may run as a page here.
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  });
  if (head.etag) headers.set("ETag", quoteEtag(head.etag));
  if (fields.responseContentDisposition) headers.set("Content-Disposition", fields.responseContentDisposition);
  if (isHead) {
    head.body.destroy();
    return new Response(null, { status: 200, headers });
  }
  return new Response(Readable.toWeb(head.body) as ReadableStream<Uint8Array>, { status: 200, headers });
}
