import "server-only";
import type { PublicContext } from "../context";
import { AppError } from "../errors";
import { assertUnderRateLimit } from "../rate-limit/assert-under-rate-limit";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/consume-rate-limit";
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
 * 429 (with Retry-After) once too many wrong ones came. Only failures count, but the limit is
 * checked before verifying, so a caller over it learns nothing from a right guess.
 */
export async function checkSharePassword(ctx: PublicContext, share: ShareRow, password: string, address: string): Promise<void> {
  if (!share.passwordHash) return;
  const now = ctx.now();
  const rules = passwordRules(share.id, address);
  for (const rule of rules) await assertUnderRateLimit(ctx.db, rule, now);
  if (await isSharePasswordRight(share.passwordHash, password)) return;
  for (const rule of rules) await consumeRateLimit(ctx.db, rule, now);
  throw new AppError("unauthorized", "That password is not right for this share link.");
}
