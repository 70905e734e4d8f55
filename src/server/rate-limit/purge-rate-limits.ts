import "server-only";
import { lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";

/** Longer than any rule's window (the longest is an hour), so no live count is lost. */
export const RATE_LIMIT_RETENTION_SECONDS = 24 * 3600;

/** Deletes counters whose window ended long ago; the sweeper runs it so the table cannot grow without end. Returns how many went. */
export async function purgeRateLimits(db: Database, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - RATE_LIMIT_RETENTION_SECONDS * 1000);
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.windowStartedAt, cutoff)).returning({ key: rateLimits.key });
  return deleted.length;
}
