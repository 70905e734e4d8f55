import "server-only";
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { uploads, userUsage } from "../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Which of the files (in request order) fit the account's quota, counting what it holds and the
 * uploads it has signed but not finished. Locks the usage row for the rest of the transaction,
 * so two batches signed at once cannot both take the last room: call it in the transaction that
 * inserts the upload rows. Without a quota every file fits.
 */
export async function fitWithinQuota(tx: Transaction, userId: string, sizes: number[], now: Date): Promise<boolean[]> {
  const [row] = await tx.select().from(userUsage).where(eq(userUsage.userId, userId)).for("update");
  if (!row || (row.quotaImages === null && row.quotaBytes === null)) return sizes.map(() => true);
  const [pending] = await tx
    .select({ files: count(), bytes: sql<string>`coalesce(sum(${uploads.declaredSize}), 0)` })
    .from(uploads)
    .where(and(eq(uploads.ownerId, userId), eq(uploads.status, "pending"), gt(uploads.expiresAt, now)));
  let images = row.images + (pending?.files ?? 0);
  let bytes = row.bytes + Number(pending?.bytes ?? 0);
  return sizes.map((size) => {
    const fits = (row.quotaImages === null || images + 1 <= row.quotaImages) && (row.quotaBytes === null || bytes + size <= row.quotaBytes);
    if (fits) {
      images += 1;
      bytes += size;
    }
    return fits;
  });
}
