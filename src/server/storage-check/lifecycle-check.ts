import "server-only";
import { GetBucketLifecycleConfigurationCommand } from "@aws-sdk/client-s3";
import { lifecycleFix } from "./fix-texts";
import { s3Failure } from "./describe-s3-error";
import { probeSignal, type ProbeContext } from "./probe-context";
import { ok, warn, type StorageCheckResult } from "./storage-check-result";

/** Without an AbortIncompleteMultipartUpload rule, parts of uploads nobody finished are billed forever. */
export async function checkLifecycle(probe: ProbeContext): Promise<StorageCheckResult> {
  try {
    const answer = await probe.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: probe.config.bucket }), { abortSignal: probeSignal() });
    const rule = (answer.Rules ?? []).find((candidate) => candidate.Status === "Enabled" && candidate.AbortIncompleteMultipartUpload?.DaysAfterInitiation);
    if (rule) return ok("lifecycle", `Unfinished multipart uploads are dropped after ${rule.AbortIncompleteMultipartUpload!.DaysAfterInitiation} days (rule ${rule.ID ?? "unnamed"}).`);
    return warn("lifecycle", "No AbortIncompleteMultipartUpload lifecycle rule: parts of uploads nobody finished stay until Pixbucket's sweeper aborts them.", lifecycleFix(probe.fix));
  } catch (error) {
    const code = s3Failure(error).code;
    const reason = code === "NoSuchLifecycleConfiguration" ? "The bucket has no lifecycle rules" : `The lifecycle rules could not be read (${code})`;
    return warn("lifecycle", `${reason}: parts of uploads nobody finished stay until Pixbucket's sweeper aborts them.`, lifecycleFix(probe.fix));
  }
}
