import "server-only";
import sharp, { type Sharp } from "sharp";

/** The lightbox's rendition: big enough for a full-screen view, a fraction of a camera original. */
export const PREVIEW_LONG_SIDE = 2048;

/**
 * A WebP display rendition, upright, with no metadata (sharp writes none unless asked). `upright`
 * pixels (a HEIC decoded by libheif) are not rotated again by their EXIF.
 */
export function encodePreview(pipeline: Sharp, { upright }: { upright: boolean }): Promise<Buffer> {
  return (upright ? pipeline : pipeline.rotate())
    .resize(PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 82, effort: 2 })
    .toBuffer();
}

/** The preview of an original held as bytes or a spooled file, for a first view. */
export function renderPreviewOf(input: Buffer | string, maxPixels: number): Promise<Buffer> {
  return encodePreview(sharp(input, { limitInputPixels: maxPixels, sequentialRead: true }), { upright: false });
}

/** The preview of already-decoded RGBA pixels. */
export function renderPreviewOfPixels(rgba: Buffer, width: number, height: number): Promise<Buffer> {
  return encodePreview(sharp(rgba, { raw: { width, height, channels: 4 } }), { upright: true });
}
