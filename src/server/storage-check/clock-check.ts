import { clockFix } from "./fix-texts";
import { fail, ok, warn, type StorageCheckResult } from "./storage-check-result";

const WARN_SECONDS = 60;
const FAIL_SECONDS = 15 * 60; // SigV4 refuses requests signed further than this from storage's clock

/** This server's clock against the `Date` storage answered with. */
export function checkClock(storageDate: string | null | undefined, now: Date): StorageCheckResult {
  const theirs = storageDate ? Date.parse(storageDate) : Number.NaN;
  if (Number.isNaN(theirs)) return warn("clock", "Storage sent no Date header; clock skew could not be measured.");
  const skewSeconds = Math.round((now.getTime() - theirs) / 1000);
  const text = `This server's clock is ${Math.abs(skewSeconds)} s ${skewSeconds >= 0 ? "ahead of" : "behind"} storage's.`;
  if (Math.abs(skewSeconds) > FAIL_SECONDS) return fail("clock", `${text} Signed requests fail beyond 15 minutes.`, clockFix);
  if (Math.abs(skewSeconds) > WARN_SECONDS) return warn("clock", `${text} Signed URLs will fail once it drifts past 15 minutes.`, clockFix);
  return ok("clock", text);
}
