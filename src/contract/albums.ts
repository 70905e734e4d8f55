/** Albums: named sets of the caller's images, with a cover. */
import { z } from "zod";
import { Id, NextCursor, PageQuery, Timestamp } from "./common";

export const AlbumName = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

/** One album as its owner sees it. */
export const AlbumDto = z
  .object({
    id: Id,
    name: z.string(),
    imageCount: z.number().int(),
    /** The cover's thumbnail (a short-lived signed GET); null for an empty album. */
    coverThumbnailUrl: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Album" });
export type AlbumDto = z.infer<typeof AlbumDto>;

export const ListAlbumsInput = PageQuery;
export type ListAlbumsInput = z.input<typeof ListAlbumsInput>;

export const AlbumPage = z.object({ albums: z.array(AlbumDto), nextCursor: NextCursor }).meta({ id: "AlbumPage" });
export type AlbumPage = z.infer<typeof AlbumPage>;

export const AlbumAnswer = z.object({ album: AlbumDto });

export const CreateAlbumInput = z.object({ name: AlbumName });
export type CreateAlbumInput = z.infer<typeof CreateAlbumInput>;

export const UpdateAlbumInput = z
  .object({
    name: AlbumName.optional(),
    /** One of the album's images; null goes back to the newest addition. */
    coverImageId: Id.nullable().optional(),
  })
  .refine((input) => input.name !== undefined || input.coverImageId !== undefined, "Send a name, a coverImageId, or both.");
export type UpdateAlbumInput = z.infer<typeof UpdateAlbumInput>;

export const AlbumImagesInput = z.object({
  imageIds: z.array(Id).min(1, "must list at least one image").max(500, "must list at most 500 images"),
});
export type AlbumImagesInput = z.infer<typeof AlbumImagesInput>;

export const AddedToAlbum = z.object({ added: z.number().int().describe("The caller's images not yet in it; others' ids and repeats are not counted.") });
export const RemovedFromAlbum = z.object({ removed: z.number().int() });
