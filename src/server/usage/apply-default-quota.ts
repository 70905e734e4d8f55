import "server-only";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { userUsage } from "../db/schema";

/**
 * Gives a new account the configured default limits. Runs when the account is created, so an
 * admin's later change (or removal) of that user's quota is never overwritten.
 */
export async function applyDefaultQuota(db: Database, config: Pick<Config, "defaultQuota">, userId: string): Promise<void> {
  if (!config.defaultQuota) return;
  await db
    .insert(userUsage)
    .values({ userId, quotaImages: config.defaultQuota.images, quotaBytes: config.defaultQuota.bytes })
    .onConflictDoNothing({ target: userUsage.userId });
}
