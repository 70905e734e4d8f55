import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { userUsage } from "../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Locks the account's usage row (making it if it is missing) for the rest of the transaction:
 * what one account adds is then decided one transaction at a time.
 */
export async function lockUsage(tx: Transaction, userId: string): Promise<void> {
  await tx.insert(userUsage).values({ userId, images: 0, bytes: 0 }).onConflictDoNothing();
  await tx.select({ userId: userUsage.userId }).from(userUsage).where(eq(userUsage.userId, userId)).for("update");
}
