import { z } from "zod";

export const AlbumName = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

/** Which images to add or remove: the caller's own; others' and unknown ids are left out of the count. */
export const AlbumImagesInput = z.object({
  imageIds: z.array(z.string().min(1).max(64)).min(1, "must list at least one image").max(500, "must list at most 500 images"),
});
export type AlbumImagesInput = z.infer<typeof AlbumImagesInput>;
