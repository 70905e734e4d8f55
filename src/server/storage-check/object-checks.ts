import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { doctorProbeKey } from "../storage/keys";
import { describeFailure, errorCodeOf } from "./describe-s3-error";
import { probeSignal, type ProbeContext } from "./probe-context";
import { fail, ok, type StorageCheckResult } from "./storage-check-result";

const newProbeKey = () => doctorProbeKey(randomBytes(9).toString("base64url").replace(/[^A-Za-z0-9]/g, "x"));
const md5Base64 = (bytes: Buffer) => createHash("md5").update(bytes).digest("base64");

async function send(url: string, init: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(url, { ...init, signal: probeSignal() });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

const answered = (result: { status: number; body: string }) => `HTTP ${result.status}${errorCodeOf(result.body) ? ` ${errorCodeOf(result.body)}` : ""}`;

/**
 * What an upload does, on a tiny object: a presigned PUT bound to Content-Type and Content-MD5,
 * a presigned GET of the same bytes, then DELETE. The object is removed whatever happens.
 */
export async function checkPresignedRoundTrip(probe: ProbeContext): Promise<StorageCheckResult> {
  const key = newProbeKey();
  const bytes = Buffer.from(`pixbucket doctor probe ${new Date().toISOString()}\n`);
  try {
    const put = await probe.driver.presignPut({ key, contentType: "text/plain", contentLength: bytes.length, contentMd5: md5Base64(bytes), expiresInSeconds: 300 });
    const stored = await send(put.url, { method: "PUT", headers: put.headers, body: new Uint8Array(bytes) });
    if (stored.status >= 300) {
      return fail("presigned-put", `A presigned PUT with Content-Type and Content-MD5 was refused (${answered(stored)}).`, "Storage must accept SigV4 query-signed PUTs with signed content-type and content-md5 headers; check the key's write permission on the bucket.");
    }
    const get = await probe.driver.presignGet({ key, expiresInSeconds: 300 });
    const read = await send(get.url, { method: "GET" });
    if (read.status !== 200 || read.body !== bytes.toString()) {
      return fail("presigned-put", `The object just written could not be read back with a presigned GET (${answered(read)}).`, "Grant the key read permission on the bucket.");
    }
    await probe.driver.delete(key);
    if (await probe.driver.head(key)) return fail("presigned-put", "DELETE answered but the object is still there.", "Grant the key delete permission on the bucket.");
    return ok("presigned-put", "Presigned PUT (Content-Type + Content-MD5), GET and DELETE of a tiny object work.");
  } catch (error) {
    return fail("presigned-put", `The upload round trip failed: ${describeFailure(error)}.`, "Grant the key read, write and delete on the bucket.");
  } finally {
    await probe.driver.delete(key).catch(() => undefined);
  }
}

/** Create, one presigned part, complete; then create and abort. Big files go up this way. */
export async function checkMultipart(probe: ProbeContext): Promise<StorageCheckResult> {
  const key = newProbeKey();
  const bytes = randomBytes(1024); // one part is also the last, so it may be small
  try {
    const { uploadId } = await probe.driver.createMultipart({ key, contentType: "application/octet-stream" });
    const part = await probe.driver.presignPart({ key, uploadId, partNumber: 1, contentLength: bytes.length, expiresInSeconds: 300 });
    const sent = await send(part.url, { method: "PUT", body: new Uint8Array(bytes) });
    const etag = sent.headers.get("etag");
    if (sent.status >= 300 || !etag) {
      await probe.driver.abortMultipart({ key, uploadId });
      return fail("multipart", `A presigned part upload was refused (${answered(sent)}).`, "Storage must accept presigned UploadPart requests.");
    }
    await probe.driver.completeMultipart({ key, uploadId, parts: [{ partNumber: 1, etag }] });
    const head = await probe.driver.head(key);
    if (head?.size !== bytes.length) return fail("multipart", "Completing a one-part upload did not produce the object.", "Storage must support CompleteMultipartUpload.");
    const second = await probe.driver.createMultipart({ key, contentType: "application/octet-stream" });
    await probe.driver.abortMultipart({ key, uploadId: second.uploadId });
    return ok("multipart", "Multipart create, one part, complete and abort work.");
  } catch (error) {
    return fail("multipart", `A multipart upload failed: ${describeFailure(error)}.`, "Grant the key s3:AbortMultipartUpload and s3:ListMultipartUploadParts as well as write access.");
  } finally {
    await probe.driver.delete(key).catch(() => undefined);
  }
}

/**
 * Newer SDKs put `x-amz-checksum-*` in presigned URLs; some servers refuse those, some ignore
 * them. Pixbucket never sends them (it binds Content-MD5), so every answer is fine: this says which.
 */
export async function checkChecksumParameters(probe: ProbeContext): Promise<StorageCheckResult> {
  const key = newProbeKey();
  const bytes = Buffer.from("checksum probe\n");
  const wrongSha256 = createHash("sha256").update("other bytes").digest("base64");
  try {
    const url = probe.presigner.presign({
      method: "PUT",
      key,
      operation: "PutObject",
      query: { "x-amz-checksum-sha256": wrongSha256, "x-amz-sdk-checksum-algorithm": "SHA256" },
      headers: { "content-length": String(bytes.length) },
      expiresInSeconds: 300,
    });
    const sent = await send(url, { method: "PUT", body: new Uint8Array(bytes) });
    if (sent.status < 300) return ok("checksums", "x-amz-checksum-* parameters are ignored here (not checked); Pixbucket relies on Content-MD5, which is.");
    return ok("checksums", `x-amz-checksum-* parameters are refused or checked (${answered(sent)}); Pixbucket never sends them.`);
  } catch (error) {
    return ok("checksums", `x-amz-checksum-* parameters could not be tried (${describeFailure(error)}); Pixbucket never sends them.`);
  } finally {
    await probe.driver.delete(key).catch(() => undefined);
  }
}

export { newProbeKey };
