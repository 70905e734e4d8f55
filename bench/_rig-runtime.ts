import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "@/server/config";
import { createRuntime, type Runtime } from "@/server/runtime";
import { emptyAndDeleteBucket } from "./_bucket-cleanup";
import { rigEnv, rigS3Client } from "./_measure";

export interface BenchRuntime {
  runtime: Runtime;
  s3: S3Client;
  bucket: string;
  /** Empties and deletes the bucket, drops the database, removes the data folder. */
  close(): Promise<void>;
}

/**
 * A Pixbucket runtime on the rig's RGW and Postgres with a bucket and a database of its own, so a
 * bench starts from nothing and leaves nothing behind.
 */
export async function createBenchRuntime(name: string): Promise<BenchRuntime> {
  const env = rigEnv();
  const suffix = Date.now().toString(36);
  const bucket = `bench-${name}-${suffix}`;
  const database = `bench_${name.replace(/\W/g, "_")}_${suffix}`;
  const admin = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const s3 = rigS3Client(env);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const dataDir = mkdtempSync(path.join(tmpdir(), "pixbucket-bench-"));
  const databaseUrl = new URL(env.TEST_DATABASE_URL!);
  databaseUrl.pathname = `/${database}`;
  const runtime = await createRuntime(
    loadConfig({
      S3_ENDPOINT: env.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: env.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: env.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: env.TEST_S3_REGION,
      S3_BUCKET_NAME: bucket,
      DATABASE_URL: databaseUrl.toString(),
      PIXBUCKET_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    }),
  );
  return {
    runtime,
    s3,
    bucket,
    async close() {
      await emptyAndDeleteBucket(s3, bucket);
      await runtime.stop();
      await admin.query(`drop database if exists ${database}`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
