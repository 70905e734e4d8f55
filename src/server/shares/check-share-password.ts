import "server-only";
import type { PublicContext } from "../context";
import { AppError } from "../errors";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/consume-rate-limit";
import { refundRateLimit } from "../rate-limit/refund-rate-limit";
import { isSharePasswordRight } from "./share-password";
import type { ShareRow } from "./share-dto";

/**
 * Wrong guesses are limited per visitor (5 per 5 minutes for one share from one address) and per
 * share (50 per hour from anywhere, which caps a guesser spread over many addresses at the cost of
 * letting them lock out others who haven't unlocked yet: for a password, the lesser harm).
 */
function passwordRules(shareId: string, address: string): RateLimitRule[] {
  return [
    { key: `share-password:${shareId}:${address}`, limit: 5, windowSeconds: 300 },
    { key: `share-password:${shareId}`, limit: 50, windowSeconds: 3600 },
  ];
}

/**
 * Passes when the share has no password or `password` is right; throws 401 when it is wrong and
 * 429 (with Retry-After) once too many wrong ones came. The attempt is counted (one atomic upsert
 * per rule) before the slow hash runs, so parallel guesses cannot all pass a check of the count
 * first: at most the limit are ever verified. A right password gives its attempt back.
 */
export async function checkSharePassword(ctx: PublicContext, share: ShareRow, password: string, address: string): Promise<void> {
  if (!share.passwordHash) return;
  const now = ctx.now();
  const rules = passwordRules(share.id, address);
  for (const rule of rules) await consumeRateLimit(ctx.db, rule, now);
  if (await isSharePasswordRight(share.passwordHash, password)) {
    for (const rule of rules) await refundRateLimit(ctx.db, rule);
    return;
  }
  throw new AppError("unauthorized", "That password is not right for this share link.");
}
