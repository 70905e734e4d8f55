import "server-only";
import { BACKFILL_BATCH, backfillMetadata } from "../images/backfill-metadata";
import { getMetrics } from "../metrics/metrics";
import { purgeRateLimits } from "../rate-limit/purge-rate-limits";
import { sweepExpiredUploads } from "../uploads/sweep-expired-uploads";
import type { ReconcileDeps } from "./reconcile-deps";
import { reconcileStorage } from "./reconcile-storage";

/**
 * One tick of the sweeper: expired uploads first (so their objects stop being owned), long-ended
 * rate-limit windows, one batch of the metadata backfill (old rows reading `taken_at` again; a
 * no-op once none are left), then the reconciler when its interval has passed. Each step takes its own advisory lock, so every
 * instance may tick and only one does each job.
 */
export async function runMaintenance(deps: ReconcileDeps): Promise<void> {
  const metrics = getMetrics();
  try {
    const swept = await sweepExpiredUploads(deps);
    metrics.sweeps.inc({ result: swept === null ? "locked" : swept === 0 ? "idle" : "swept" });
    if (swept) metrics.sweptUploads.inc(swept);
  } catch (error) {
    metrics.sweeps.inc({ result: "failed" });
    deps.logger.warn({ err: error }, "upload sweep failed");
  }
  try {
    // Idempotent, so instances racing on it only repeat a cheap indexed DELETE.
    await purgeRateLimits(deps.db, deps.now());
  } catch (error) {
    deps.logger.warn({ err: error }, "rate-limit purge failed");
  }
  try {
    // Bounded, so a library of old rows is worked through over many ticks without holding one up.
    await backfillMetadata(deps, { maxRows: BACKFILL_BATCH });
  } catch (error) {
    deps.logger.warn({ err: error }, "metadata backfill failed");
  }
  if (deps.config.uploads.reconcileIntervalSeconds === 0) return;
  try {
    await reconcileStorage(deps, { trigger: "schedule" });
    metrics.reconciles.inc({ result: "ran" });
  } catch (error) {
    metrics.reconciles.inc({ result: "failed" });
    deps.logger.warn({ err: error }, "reconcile failed");
  }
}
