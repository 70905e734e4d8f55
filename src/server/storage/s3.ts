import "server-only";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { StorageConfig } from "../config/parse-config";
import type { ListedObject, ListOptions, ObjectHead, OpenedObject, PresignGetInput, PresignPutInput, SignedRequest, StorageDriver, StoredPart } from "./driver";
import { normalizeEtag } from "./etag";
import { getPresignedObject } from "./get-presigned-object";
import { assertSafeKey } from "./keys";
import { SigV4Presigner } from "./sigv4-presigner";

type S3Config = Extract<StorageConfig, { driver: "s3" }>;

const DELETE_BATCH = 1000; // DeleteObjects' per-request maximum.
// Long enough for a slow first byte; the URL never leaves this process.
const OPEN_READ_URL_SECONDS = 300;

function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  // RGW answers NoSuchKey where AWS says NoSuchUpload for an aborted multipart upload.
  return error.$metadata.httpStatusCode === 404 || ["NotFound", "NoSuchKey", "NoSuchUpload"].includes(error.name);
}

export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Newer SDKs add a CRC32 of an empty body to presigned PUTs, which some servers reject, and
    // stream uploads as aws-chunked, which RGW refuses. Checksums only where an API requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
  });
}

function expiresAt(expiresInSeconds: number): Date {
  return new Date(Date.now() + expiresInSeconds * 1000);
}

export class S3StorageDriver implements StorageDriver {
  readonly kind = "s3" as const;
  private readonly bucket: string;
  private readonly presigner: SigV4Presigner;

  constructor(
    private readonly config: S3Config,
    private readonly client: S3Client = createS3Client(config),
  ) {
    this.bucket = config.bucket;
    this.presigner = new SigV4Presigner(config);
  }

