import "server-only";
import { Readable } from "node:stream";
import { errorResponse } from "../http/error-response";
import { LOCAL_OBJECT_ROUTE, LocalStorageError, type LocalStorageDriver } from "./local";
import { isLocalSignatureValid, type LocalSignedFields } from "./local-signature";

/** Errors in the shape of the rest of the API, with S3-like codes so clients can tell them apart. */
const storageError = (status: number, code: string, message: string): Response => errorResponse(status, code, message);

function contentDispositionSafe(value: string | null): string | undefined {
  // Header values must not carry line breaks; signed values never do, so a tampered one is refused.
  return value && !/[\r\n]/.test(value) ? value : undefined;
}

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

/** The key is the path after the route prefix, each segment percent-decoded exactly once. */
function keyFromPath(pathname: string): string | null {
  const prefix = `${LOCAL_OBJECT_ROUTE}/`;
  if (!pathname.startsWith(prefix)) return null;
  try {
    return pathname.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
}

interface Verified {
  fields: LocalSignedFields;
}

function verify(request: Request, key: string, secret: string, nowMs: number): Verified | Response {
  const url = new URL(request.url);
  const op = url.searchParams.get("op");
  const expires = Number(url.searchParams.get("expires"));
  const signature = url.searchParams.get("signature") ?? "";
  if ((op !== "put" && op !== "get" && op !== "part") || !Number.isFinite(expires) || !signature) {
    return storageError(403, "AccessDenied", "This storage URL is not signed.");
  }
  const expectedMethod = op === "get" ? ["GET", "HEAD"] : ["PUT"];
  if (!expectedMethod.includes(request.method)) return storageError(403, "AccessDenied", "This URL was signed for another method.");

  const lengthHeader = request.headers.get("content-length");
  const fields: LocalSignedFields = { op, key, expiresAtUnix: expires };
  if (op === "put") {
    fields.contentLength = lengthHeader === null ? undefined : Number(lengthHeader);
    fields.contentType = request.headers.get("content-type") ?? undefined;
    fields.contentMd5 = request.headers.get("content-md5") ?? undefined;
  } else if (op === "part") {
    fields.uploadId = url.searchParams.get("uploadId") ?? undefined;
    fields.partNumber = Number(url.searchParams.get("partNumber"));
    if (url.searchParams.get("bound") === "length") fields.contentLength = lengthHeader === null ? undefined : Number(lengthHeader);
  } else {
    fields.responseContentType = url.searchParams.get("response-content-type") ?? undefined;
    fields.responseContentDisposition = contentDispositionSafe(url.searchParams.get("response-content-disposition"));
  }
  if (!isLocalSignatureValid(secret, fields, signature)) {
    return storageError(403, "SignatureDoesNotMatch", "The request does not match what was signed (method, key, length, type or digest).");
  }
  if (expires * 1000 < nowMs) return storageError(403, "AccessDenied", "This storage URL has expired.");
  return { fields };
}

/** Serves the local driver's signed URLs: the same contract a browser gets from an S3 server. */
export async function handleLocalObjectRequest(driver: LocalStorageDriver, secret: string, request: Request): Promise<Response> {
  const key = keyFromPath(new URL(request.url).pathname);
  if (key === null) return storageError(400, "InvalidKey", "The object key is not allowed.");
  const verified = verify(request, key, secret, Date.now());
  if (verified instanceof Response) {
    // Read a small refused body to its end, as S3 servers do: answering mid-upload makes clients
    // see a connection reset instead of the 403 that explains what went wrong. Past 1 MiB, answer
    // and close the connection rather than take in the rest.
    if (!(await drain(request.body))) verified.headers.set("Connection", "close");
    return verified;
  }
  const { fields } = verified;
  try {
    driver.resolveKey(key);
  } catch {
    return storageError(400, "InvalidKey", "The object key is not allowed.");
  }

  try {
    if (fields.op === "get") return await serveObject(driver, fields, request.method === "HEAD");
    const contentLength = Number(request.headers.get("content-length") ?? Number.NaN);
    if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
      return storageError(411, "MissingContentLength", "A Content-Length header is required.");
    }
    const body = request.body ?? new Blob([]).stream();
    const { etag } =
      fields.op === "put"
        ? await driver.receiveObject({ key, body, contentLength, contentType: fields.contentType ?? "application/octet-stream", contentMd5: fields.contentMd5 })
        : await driver.receivePart({ key, uploadId: fields.uploadId ?? "", partNumber: fields.partNumber ?? 0, body, contentLength });
    return new Response(null, { status: 200, headers: { ETag: etag } });
  } catch (error) {
    if (error instanceof LocalStorageError) return storageError(error.status, error.code, error.message);
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
  if (head.etag) headers.set("ETag", head.etag);
  if (fields.responseContentDisposition) headers.set("Content-Disposition", fields.responseContentDisposition);
  if (isHead) {
    head.body.destroy();
    return new Response(null, { status: 200, headers });
  }
  return new Response(Readable.toWeb(head.body) as ReadableStream<Uint8Array>, { status: 200, headers });
}
