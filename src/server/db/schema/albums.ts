import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { images } from "./images";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A named group of one owner's images. The images stay when an album goes. */
export const albums = pgTable(
  "albums",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    name: text("name").notNull(),
    /** Chosen by the owner; when null (or its image left the album) the newest addition is the cover. */
    coverImageId: text("cover_image_id").references(() => images.id, { onDelete: "set null" }),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  // Newest-first keyset pages per owner, walked backwards: (created_at, id) < (?, ?).
  (table) => [index("albums_owner_created_id_idx").on(table.ownerId, table.createdAt, table.id)],
);

export const albumImages = pgTable(
  "album_images",
  {
    albumId: text("album_id")
      .notNull()
      .references(() => albums.id, { onDelete: "cascade" }),
    imageId: text("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    addedAt: at("added_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.albumId, table.imageId] }),
    // Deleting an image finds its memberships; the cover is the album's newest addition.
    index("album_images_image_idx").on(table.imageId),
    // In the members' own order (added_at, then image_id for ties), so a link's page is an index walk.
    index("album_images_album_added_image_idx").on(table.albumId, table.addedAt, table.imageId),
  ],
);

export type AlbumRow = typeof albums.$inferSelect;
