import "server-only";
import { z } from "zod";
import type { Database } from "../db/client";
import { userUsage } from "../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

const limit = z.number({ error: "must be a number or null" }).int("must be a whole number").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER).nullable();

/** `{images?, bytes?}` (a missing or null measure has no limit), or null for no quota at all. */
export const QuotaInput = z.object({ images: limit.optional(), bytes: limit.optional() }).strict().nullable();
export type QuotaInput = z.infer<typeof QuotaInput>;

/** Sets an account's limits, creating its usage row if it has none yet. */
export async function setQuota(tx: Database | Transaction, userId: string, quota: QuotaInput): Promise<void> {
  const values = { quotaImages: quota?.images ?? null, quotaBytes: quota?.bytes ?? null };
  await tx.insert(userUsage).values({ userId, ...values }).onConflictDoUpdate({ target: userUsage.userId, set: values });
}
