import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { albums } from "./albums";
import { images } from "./images";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A share link. The token itself is only in the link; the row keeps its SHA-256, so a database
 * leak reveals no working links. The password is kept as a slow hash.
 */
export const shares = pgTable(
  "shares",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    passwordHash: text("password_hash"),
    expiresAt: at("expires_at"),
    revokedAt: at("revoked_at"),
    viewCount: integer("view_count").notNull().default(0),
    /** An album's share is live: it shows what the album holds when opened, not what it held when made. */
    albumId: text("album_id").references(() => albums.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull(),
  },
  // Newest-first keyset pages per owner, walked backwards: (created_at, id) < (?, ?).
  (table) => [index("shares_owner_created_idx").on(table.ownerId, table.createdAt, table.id)],
);

export const shareImages = pgTable(
  "share_images",
  {
    shareId: text("share_id")
      .notNull()
      .references(() => shares.id, { onDelete: "cascade" }),
    imageId: text("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.shareId, table.imageId] }),
    index("share_images_image_idx").on(table.imageId),
    // A share's images in their order: the public page, and the first one's thumbnail in the list.
    // With image_id in it the walk is index-only (once vacuum has marked the pages all-visible).
    index("share_images_share_position_idx").on(table.shareId, table.position, table.imageId),
  ],
);
