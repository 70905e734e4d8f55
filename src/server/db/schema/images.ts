import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { PhotoDetailsColumn } from "@/lib/photo-details";

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
    /**
     * Base64 MD5 of the bytes when storage enforced one at upload (single PUTs), so signing can
     * recognise a file already in the library before it is sent; null otherwise.
     */
    md5: text("md5"),
    thumbnailKey: text("thumbnail_key").notNull(),
    /** The WebP display rendition, once made (at verification for HEIC, on first view otherwise). */
    previewKey: text("preview_key"),
    /** A copy without EXIF/GPS for share links, made the first time the image is shared. */
    sharedKey: text("shared_key"),
    /** Bytes of the shared copy, so a share page can show its size without asking storage. */
    sharedSize: bigint("shared_size", { mode: "number" }),
    state: imageState("state").notNull().default("ok"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** When the photo was taken, from its EXIF (DateTimeOriginal); null when it says nothing. */
    takenAt: timestamp("taken_at", { withTimezone: true, mode: "date" }),
    /**
     * The rest of what the EXIF says (camera, lens, exposure, GPS, the time's offset), for the
     * owner's details panel only; null when the file said nothing or predates reading it.
     */
    exif: jsonb("exif").$type<PhotoDetailsColumn>(),
    /**
     * Which version of metadata reading this row has had: 0 for rows indexed before EXIF was read,
     * which the backfill task reads from storage and raises to the current version.
     */
    metadataVersion: integer("metadata_version").notNull().default(0),
  },
  (table) => [
    // One index per sort, in ascending order: Postgres walks it backwards for the descending sort,
    // and a row comparison `(key, id) < (?, ?)` on it is an index condition, so every page costs the
    // same. The key expressions must match src/server/images/image-sorts.ts character for character.
    index("images_owner_created_id_idx").on(table.ownerId, table.createdAt, table.id),
    index("images_owner_taken_id_idx").on(table.ownerId, sql`coalesce(${table.takenAt}, ${table.createdAt})`, table.id),
    index("images_owner_name_id_idx").on(table.ownerId, sql`lower(${table.name})`, table.id),
    index("images_owner_size_id_idx").on(table.ownerId, table.size, table.id),
    // Duplicates: at signing by size and MD5, after verification by SHA-256.
    index("images_owner_size_md5_idx").on(table.ownerId, table.size, table.md5),
    index("images_owner_checksum_idx").on(table.ownerId, table.checksum),
    // Name substring search (`ILIKE '%q%'`); pg_trgm is created by migration 0004.
    index("images_name_trgm_idx").using("gin", sql`lower(${table.name}) gin_trgm_ops`),
    // The orphan sweep asks which listed shared copies a row still owns.
    index("images_shared_key_idx").on(table.sharedKey),
    // The metadata backfill's walk: rows below the current version, (version, id) in keyset order.
    index("images_metadata_version_id_idx").on(table.metadataVersion, table.id),
  ],
);

export type ImageRow = typeof images.$inferSelect;
