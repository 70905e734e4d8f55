import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { StorageDriver } from "@/server/storage/driver";
import { LocalStorageDriver } from "@/server/storage/local";
import { S3StorageDriver } from "@/server/storage/s3";
import { handleLocalObjectRequest } from "@/server/storage-routes/local-object-handler";
import { serveHandler } from "./http-server";
import { createTestBucket, requireTestEnv } from "./test-env";

export interface DriverUnderTest {
  driver: StorageDriver;
  /** For the local driver, where its files live (to assert nothing escapes or lingers). */
  rootDir?: string;
  /**
   * A driver of the same kind over a store it cannot read. Tests run as root, which ignores
   * permission bits, so the local one's root is a regular file (every path under it: ENOTDIR) and
   * the S3 one signs with a wrong secret key (403 AccessDenied/SignatureDoesNotMatch).
   */
  unreadable(): Promise<StorageDriver>;
  cleanup(): Promise<void>;
}

/** The local driver with its signed URLs served over real HTTP, as the app's route does. */
export async function makeLocalDriver(): Promise<DriverUnderTest & { driver: LocalStorageDriver; rootDir: string }> {
  const rootDir = await mkdtemp(path.join(tmpdir(), "pixbucket-local-"));
  // The server must listen before the driver exists (its origin goes into the URLs), so it asks lazily.
  const holder: { driver?: LocalStorageDriver } = {};
  const secret = "test-secret-0123456789-0123456789-abc";
  const server = await serveHandler((request) => handleLocalObjectRequest(holder.driver!, secret, request));
  const driver = (holder.driver = new LocalStorageDriver({ rootDir, secret, publicUrl: server.origin }));
  await driver.ensureReady();
  return {
    driver,
    rootDir,
    unreadable: async () => {
      const notADirectory = path.join(rootDir, ".pixbucket", "tmp", "not-a-directory");
      await writeFile(notADirectory, "a file where the storage root should be");
      return new LocalStorageDriver({ rootDir: notADirectory, secret, publicUrl: server.origin });
    },
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
  const config = {
    driver: "s3",
    endpoint: env.TEST_S3_ENDPOINT,
    accessKeyId: env.TEST_S3_ACCESS_KEY_ID,
    secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY,
    region: env.TEST_S3_REGION,
    bucket: bucket.bucket,
    forcePathStyle: true,
  } as const;
  const driver = new S3StorageDriver(config);
  await driver.ensureReady();
  return {
    driver,
    unreadable: async () => new S3StorageDriver({ ...config, secretAccessKey: `${config.secretAccessKey}-wrong` }),
    cleanup: () => bucket.drop(),
  };
}

export const storageDrivers = [
  ["local", makeLocalDriver],
  ["s3", makeS3Driver],
] as const;
