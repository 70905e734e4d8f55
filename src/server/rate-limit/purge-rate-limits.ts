import "server-only";
import { lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";

/** Longer than any rule's window (the longest is an hour), so no live count is lost. */
export const RATE_LIMIT_RETENTION_SECONDS = 24 * 3600;

/** Rows one DELETE takes: a backlog (after downtime) goes in short statements that each walk the index. */
export const PURGE_BATCH = 5000;

/**
 * One batch of the purge: ended windows found on the window index (in no order: any batch will do,
 * and ordering them would sort the matches), deleted by primary key. `= any(array(…))` keeps both
 * halves index scans; `in (select …)` lets the planner hash-join the whole table once the batch is large.
 */
export function purgeBatchQuery(db: Database, cutoff: Date, batch = PURGE_BATCH) {
  const oldest = db.select({ key: rateLimits.key }).from(rateLimits).where(lt(rateLimits.windowStartedAt, cutoff)).limit(batch);
  return db
    .delete(rateLimits)
    .where(sql`${rateLimits.key} = any(array(${oldest}))`)
    .returning({ key: rateLimits.key });
}

/** Deletes counters whose window ended long ago; the sweeper runs it so the table cannot grow without end. Returns how many went. */
export async function purgeRateLimits(db: Database, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - RATE_LIMIT_RETENTION_SECONDS * 1000);
  let purged = 0;
  for (;;) {
    const deleted = await purgeBatchQuery(db, cutoff);
    purged += deleted.length;
    if (deleted.length < PURGE_BATCH) return purged;
  }
}
