import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import bucketCors from "../../scripts/rig/bucket-cors.json";

const testEnvNames = [
  "TEST_S3_ENDPOINT",
  "TEST_S3_ACCESS_KEY_ID",
  "TEST_S3_SECRET_ACCESS_KEY",
  "TEST_S3_REGION",
  "TEST_S3_BUCKET",
  "TEST_DATABASE_URL",
] as const;

/** The local test services, as written to .test-services/env.sh by `scripts/services.sh start`. */
export type TestEnv = Readonly<Record<(typeof testEnvNames)[number], string>>;

export const testEnvFile = path.resolve(process.cwd(), ".test-services/env.sh");

/** Reads the `export NAME=value` lines of .test-services/env.sh; empty when the rig is not started. */
export function readTestEnvFile(file = testEnvFile): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, "$2");
  }
  return values;
}

/**
 * The TEST_* values from the environment, falling back to .test-services/env.sh (so sourcing it is
 * optional). Throws when any is missing: a suite that needs the rig must fail without it, not skip.
 */
export function requireTestEnv(): TestEnv {
  const fromFile = readTestEnvFile();
  const values = Object.fromEntries(testEnvNames.map((name) => [name, process.env[name] || fromFile[name] || ""]));
  const missing = testEnvNames.filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(", ")}: the test services are not running. ` +
        "Run scripts/services.sh start and source .test-services/env.sh (npm test does both).",
    );
  }
  return Object.freeze(values) as TestEnv;
}

/** Same settings as the app's S3 driver; WHEN_REQUIRED because RGW rejects aws-chunked trailers. */
export async function createTestS3Client(env: TestEnv = requireTestEnv()): Promise<S3Client> {
  const { S3Client } = await import("@aws-sdk/client-s3");
  return new S3Client({
    endpoint: env.TEST_S3_ENDPOINT,
    region: env.TEST_S3_REGION,
    credentials: { accessKeyId: env.TEST_S3_ACCESS_KEY_ID, secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

/** Replaces the database name in a Postgres URL. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the server's maintenance database (`postgres`) over one short connection. */
async function onServer(serverUrl: string, statements: string[]): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Database names are generated here, never taken from input, so quoting them is enough. */
const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates (or re-creates) a database with a fixed name; used for the e2e server's database. */
export async function recreateDatabase(serverUrl: string, database: string): Promise<string> {
  await onServer(serverUrl, [
    `drop database if exists ${quoteIdentifier(database)} with (force)`,
    `create database ${quoteIdentifier(database)}`,
  ]);
  return databaseUrlFor(serverUrl, database);
}

/** An empty, uniquely named database on the test Postgres server. `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const databaseUrl = requireTestEnv().TEST_DATABASE_URL;
  const name = `pixbucket_t_${uniqueSuffix()}`;
  await onServer(databaseUrl, [`create database ${quoteIdentifier(name)}`]);
  return {
    url: databaseUrlFor(databaseUrl, name),
    // `with (force)` ends connections a test left open (e.g. a pool that was not closed).
    drop: () => onServer(databaseUrl, [`drop database if exists ${quoteIdentifier(name)} with (force)`]),
  };
}

/** Deletes every object and aborts every multipart upload in a bucket. */
export async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  const { AbortMultipartUploadCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectsV2Command } =
    await import("@aws-sdk/client-s3");
  let continuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: continuationToken }));
    const objects = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
    if (objects.length > 0) {
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);

  // Aborting shrinks the listing, so list from the start again until it is empty.
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    const uploads = (page.Uploads ?? []).flatMap(({ Key, UploadId }) => (Key && UploadId ? [{ Key, UploadId }] : []));
    if (uploads.length === 0) return;
    for (const upload of uploads) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, ...upload }));
    }
  }
}

/**
 * A uniquely named bucket on the test S3 server with the same CORS rule as the shared bucket.
 * `drop()` deletes its objects, aborts open multipart uploads and deletes the bucket.
 */
export async function createTestBucket(): Promise<{ bucket: string; drop(): Promise<void> }> {
  const { CreateBucketCommand, DeleteBucketCommand, PutBucketCorsCommand } = await import("@aws-sdk/client-s3");
  const client = await createTestS3Client();
  const bucket = `pixbucket-t-${uniqueSuffix()}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: bucketCors }));
  return {
    bucket,
    drop: async () => {
      try {
        await emptyBucket(client, bucket);
        await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      } finally {
        client.destroy();
      }
    },
  };
}
