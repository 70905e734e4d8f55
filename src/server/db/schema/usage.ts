import { bigint, pgTable, text } from "drizzle-orm/pg-core";

/**
 * What each account holds, kept exact in the same transaction as every image insert and delete,
 * so `/api/me` and quota checks never count the images table. Quota columns are null for no limit.
 */
export const userUsage = pgTable("user_usage", {
  userId: text("user_id").primaryKey(),
  images: bigint("images", { mode: "number" }).notNull().default(0),
  bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
  quotaImages: bigint("quota_images", { mode: "number" }),
  quotaBytes: bigint("quota_bytes", { mode: "number" }),
});

export type UserUsageRow = typeof userUsage.$inferSelect;
