import { bigint, boolean, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const uploadStatus = pgEnum("upload_status", ["pending", "completed", "rejected", "aborted"]);

/** A signed-but-not-yet-verified upload. The key is server-made; the declared fields are the client's claims. */
export const uploads = pgTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    key: text("key").notNull().unique(),
    declaredName: text("declared_name").notNull(),
    declaredType: text("declared_type").notNull(),
    declaredSize: bigint("declared_size", { mode: "number" }).notNull(),
    declaredMd5: text("declared_md5"),
    /** The client asked to keep this file even if the library already holds the same bytes. */
    allowDuplicate: boolean("allow_duplicate").notNull().default(false),
    multipartUploadId: text("multipart_upload_id"),
    partSize: integer("part_size"),
    status: uploadStatus("status").notNull().default("pending"),
    rejectReason: text("reject_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    index("uploads_owner_created_idx").on(table.ownerId, table.createdAt),
    // The sweeper looks for pending uploads past their expiry.
    index("uploads_status_expires_idx").on(table.status, table.expiresAt),
  ],
);

export type UploadRow = typeof uploads.$inferSelect;
