import type { AwsS3UploadParameters, UploadPartBytesResult } from "@uppy/aws-s3";
import { STORAGE_FULL_CODES } from "@/lib/storage-full-codes";
import { StorageError } from "./upload-failure";

function xmlField(xml: string, field: string): string | undefined {
  return new RegExp(`<${field}>([^<]*)</${field}>`).exec(xml)?.[1];
}

/** The app's own storage endpoint (local driver) answers in the API's JSON error shape. */
function jsonError(responseText: string): { code: string; message: string } | undefined {
  try {
    const body = JSON.parse(responseText) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
  } catch {
    return undefined;
  }
}

export function storageError(status: number, responseText: string): StorageError {
  const json = jsonError(responseText);
  if (json) return new StorageError(json.message, status, json.code);
  const code = xmlField(responseText, "Code") ?? "";
  const detail = xmlField(responseText, "Message") ?? "";
  if (STORAGE_FULL_CODES.has(code) || status === 507) {
    return new StorageError(`Storage is full (${code || "HTTP 507"}): the file was not saved. Delete images or ask the administrator for room, then retry.`, status, "storage_full");
  }
  if (status === 403 && (/expired/i.test(detail) || code === "ExpiredToken")) {
    return new StorageError("The upload link expired before the file was sent — retry to get a new one.", status, code || "expired");
  }
  if (code === "BadDigest" || code === "InvalidDigest") {
    return new StorageError("The file changed while it was being uploaded (its checksum no longer matches) — retry.", status, code);
  }
  if (status === 403) {
    return new StorageError(`Storage refused the upload (${code || "HTTP 403"}) — retry; if it keeps happening, tell the administrator.`, status, code || "forbidden");
  }
  if (status === 413 || code === "EntityTooLarge") {
    return new StorageError("Storage refused the file as too large.", status, code || "too_large");
  }
  if (status >= 500) {
    return new StorageError(`Storage had a problem (HTTP ${status}) — retry in a moment.`, status, code || "unavailable");
  }
  return new StorageError(`Storage refused the upload (${code || `HTTP ${status}`}) — retry.`, status, code || "storage_error");
}

function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const separator = line.indexOf(": ");
    if (separator > 0) headers[line.slice(0, separator).toLowerCase()] = line.slice(separator + 2);
  }
  return headers;
}

/** No upload progress for this long means the connection hung without failing; drop it and retry. */
const defaultStallTimeoutMs = 60_000;

export interface PutToStorageOptions {
  signature: AwsS3UploadParameters;
  body: FormData | Blob;
  size?: number;
  onProgress: (event: { loaded: number; lengthComputable: boolean }) => void;
  onComplete: (etag: string) => void;
  signal?: AbortSignal;
  requireEtag?: boolean;
  stallTimeoutMs?: number;
}

/**
 * Sends the bytes to the presigned URL with exactly the signed method and headers, reporting
 * progress. Replaces @uppy/aws-s3's built-in sender: its errors ("Non 2xx") mean nothing to a
 * person, when storage's CORS rules hide the ETag header it logs and never settles, and it cannot
 * tell a dead connection from a slow one. A single PUT does not need the ETag (the server checks
 * the stored object itself); a multipart part does (`requireEtag`), and without it fails at once
 * with a sentence naming the CORS rule, rather than after the whole file was sent.
 *
 * Failures are `StorageError`s: status 0 when no answer came (offline, blocked, reset, stalled).
 */
export function putToStorage({
  signature: { url, headers, method = "PUT" },
  body,
  size = body instanceof Blob ? body.size : undefined,
  onProgress,
  onComplete,
  signal,
  requireEtag = false,
  stallTimeoutMs = defaultStallTimeoutMs,
}: PutToStorageOptions): Promise<UploadPartBytesResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException("The upload was cancelled", "AbortError"));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    for (const [name, value] of Object.entries(headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.responseType = "text";

    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let hasStalled = false;
    const watchStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        hasStalled = true;
        xhr.abort();
      }, stallTimeoutMs);
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(stallTimer);
      signal?.removeEventListener("abort", onAbort);
    };

    xhr.upload.addEventListener("progress", (event) => {
      watchStall();
      onProgress({ loaded: event.loaded, lengthComputable: event.lengthComputable });
    });
    xhr.addEventListener("abort", () => {
      cleanup();
      if (hasStalled && !signal?.aborted) {
        reject(new StorageError("The connection to storage stopped moving — retrying.", 0, "stalled"));
        return;
      }
      reject(new DOMException("The upload was cancelled", "AbortError"));
    });
    xhr.addEventListener("error", () => {
      cleanup();
      reject(
        new StorageError(
          "The upload to storage was interrupted or blocked — check your connection and retry. If it keeps failing, the bucket's CORS settings may not allow this site.",
          0,
          "network_error",
        ),
      );
    });
    xhr.addEventListener("load", () => {
      cleanup();
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(storageError(xhr.status, xhr.responseText));
        return;
      }
      const responseHeaders = parseHeaders(xhr.getAllResponseHeaders());
      const etag = responseHeaders.etag ?? "";
      if (requireEtag && !etag) {
        reject(
          new StorageError(
            "Storage accepted a part but hid its ETag header, so the upload cannot be assembled — the bucket's CORS rule must expose ETag.",
            xhr.status,
            "etag_not_exposed",
          ),
        );
        return;
      }
      if (size !== undefined) onProgress({ loaded: size, lengthComputable: true });
      onComplete(etag);
      resolve({ ...responseHeaders, ETag: etag, location: responseHeaders.location });
    });
    watchStall();
    xhr.send(body);
  });
}
