import "server-only";
import type { S3Client } from "@aws-sdk/client-s3";
import type { StorageConfig } from "../config/parse-config";
import type { S3StorageDriver } from "../storage/s3";
import type { SigV4Presigner } from "../storage/sigv4-presigner";
import type { FixContext } from "./fix-texts";

export type S3Config = Extract<StorageConfig, { driver: "s3" }>;

/** What every S3 check receives: the config, clients built from it, and the vendor-aware fix context. */
export interface ProbeContext {
  config: S3Config;
  client: S3Client;
  driver: S3StorageDriver;
  presigner: SigV4Presigner;
  fix: FixContext;
  now: () => Date;
}

/** Each storage round trip gets this long; a check that hangs is a failed check, not a stuck doctor. */
export const PROBE_TIMEOUT_MS = 10_000;
export const probeSignal = () => AbortSignal.timeout(PROBE_TIMEOUT_MS);
