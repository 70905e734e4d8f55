import "server-only";
import type { Config } from "../config";
import { applyBucketCors } from "../storage/bucket-cors";
import { createStorage } from "../storage";
import { doctorProbeKey } from "../storage/keys";
import { createS3Client, S3StorageDriver } from "../storage/s3";
import { SigV4Presigner } from "../storage/sigv4-presigner";
import { checkAccess } from "./access-checks";
import { checkAddressing } from "./addressing-check";
import { checkClock } from "./clock-check";
import { checkCors } from "./cors-check";
import { describeFailure } from "./describe-s3-error";
import { detectVendor, vendorNames } from "./detect-vendor";
import { checkEndpoint } from "./endpoint-check";
import { takesBucketCorsThroughS3Api } from "./fix-texts";
import { checkLifecycle } from "./lifecycle-check";
import { checkChecksumParameters, checkMultipart, checkPresignedRoundTrip } from "./object-checks";
import type { ProbeContext, S3Config } from "./probe-context";
import { fail, ok, type StorageCheckResult } from "./storage-check-result";

export interface StorageCheckOptions {
  /** Apply the CORS rule when that check fails and the vendor takes it through the S3 API. */
  fix?: boolean;
  /** This server's clock; tests inject a skewed one. */
  now?: () => Date;
}

/** The origin browsers upload from: the public URL, or what a local install answers on. */
export function uploadOrigin(config: Pick<Config, "publicUrl" | "port">): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/**
 * Every check `pixbucket doctor` and Settings → Storage show, in order, one result each. Checks
 * that cannot run without an earlier one (no endpoint, no keys, no bucket) are not attempted.
 */
export async function runStorageChecks(config: Config, options: StorageCheckOptions = {}): Promise<StorageCheckResult[]> {
  const results: StorageCheckResult[] = [ok("config", `Configuration parses (storage: ${config.storage.driver}).`)];
  if (config.storage.driver === "local") return [...results, await checkLocalStorage(config)];
  return [...results, ...(await checkS3(config, config.storage, options))];
}

async function checkLocalStorage(config: Config): Promise<StorageCheckResult> {
  if (config.storage.driver !== "local") throw new Error("local storage expected");
  const storage = createStorage(config);
  const key = doctorProbeKey(`local-${Date.now()}`);
  try {
    await storage.ensureReady();
    await storage.put(key, Buffer.from("probe"), "text/plain");
    await storage.delete(key);
    return ok("storage", `Local files under ${config.storage.rootDir} are writable; browsers upload to Pixbucket itself, so no CORS rule is needed.`);
  } catch (error) {
    return fail("storage", `Local storage under ${config.storage.rootDir} is not writable: ${describeFailure(error)}.`, `Make ${config.storage.rootDir} writable by the user Pixbucket runs as, or set PIXBUCKET_DATA_DIR.`);
  }
}

async function checkS3(config: Config, storage: S3Config, options: StorageCheckOptions): Promise<StorageCheckResult[]> {
  const now = options.now ?? (() => new Date());
  const endpoint = await checkEndpoint(storage.endpoint);
  const vendor = detectVendor(storage.endpoint, endpoint.headers);
  endpoint.result.message += ` Detected: ${vendorNames[vendor]}.`;
  if (endpoint.result.status === "fail") return [endpoint.result];

  const client = createS3Client(storage);
  const probe: ProbeContext = {
    config: storage,
    client,
    driver: new S3StorageDriver(storage, client),
    presigner: new SigV4Presigner(storage),
    fix: { vendor, bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region, origin: uploadOrigin(config) },
    now,
  };
  try {
    const results = [endpoint.result];
    const access = await checkAccess(probe);
    results.push(...access.results, checkAddressing(vendor, storage.forcePathStyle, access.bucketAnswered, storage.bucket));
    results.push(checkClock(endpoint.headers?.get("date"), now()));
    if (!access.canGoOn) return results;
    results.push(await checkPresignedRoundTrip(probe), await checkMultipart(probe));
    results.push(await corsWithFix(probe, options.fix === true));
    results.push(await checkChecksumParameters(probe), await checkLifecycle(probe));
    return results;
  } finally {
    client.destroy();
  }
}

async function corsWithFix(probe: ProbeContext, shouldFix: boolean): Promise<StorageCheckResult> {
  const first = await checkCors(probe);
  if (first.status !== "fail" || !shouldFix) return first;
  if (!takesBucketCorsThroughS3Api(probe.fix.vendor)) {
    return { ...first, message: `${first.message} --fix cannot set this: ${vendorNames[probe.fix.vendor]} does not take bucket CORS through the S3 API.` };
  }
  try {
    await applyBucketCors(probe.config, [probe.fix.origin]);
  } catch (error) {
    return { ...first, message: `${first.message} --fix could not apply the rule: ${describeFailure(error)}.` };
  }
  const second = await checkCors(probe);
  return second.status === "ok" ? { ...second, message: `Fixed: applied the CORS rule for ${probe.fix.origin}. ${second.message}` } : second;
}
