import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";
import type { RateLimitRule } from "./consume-rate-limit";
import { storedRateLimitKey } from "./rate-limit-key";

/**
 * Gives back an attempt counted up front, for limits that count only failures but must count
 * before the slow check (a share password), so parallel guesses cannot all slip past the limit.
 */
export async function refundRateLimit(db: Database, rule: RateLimitRule): Promise<void> {
  const cost = rule.cost ?? 1;
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - ${cost}, 0)` })
    .where(and(eq(rateLimits.key, storedRateLimitKey(rule.key)), gt(rateLimits.count, 0)));
}
