import { bigint, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** `missing`: the original vanished from storage (found by the reconciler); shown as removable, not broken. */
export const imageState = pgEnum("image_state", ["ok", "missing"]);

/** A verified image: only rows here are ever shown. `type` is what the bytes are, not what was claimed. */
export const images = pgTable(
  "images",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    key: text("key").notNull().unique(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** Hex SHA-256 of the stored bytes. */
    checksum: text("checksum").notNull(),
    thumbnailKey: text("thumbnail_key").notNull(),
    /** A copy without EXIF/GPS for share links, made the first time the image is shared. */
    sharedKey: text("shared_key"),
    /** Bytes of the shared copy, so a share page can show its size without asking storage. */
    sharedSize: bigint("shared_size", { mode: "number" }),
    state: imageState("state").notNull().default("ok"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** When the photo was taken, from its EXIF (DateTimeOriginal); null when it says nothing. */
    takenAt: timestamp("taken_at", { withTimezone: true, mode: "date" }),
    /**
     * Which version of metadata reading this row has had: 0 for rows indexed before EXIF was read,
     * which the backfill task reads from storage and raises to the current version.
     */
    metadataVersion: integer("metadata_version").notNull().default(0),
  },
  (table) => [
    // Serves newest-first keyset pages per owner: WHERE owner_id = ? AND (created_at, id) < (?, ?).
    index("images_owner_created_id_idx").on(table.ownerId, table.createdAt.desc(), table.id.desc()),
  ],
);

export type ImageRow = typeof images.$inferSelect;
