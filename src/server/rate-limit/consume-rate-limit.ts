import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";
import { AppError } from "../errors";
import { storedRateLimitKey } from "./rate-limit-key";

export interface RateLimitRule {
  /** What is being limited and for whom, e.g. `sign-in:ip:1.2.3.4`. */
  key: string;
  limit: number;
  windowSeconds: number;
  /** How much this attempt counts (e.g. files in a batch); 1 by default. */
  cost?: number;
}

/**
 * Counts one attempt in a fixed window, in Postgres so every instance shares the count, and throws
 * 429 with Retry-After once the limit is passed. One upsert, atomic under concurrency.
 */
export async function consumeRateLimit(db: Database, rule: RateLimitRule, now: Date): Promise<void> {
  const cost = rule.cost ?? 1;
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: storedRateLimitKey(rule.key), windowStartedAt: now, count: cost })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz then ${cost} else ${rateLimits.count} + ${cost} end`,
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning();
  if (row && row.count > rule.limit) {
    const retryAfter = Math.max(1, Math.ceil((row.windowStartedAt.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
    throw new AppError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter });
  }
}
