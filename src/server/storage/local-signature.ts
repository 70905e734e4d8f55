import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * What a local signed URL binds. Like SigV4, the values the client must send as headers
 * (length, type, MD5) are not in the URL: the server rebuilds this from the request it receives,
 * so any other length, type or digest yields another signature and is refused.
 */
export interface LocalSignedFields {
  op: "put" | "get" | "part";
  key: string;
  expiresAtUnix: number;
  contentLength?: number;
  contentType?: string;
  contentMd5?: string;
  uploadId?: string;
  partNumber?: number;
  responseContentType?: string;
  responseContentDisposition?: string;
}

function canonical(fields: LocalSignedFields): string {
  return [
    fields.op,
    fields.key,
    fields.expiresAtUnix,
    fields.contentLength ?? "",
    fields.contentType ?? "",
    fields.contentMd5 ?? "",
    fields.uploadId ?? "",
    fields.partNumber ?? "",
    fields.responseContentType ?? "",
    fields.responseContentDisposition ?? "",
  ].join("\n");
}

export function signLocal(secret: string, fields: LocalSignedFields): string {
  return createHmac("sha256", `pixbucket-local-storage:${secret}`).update(canonical(fields)).digest("base64url");
}

export function isLocalSignatureValid(secret: string, fields: LocalSignedFields, signature: string): boolean {
  const expected = Buffer.from(signLocal(secret, fields));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
