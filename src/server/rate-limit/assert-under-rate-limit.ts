import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";
import { AppError } from "../errors";
import { storedRateLimitKey } from "./rate-limit-key";
import type { RateLimitRule } from "./consume-rate-limit";

/**
 * Throws 429 with Retry-After when the rule's window is already used up, without counting an
 * attempt. For limits that count only failures (a wrong share password): check first, so a caller
 * over the limit learns nothing from trying, then `consumeRateLimit` on failure.
 */
export async function assertUnderRateLimit(db: Database, rule: RateLimitRule, now: Date): Promise<void> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, storedRateLimitKey(rule.key))).limit(1);
  if (!row || row.count < rule.limit) return;
  const windowEndsMs = row.windowStartedAt.getTime() + rule.windowSeconds * 1000;
  if (windowEndsMs <= now.getTime()) return;
  const retryAfter = Math.max(1, Math.ceil((windowEndsMs - now.getTime()) / 1000));
  throw new AppError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter });
}
