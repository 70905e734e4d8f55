import { createReadStream } from "node:fs";
import http from "node:http";
import https from "node:https";

export interface PutObjectInput {
  url: URL;
  /** Exactly the headers the server signed the URL with. */
  headers: Record<string, string>;
  filePath: string;
  /** Byte range of the file to send: the whole file, or one multipart part. */
  start: number;
  length: number;
  /** Called with the bytes handed to the socket, as they go. */
  onBytes(delta: number): void;
}

export interface PutObjectResult {
  status: number;
  etag: string | null;
  /** The storage's reason, for a refused PUT (S3 answers XML with Code and Message). */
  reason: string;
}

function describeRefusal(status: number, body: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
  if (code) return `storage answered HTTP ${status} ${code}${message ? `: ${message}` : ""}`;
  const json = (() => {
    try {
      return (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    } catch {
      return undefined;
    }
  })();
  return `storage answered HTTP ${status}${json ? `: ${json}` : ""}`;
}

/**
 * Streams a byte range of a file to a presigned URL with node's own HTTP client, so the exact
 * Content-Length goes out (storage refuses chunked uploads to a length-bound URL) and progress is
 * known per chunk. Never sends our API token: storage URLs carry their own signature.
 */
export function putObject({ url, headers, filePath, start, length, onBytes }: PutObjectInput): Promise<PutObjectResult> {
  return new Promise((resolve, reject) => {
    const hasLength = Object.keys(headers).some((name) => name.toLowerCase() === "content-length");
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "PUT",
      headers: hasLength ? headers : { ...headers, "Content-Length": String(length) },
    });
    let hasResponse = false;
    // Storage may answer (e.g. 403) before it has read the body and close the socket: the answer
    // is what matters, not the write error that follows.
    request.on("error", (error) => {
      if (!hasResponse) reject(error);
    });
    request.on("response", (response) => {
      hasResponse = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString("utf8").slice(0, 4000);
        const etag = typeof response.headers.etag === "string" ? response.headers.etag : null;
        resolve({ status, etag, reason: status >= 200 && status < 300 ? "" : describeRefusal(status, body) });
      });
    });
    if (length === 0) return request.end();
    const stream = createReadStream(filePath, { start, end: start + length - 1 });
    stream.on("data", (chunk) => onBytes(chunk.length));
    stream.on("error", (error) => request.destroy(error));
    stream.pipe(request);
  });
}
