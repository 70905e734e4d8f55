import "server-only";
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { tryAdvisoryXactLock } from "../db/try-advisory-lock";
import { uploads, type UploadRow } from "../db/schema";
import type { Logger } from "../logger";
import type { StorageDriver } from "../storage/driver";
import { discardUploadObjects } from "./abort-upload";

/** Any constant shared by all instances; names the sweeper's advisory lock. */
const SWEEP_LOCK_ID = 7_251_001;
const BATCH = 100;

export interface SweepDeps {
  db: Database;
  storage: StorageDriver;
  logger: Pick<Logger, "info" | "warn">;
  now: () => Date;
}

/** The oldest-expiring batch of pending uploads past their expiry, on uploads_status_expires_idx. */
export function expiredUploadsQuery(db: Pick<Database, "select">, now: Date) {
  return db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.status, "pending"), lt(uploads.expiresAt, now)))
    .orderBy(asc(uploads.expiresAt))
    .limit(BATCH);
}

/**
 * Claims a batch of expired pending uploads by marking them aborted, inside a transaction that
 * holds a Postgres advisory lock: when several instances share the database, one sweeps and the
 * others skip. `status = 'pending'` in the UPDATE means an upload that completes meanwhile is
 * never claimed, and a claimed one can no longer complete.
 */
async function claimExpired(deps: SweepDeps): Promise<UploadRow[] | null> {
  return deps.db.transaction(async (tx) => {
    if (!(await tryAdvisoryXactLock(tx, SWEEP_LOCK_ID))) return null;
    const expired = await expiredUploadsQuery(tx, deps.now());
    if (expired.length === 0) return [];
    return tx
      .update(uploads)
      .set({ status: "aborted" })
      .where(and(inArray(uploads.id, expired.map((upload) => upload.id)), eq(uploads.status, "pending")))
      .returning();
  });
}

/**
 * Aborts expired multipart uploads and deletes the objects of expired pending uploads. Storage is
 * cleaned after the claim; if that fails the upload goes back to pending so the next sweep retries.
 * Returns how many uploads were swept (null when another instance holds the lock).
 */
export async function sweepExpiredUploads(deps: SweepDeps): Promise<number | null> {
  let swept = 0;
  for (;;) {
    const claimed = await claimExpired(deps);
    if (claimed === null) return swept === 0 ? null : swept;
    if (claimed.length === 0) break;
    for (const upload of claimed) {
      try {
        await discardUploadObjects(deps, upload);
        swept += 1;
      } catch (error) {
        deps.logger.warn({ uploadId: upload.id, err: error }, "sweeper could not clean an expired upload; will retry");
        await deps.db.update(uploads).set({ status: "pending" }).where(and(eq(uploads.id, upload.id), eq(uploads.status, "aborted")));
        return swept;
      }
    }
    if (claimed.length < BATCH) break;
  }
  if (swept > 0) deps.logger.info({ swept }, "swept expired uploads");
  return swept;
}
