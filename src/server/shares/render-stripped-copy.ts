import "server-only";
import sharp, { type Sharp } from "sharp";
import { readFile } from "node:fs/promises";
import { isHeifType, type AllowedImageType } from "@/lib/image-types";
import { decodeHeic } from "../images/heic/decode-heic";

export interface StrippedCopy {
  bytes: Buffer;
  /** The file extension the copy is stored under. */
  extension: string;
}

const extensionByType: Record<AllowedImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
  // Few browsers draw HEIC, and a share link is for anyone: its copy is a JPEG.
  "image/heic": "jpg",
  "image/heif": "jpg",
};

/** Same format, no metadata: sharp writes none unless asked to keep it. */
function encode(pipeline: Sharp, type: AllowedImageType): Sharp {
  switch (type) {
    case "image/jpeg":
      return pipeline.jpeg({ quality: 90, mozjpeg: false });
    case "image/png":
      return pipeline.png(); // lossless
    case "image/webp":
      return pipeline.webp({ quality: 90 });
    case "image/gif":
      return pipeline.gif();
    case "image/avif":
      return pipeline.avif({ quality: 70 }); // AVIF at 70 looks about like JPEG at 90, at a fraction of the size
    case "image/heic":
    case "image/heif":
      return pipeline.jpeg({ quality: 90, mozjpeg: false });
  }
}

/**
 * Re-encodes an original for a share link: orientation baked into the pixels, every EXIF/XMP/IPTC
 * block (camera, GPS, timestamps) and the ICC profile left out (sharp converts to sRGB first).
 * Animated GIF/WebP keep their animation unless they carry an EXIF orientation (libvips cannot
 * rotate multi-page images) or all frames together exceed the pixel limit: then the first frame.
 * `original` is the bytes or the path of a spooled copy (see readStoredBytes).
 */
export async function renderStrippedCopy(original: Buffer | string, type: AllowedImageType, maxPixels: number): Promise<StrippedCopy> {
  if (isHeifType(type)) {
    // Decoded upright by libheif; raw pixels carry no metadata to strip.
    const { width, height, rgba } = await decodeHeic(typeof original === "string" ? await readFile(original) : original, maxPixels);
    const pipeline = sharp(rgba, { raw: { width, height, channels: 4 } }).flatten({ background: "#ffffff" });
    return { bytes: await encode(pipeline, type).toBuffer(), extension: extensionByType[type] };
  }
  const meta = await sharp(original, { limitInputPixels: maxPixels }).metadata();
  const pages = meta.pages ?? 1;
  const framePixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  const isAnimated = pages > 1 && (type === "image/gif" || type === "image/webp");
  const keepsAnimation = isAnimated && (meta.orientation ?? 1) === 1 && framePixels * pages <= maxPixels;

  // sequentialRead: libvips streams a spooled file top to bottom, as verification does.
  const pipeline = keepsAnimation
    ? sharp(original, { animated: true, limitInputPixels: maxPixels, sequentialRead: true })
    : sharp(original, { limitInputPixels: maxPixels, sequentialRead: true }).rotate();
  return { bytes: await encode(pipeline, type).toBuffer(), extension: extensionByType[type] };
}