  async ensureReady(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isMissing(error)) throw new Error(`S3 bucket ${this.bucket} at ${this.config.endpoint} did not answer: ${describe(error)}`);
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new Error(
        `S3 bucket ${this.bucket} does not exist and could not be created with these credentials (${describe(error)}). ` +
          `Create it yourself (for example: aws s3 mb s3://${this.bucket} --endpoint-url ${this.config.endpoint}) and start again.`,
      );
    }
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(3000) });
  }

  async presignPut(input: PresignPutInput): Promise<SignedRequest> {
    // content-length, content-type and content-md5 are signed, so storage refuses any other body.
    const url = this.presigner.presign({
      method: "PUT",
      key: assertSafeKey(input.key),
      operation: "PutObject",
      headers: { "content-length": String(input.contentLength), "content-type": input.contentType, "content-md5": input.contentMd5 },
      expiresInSeconds: input.expiresInSeconds,
    });
    const headers: Record<string, string> = { "Content-Type": input.contentType };
    if (input.contentMd5) headers["Content-MD5"] = input.contentMd5;
    return { method: "PUT", url, headers, expiresAt: expiresAt(input.expiresInSeconds) };
  }

  async presignGet(input: PresignGetInput): Promise<SignedRequest> {
    const signedAt = input.signedAt ?? new Date();
    const url = this.presigner.presign({
      method: "GET",
      key: assertSafeKey(input.key),
      operation: "GetObject",
      query: { "response-content-type": input.responseContentType, "response-content-disposition": input.responseContentDisposition },
      expiresInSeconds: input.expiresInSeconds,
      signedAt,
    });
    return { method: "GET", url, headers: {}, expiresAt: new Date(signedAt.getTime() + input.expiresInSeconds * 1000) };
  }

  async createMultipart(input: { key: string; contentType: string }): Promise<{ uploadId: string }> {
    const result = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: assertSafeKey(input.key), ContentType: input.contentType }),
    );
    if (!result.UploadId) throw new Error("S3 CreateMultipartUpload returned no UploadId");
    return { uploadId: result.UploadId };
  }

  async presignPart(input: { key: string; uploadId: string; partNumber: number; contentLength?: number; expiresInSeconds: number }): Promise<SignedRequest> {
    const url = this.presigner.presign({
      method: "PUT",
      key: assertSafeKey(input.key),
      operation: "UploadPart",
      query: { partNumber: String(input.partNumber), uploadId: input.uploadId },
      headers: { "content-length": input.contentLength === undefined ? undefined : String(input.contentLength) },
      expiresInSeconds: input.expiresInSeconds,
    });
    return { method: "PUT", url, headers: {}, expiresAt: expiresAt(input.expiresInSeconds) };
  }

  async listParts(input: { key: string; uploadId: string }): Promise<StoredPart[]> {
    const parts: StoredPart[] = [];
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListPartsCommand({ Bucket: this.bucket, Key: assertSafeKey(input.key), UploadId: input.uploadId, PartNumberMarker: marker }),
      );
      for (const part of page.Parts ?? []) {
        if (part.PartNumber !== undefined && part.ETag) parts.push({ partNumber: part.PartNumber, etag: normalizeEtag(part.ETag), size: part.Size ?? 0 });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  async completeMultipart(input: { key: string; uploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: assertSafeKey(input.key),
        UploadId: input.uploadId,
        // S3 answers ETags quoted and expects them back that way.
        MultipartUpload: { Parts: input.parts.map((part) => ({ PartNumber: part.partNumber, ETag: `"${normalizeEtag(part.etag)}"` })) },
      }),
    );
  }

  async abortMultipart(input: { key: string; uploadId: string }): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: assertSafeKey(input.key), UploadId: input.uploadId }));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async head(key: string): Promise<ObjectHead | null> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertSafeKey(key) }));
      return { size: result.ContentLength ?? 0, contentType: result.ContentType, etag: optionalEtag(result.ETag) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readRange(key: string, start: number, endInclusive: number): Promise<Buffer | null> {
    let result;
    try {
      result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertSafeKey(key), Range: `bytes=${start}-${endInclusive}` }));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (!result.Body) return Buffer.alloc(0);
    return Buffer.from(await result.Body.transformToByteArray());
  }

  async openRead(key: string): Promise<OpenedObject | null> {
    // Through our own presigned URL and node:http: the SDK's GET costs far more CPU per byte (see get-presigned-object.ts).
    const url = this.presigner.presign({ method: "GET", key: assertSafeKey(key), operation: "GetObject", expiresInSeconds: OPEN_READ_URL_SECONDS });
    const response = await getPresignedObject(url);
    if (!response) return null;
    const header = (name: string) => {
      const value = response.headers[name];
      return typeof value === "string" ? value : undefined;
    };
    return { body: response, size: Number(header("content-length") ?? 0), contentType: header("content-type"), etag: optionalEtag(header("etag")) };
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: assertSafeKey(key), Body: body, ContentType: contentType }));
  }

  async delete(key: string): Promise<void> {
    // S3 DeleteObject succeeds for a missing key, so this is idempotent by nature.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertSafeKey(key) }));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let offset = 0; offset < keys.length; offset += DELETE_BATCH) {
      const batch = keys.slice(offset, offset + DELETE_BATCH).map((key) => ({ Key: assertSafeKey(key) }));
      const result = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
      const failed = (result.Errors ?? []).filter((error) => error.Code !== "NoSuchKey");
      if (failed.length > 0) throw new Error(`S3 DeleteObjects failed for ${failed.length} keys: ${failed[0]?.Code} ${failed[0]?.Message}`);
    }
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ListedObject[]> {
    let token: string | undefined;
    do {
      // StartAfter counts only on the first request; the continuation token carries it on.
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, StartAfter: token ? undefined : options.startAfter, MaxKeys: options.pageSize }),
      );
      yield (page.Contents ?? []).flatMap((item) => (item.Key ? [{ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) }] : []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

const optionalEtag = (etag: string | undefined) => (etag === undefined ? undefined : normalizeEtag(etag));

function describe(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? "?"})`;
  return error instanceof Error ? error.message : String(error);
}
