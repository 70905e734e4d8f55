import "server-only";
import type { ServiceContext } from "../context";
import { requireAdmin } from "../auth/caller-scopes";
import { runStorageChecks } from "./run-storage-checks";
import type { StorageCheckResult } from "./storage-check-result";

let inFlight: Promise<StorageCheckResult[]> | null = null;

/**
 * Settings → Storage: the doctor's checks with the running server's config. Each run makes a
 * dozen storage requests, so callers arriving while one runs share its answer.
 */
export async function checkStorage(ctx: ServiceContext): Promise<StorageCheckResult[]> {
  requireAdmin(ctx);
  inFlight ??= runStorageChecks(ctx.config, { now: ctx.now }).finally(() => (inFlight = null));
  return inFlight;
}
