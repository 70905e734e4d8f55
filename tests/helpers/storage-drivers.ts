import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { StorageDriver } from "@/server/storage/driver";
import { LocalStorageDriver } from "@/server/storage/local";
import { S3StorageDriver } from "@/server/storage/s3";
import { serveHandler } from "./http-server";
import { createTestBucket, requireTestEnv } from "./test-env";

export interface DriverUnderTest {
  driver: StorageDriver;
  /** For the local driver, where its files live (to assert nothing escapes or lingers). */
  rootDir?: string;
  cleanup(): Promise<void>;
}

/** The local driver with its signed URLs served over real HTTP, as the app's route does. */
export async function makeLocalDriver(): Promise<DriverUnderTest & { driver: LocalStorageDriver; rootDir: string }> {
  const rootDir = await mkdtemp(path.join(tmpdir(), "pixbucket-local-"));
  // The server must listen before the driver exists (its origin goes into the URLs), so it asks lazily.
  const holder: { driver?: LocalStorageDriver } = {};
  const server = await serveHandler((request) => holder.driver!.serveSignedRequest(request));
  const driver = (holder.driver = new LocalStorageDriver({ rootDir, secret: "test-secret-0123456789-0123456789-abc", publicUrl: server.origin }));
  await driver.ensureReady();
  return {
    driver,
    rootDir,
    cleanup: async () => {
      await server.close();
      await rm(rootDir, { recursive: true, force: true });
    },
  };
}

/** The S3 driver against the real RGW, on a fresh bucket of its own. */
export async function makeS3Driver(): Promise<DriverUnderTest> {
  const env = requireTestEnv();
  const bucket = await createTestBucket();
  const driver = new S3StorageDriver({
    driver: "s3",
    endpoint: env.TEST_S3_ENDPOINT,
    accessKeyId: env.TEST_S3_ACCESS_KEY_ID,
    secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY,
    region: env.TEST_S3_REGION,
    bucket: bucket.bucket,
    forcePathStyle: true,
  });
  await driver.ensureReady();
  return { driver, cleanup: () => bucket.drop() };
}

export const storageDrivers = [
  ["local", makeLocalDriver],
  ["s3", makeS3Driver],
] as const;
