import "server-only";
import { createHash, createHmac } from "node:crypto";

/**
 * SigV4 query-string presigning for S3, written against node:crypto. The SDK's presigner spends
 * ~200 µs per URL in its command and middleware pipeline; signing itself takes a few µs. A gallery
 * page signs 120 URLs and a 300-photo drop 300, so this is the hot path (see bench/presign).
 * Its output is byte-identical to the SDK's (tests/unit/sigv4-presigner.test.ts holds it to that).
 */
export interface PresignerOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface PresignRequest {
  method: "GET" | "PUT";
  key: string;
  /** Operation name the SDK puts in `x-id` (PutObject, GetObject, UploadPart). */
  operation: string;
  /** Extra query parameters (partNumber, uploadId, response-content-type…). */
  query?: Record<string, string | undefined>;
  /** Headers the client must send exactly; each is signed. */
  headers?: Record<string, string | undefined>;
  expiresInSeconds: number;
  signedAt?: Date;
}

/** RFC 3986 encoding, as SigV4 wants: everything but unreserved characters. */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Orders `name=value` pairs by name, byte-wise, as SigV4's canonical query requires. */
function byName(a: string, b: string): number {
  const nameA = a.slice(0, a.indexOf("="));
  const nameB = b.slice(0, b.indexOf("="));
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

export class SigV4Presigner {
  private readonly origin: string;
  private readonly host: string;
  private readonly basePath: string;
  private signingKey: { day: string; key: Buffer } | null = null;

  constructor(private readonly options: PresignerOptions) {
    const url = new URL(options.endpoint);
    const endpointPath = url.pathname.replace(/\/+$/, "");
    if (options.forcePathStyle) {
      this.host = url.host;
      this.basePath = `${endpointPath}/${encodeRfc3986(options.bucket)}`;
    } else {
      this.host = `${options.bucket}.${url.host}`;
      this.basePath = endpointPath;
    }
    this.origin = `${url.protocol}//${this.host}`;
  }

  /** The day's signing key is the same for every URL signed that day: derive it once. */
  private keyFor(day: string): Buffer {
    if (this.signingKey?.day !== day) {
      const dateKey = hmac(`AWS4${this.options.secretAccessKey}`, day);
      const key = hmac(hmac(hmac(dateKey, this.options.region), "s3"), "aws4_request");
      this.signingKey = { day, key };
    }
    return this.signingKey.key;
  }

  presign(request: PresignRequest): string {
    const signedAt = request.signedAt ?? new Date();
    const amzDate = signedAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${this.options.region}/s3/aws4_request`;

    const headers: [string, string][] = [["host", this.host]];
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers.push([name.toLowerCase(), value.trim()]);
    }
    headers.sort(([a], [b]) => (a < b ? -1 : 1));
    const signedHeaders = headers.map(([name]) => name).join(";");

    const query: [string, string][] = [
      ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
      ["X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"],
      ["X-Amz-Credential", `${this.options.accessKeyId}/${scope}`],
      ["X-Amz-Date", amzDate],
      ["X-Amz-Expires", String(request.expiresInSeconds)],
      ["X-Amz-SignedHeaders", signedHeaders],
      ["x-id", request.operation],
    ];
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.push([name, value]);
    }
    const encodedQuery = query.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
    const canonicalQuery = [...encodedQuery].sort(byName).join("&");

    const path = `${this.basePath}/${request.key.split("/").map(encodeRfc3986).join("/")}`;
    const canonicalRequest = [
      request.method,
      path,
      canonicalQuery,
      headers.map(([name, value]) => `${name}:${value}\n`).join(""),
      signedHeaders,
      "UNSIGNED-PAYLOAD",
    ].join("\n");
    const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
    const signature = createHmac("sha256", this.keyFor(day)).update(stringToSign).digest("hex");
    return `${this.origin}${path}?${[...encodedQuery, `X-Amz-Signature=${signature}`].sort(byName).join("&")}`;
  }
}
