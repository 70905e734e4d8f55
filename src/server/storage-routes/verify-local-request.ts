import "server-only";
import { LOCAL_OBJECT_ROUTE } from "../storage/local";
import { isLocalSignatureValid, type LocalSignedFields } from "../storage/local-signature";

/** Why a request to a local storage URL is refused before anything is read or written. */
export interface LocalRefusal {
  status: number;
  code: string;
  message: string;
}

function contentDispositionSafe(value: string | null): string | undefined {
  // Header values must not carry line breaks; signed values never do, so a tampered one is refused.
  return value && !/[\r\n]/.test(value) ? value : undefined;
}

/** The key is the path after the route prefix, each segment percent-decoded exactly once. */
export function keyFromPath(pathname: string): string | null {
  const prefix = `${LOCAL_OBJECT_ROUTE}/`;
  if (!pathname.startsWith(prefix)) return null;
  try {
    return pathname.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
}

/**
 * Rebuilds what was signed from the request as received (method, key, expiry and, like SigV4's
 * signed headers, the length, type and MD5 the client sends) and checks the signature and expiry.
 */
export function verifyLocalRequest(request: Request, key: string, secret: string, nowMs: number): LocalSignedFields | LocalRefusal {
  const url = new URL(request.url);
  const op = url.searchParams.get("op");
  const expires = Number(url.searchParams.get("expires"));
  const signature = url.searchParams.get("signature") ?? "";
  if ((op !== "put" && op !== "get" && op !== "part") || !Number.isFinite(expires) || !signature) {
    return { status: 403, code: "AccessDenied", message: "This storage URL is not signed." };
  }
  const expectedMethod = op === "get" ? ["GET", "HEAD"] : ["PUT"];
  if (!expectedMethod.includes(request.method)) return { status: 403, code: "AccessDenied", message: "This URL was signed for another method." };

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
    return { status: 403, code: "SignatureDoesNotMatch", message: "The request does not match what was signed (method, key, length, type or digest)." };
  }
  if (expires * 1000 < nowMs) return { status: 403, code: "AccessDenied", message: "This storage URL has expired." };
  return fields;
}
