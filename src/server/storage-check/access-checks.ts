import "server-only";
import { HeadBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { bucketMissingFix, credentialsFix, regionFix } from "./fix-texts";
import { describeFailure, s3Failure } from "./describe-s3-error";
import { probeSignal, type ProbeContext } from "./probe-context";
import { fail, ok, type StorageCheckResult } from "./storage-check-result";

const BAD_KEYS = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity"]);
const REGION_CODES = new Set(["PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException"]);

export interface AccessAnswer {
  results: StorageCheckResult[];
  /** False when later checks cannot run (no working keys, no bucket). */
  canGoOn: boolean;
  /** Whether a signed request reached the bucket at all (the addressing check reads it). */
  bucketAnswered: boolean;
}

/**
 * Credentials and bucket from one signed listing: a bad key pair, a missing bucket and a wrong
 * region each answer with their own S3 error code, so one request tells them apart.
 */
export async function checkAccess(probe: ProbeContext): Promise<AccessAnswer> {
  const { config, fix } = probe;
  try {
    await probe.client.send(new ListObjectsV2Command({ Bucket: config.bucket, MaxKeys: 1 }), { abortSignal: probeSignal() });
  } catch (error) {
    const failure = s3Failure(error);
    if (BAD_KEYS.has(failure.code)) {
      return { results: [fail("credentials", `Storage refused the key pair: ${describeFailure(error)}.`, credentialsFix(fix))], canGoOn: false, bucketAnswered: false };
    }
    if (failure.code === "RequestTimeTooSkewed") {
      return { results: [fail("credentials", `Storage refused the request because this server's clock is too far off (RequestTimeTooSkewed).`, "Fix the clock first: timedatectl set-ntp true (or install chrony).")], canGoOn: false, bucketAnswered: false };
    }
    if (failure.code === "AccessDenied") {
      return {
        results: [fail("credentials", `The keys are valid but may not list ${config.bucket} (AccessDenied).`, `Grant the key read, write, list and delete on the bucket. ${credentialsFix(fix)}`)],
        canGoOn: false,
        bucketAnswered: true,
      };
    }
    const keysOk = ok("credentials", `Storage accepted the key pair ${config.accessKeyId.slice(0, 4)}….`);
    if (failure.code === "NoSuchBucket") {
      return { results: [keysOk, fail("bucket", `Bucket ${config.bucket} does not exist.`, bucketMissingFix(fix))], canGoOn: false, bucketAnswered: true };
    }
    if (REGION_CODES.has(failure.code) || failure.status === 301) {
      const answered = failure.headers["x-amz-bucket-region"];
      const message = `Bucket ${config.bucket} is not in ${config.region}${answered ? `; storage says it is in ${answered}` : ""} (${failure.code}).`;
      return { results: [keysOk, fail("bucket", message, answered ? regionFix(fix, answered) : "Set S3_REGION to the bucket's region.")], canGoOn: false, bucketAnswered: true };
    }
    return {
      results: [fail("credentials", `A signed request to the bucket failed: ${describeFailure(error)}.`, `Check S3_ENDPOINT, S3_REGION and S3_FORCE_PATH_STYLE. ${credentialsFix(fix)}`)],
      canGoOn: false,
      bucketAnswered: false,
    };
  }
  const region = await bucketRegion(probe);
  const keysOk = ok("credentials", `Storage accepted the key pair ${config.accessKeyId.slice(0, 4)}….`);
  if (region && region !== config.region && probe.fix.vendor === "aws") {
    return { results: [keysOk, fail("bucket", `Bucket ${config.bucket} is in ${region}, not ${config.region}.`, regionFix(fix, region))], canGoOn: false, bucketAnswered: true };
  }
  return { results: [keysOk, ok("bucket", `Bucket ${config.bucket} exists${region ? ` (region ${region})` : ""}.`)], canGoOn: true, bucketAnswered: true };
}

/** The region storage reports for the bucket, when it reports one. */
async function bucketRegion(probe: ProbeContext): Promise<string | undefined> {
  try {
    const answer = await probe.client.send(new HeadBucketCommand({ Bucket: probe.config.bucket }), { abortSignal: probeSignal() });
    return answer.BucketRegion || undefined;
  } catch {
    return undefined;
  }
}
