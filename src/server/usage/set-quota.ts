import "server-only";
import type { Database } from "../db/client";
import { userUsage } from "../db/schema";
import { QuotaInput } from "@/contract/users";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Sets an account's limits, creating its usage row if it has none yet. */
export async function setQuota(tx: Database | Transaction, userId: string, quota: QuotaInput): Promise<void> {
  const values = { quotaImages: quota?.images ?? null, quotaBytes: quota?.bytes ?? null };
  await tx.insert(userUsage).values({ userId, ...values }).onConflictDoUpdate({ target: userUsage.userId, set: values });
}
