import "server-only";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { runStorageChecks } from "./run-storage-checks";
import type { StorageCheckResult } from "./storage-check-result";

let inFlight: Promise<StorageCheckResult[]> | null = null;

/**
 * Settings → Storage: the doctor's checks with the running server's config. Each run makes a
 * dozen storage requests, so callers arriving while one runs share its answer.
 */
export async function checkStorage(ctx: ServiceContext): Promise<StorageCheckResult[]> {
  if (ctx.user.role !== "admin") throw new AppError("forbidden", "Only an admin can check storage.");
  inFlight ??= runStorageChecks(ctx.config, { now: ctx.now }).finally(() => (inFlight = null));
  return inFlight;
}
