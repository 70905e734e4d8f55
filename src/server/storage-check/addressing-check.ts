import { fail, ok, warn, type StorageCheckResult } from "./storage-check-result";
import type { StorageVendor } from "./detect-vendor";

/** Path-style or virtual-hosted, and whether that suits the vendor (given the bucket answered). */
export function checkAddressing(vendor: StorageVendor, forcePathStyle: boolean, bucketAnswered: boolean, bucket: string): StorageCheckResult {
  const style = forcePathStyle ? `path-style (<endpoint>/${bucket}/<key>)` : `virtual-hosted (${bucket}.<endpoint host>/<key>)`;
  if (!bucketAnswered && !forcePathStyle) {
    return fail("addressing", `Virtual-hosted addressing did not reach the bucket.`, "Set S3_FORCE_PATH_STYLE=true (self-hosted servers rarely have a wildcard DNS name per bucket).");
  }
  if (forcePathStyle && vendor === "aws") {
    return warn("addressing", `${style}: AWS is retiring path-style URLs for new buckets.`, "Set S3_FORCE_PATH_STYLE=false.");
  }
  return ok("addressing", `${style}.`);
}
