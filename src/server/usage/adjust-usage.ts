import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { userUsage } from "../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Adds (or with negative numbers, takes away) images and bytes from an account's usage. Call it
 * inside the transaction that inserts or deletes the image rows, so the two can never disagree.
 */
export async function adjustUsage(tx: Database | Transaction, userId: string, change: { images: number; bytes: number }): Promise<void> {
  if (change.images === 0 && change.bytes === 0) return;
  await tx
    .insert(userUsage)
    .values({ userId, images: change.images, bytes: change.bytes })
    .onConflictDoUpdate({
      target: userUsage.userId,
      set: { images: sql`${userUsage.images} + ${change.images}`, bytes: sql`${userUsage.bytes} + ${change.bytes}` },
    });
}
