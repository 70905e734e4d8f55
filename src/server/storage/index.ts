import "server-only";
import type { Config } from "../config";
import type { StorageDriver } from "./driver";
import { LocalStorageDriver } from "./local";
import { S3StorageDriver } from "./s3";

export type { StorageDriver, SignedRequest } from "./driver";

/** The one place that picks a driver from config. */
export function createStorage(config: Config): StorageDriver {
  switch (config.storage.driver) {
    case "s3":
      return new S3StorageDriver(config.storage);
    case "local":
      return new LocalStorageDriver({ rootDir: config.storage.rootDir, secret: config.secret, publicUrl: config.publicUrl });
  }
}
