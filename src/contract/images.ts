/** Images: the gallery's list, one image, its details, deleting. */
import { z } from "zod";
import { imageSorts } from "@/lib/gallery-query";
import { allowedImageTypes } from "@/lib/image-types";
import { Id, MAX_CURSOR_LENGTH, NextCursor, Timestamp } from "./common";

/** One image; `url`, `thumbnailUrl` and `previewUrl` are short-lived signed links. */
export const ImageDto = z
  .object({
    id: Id,
    name: z.string(),
    /** What the bytes are (a PNG named `.jpg` is `image/png`). */
    type: z.string(),
    size: z.number().int(),
    /** As displayed: EXIF orientation applied. */
    width: z.number().int(),
    height: z.number().int(),
    createdAt: Timestamp,
    /** When the photo was taken, from its EXIF; null when the file does not say. */
    takenAt: Timestamp.nullable(),
    url: z.string(),
    thumbnailUrl: z.string(),
    /**
     * The display rendition (WebP, long side ≤ 2048 px, upright, no metadata): a signed link once
     * it exists, else `/api/images/{id}/preview`, which draws it and redirects there.
     */
    previewUrl: z.string(),
    /** `missing`: the original vanished from storage; the image can only be removed. */
    state: z.enum(["ok", "missing"]),
  })
  .meta({ id: "Image" });
export type ImageDto = z.infer<typeof ImageDto>;

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).max(allowedImageTypes.length)]).transform((value) => (Array.isArray(value) ? value : [value]));

const DateOrDateTime = z.iso.date().or(z.iso.datetime({ offset: true }));

export const ListImagesInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(60).describe("Items per page (1–200)."),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional().describe("The previous page's `nextCursor`; it only continues the sort and filters that made it."),
  q: z.string().trim().max(200).optional().describe("Case-insensitive substring of the name (`%` and `_` are plain text)."),
  sort: z.enum(imageSorts).default("newest"),
  type: oneOrMany(z.enum(allowedImageTypes)).optional().describe("One or more types; repeat the parameter."),
  takenFrom: DateOrDateTime.optional().describe("On the date taken, falling back to the upload time."),
  takenTo: DateOrDateTime.optional().describe("A bare date includes that whole day (UTC)."),
  album: Id.optional().describe("Only this album's images (the caller's album, else 404)."),
});
export type ListImagesInput = z.input<typeof ListImagesInput>;

export const ImagePage = z.object({ images: z.array(ImageDto), nextCursor: NextCursor }).meta({ id: "ImagePage" });
export type ImagePage = z.infer<typeof ImagePage>;

export const ImageAnswer = z.object({ image: ImageDto });

export const DeleteImagesInput = z.object({
  ids: z.array(Id).min(1, "must list at least one id").max(500, "must list at most 500 ids"),
});
export type DeleteImagesInput = z.infer<typeof DeleteImagesInput>;

export const DeletedImages = z.object({ deleted: z.number().int().describe("Ids that were unknown or not yours are skipped.") });

/** How and where a photo was taken, from its EXIF; each field is null when the file says nothing. */
export const PhotoExifFields = z.object({
  /** The offset the camera wrote beside the time, as "+02:00". */
  takenAtOffset: z.string().nullable(),
  camera: z.object({ make: z.string().nullable(), model: z.string().nullable() }).nullable(),
  lens: z.string().nullable(),
  exposure: z
    .object({ timeSeconds: z.number().nullable(), fNumber: z.number().nullable(), iso: z.number().nullable(), focalLengthMm: z.number().nullable() })
    .nullable(),
  gps: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});
export type PhotoExifFields = z.infer<typeof PhotoExifFields>;

/** GET /api/images/{id}/details — for the owner only, never on a share link. */
export const PhotoDetails = PhotoExifFields.extend({
  /** When the shutter fired (EXIF), or null; the gallery's date sorts fall back to the upload time. */
  takenAt: Timestamp.nullable(),
  uploadedAt: Timestamp,
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
}).meta({ id: "PhotoDetails" });
export type PhotoDetails = z.infer<typeof PhotoDetails>;

export const PhotoDetailsAnswer = z.object({ details: PhotoDetails });
