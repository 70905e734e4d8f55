import "server-only";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { userUsage, type UserUsageRow } from "../db/schema";
import type { UsageDto } from "@/contract/users";

export type Usage = UsageDto;

/** The wire shape of a usage row; an account without one holds nothing and has no limit. */
export function toUsage(row: UserUsageRow | null | undefined): Usage {
  const hasQuota = row != null && (row.quotaImages !== null || row.quotaBytes !== null);
  return {
    usage: { images: row?.images ?? 0, bytes: row?.bytes ?? 0 },
    quota: hasQuota ? { images: row.quotaImages, bytes: row.quotaBytes } : null,
  };
}

/** The caller's usage and quota: one primary-key read, never a count over the images table. */
export async function getUsage(ctx: ServiceContext): Promise<Usage> {
  const [row] = await ctx.db.select().from(userUsage).where(eq(userUsage.userId, ctx.user.id));
  return toUsage(row);
}
