import "server-only";
import type { VerifiedImage } from "../uploads/verify-image";
import type { PhotoDetailsColumn } from "@/lib/photo-details";
import { CURRENT_METADATA_VERSION } from "./metadata-version";
import type { PhotoExif } from "./read-exif";

/** What `images.exif` keeps: the EXIF beyond the date, or null when the file said none of it. */
export function exifColumn(exif: PhotoExif): PhotoDetailsColumn | null {
  const { takenAtOffset, camera, lens, exposure, gps } = exif;
  const column = { takenAtOffset, camera, lens, exposure, gps };
  return Object.values(column).some((value) => value !== null) ? column : null;
}

/** The columns of an image row that verification decides, the same for an upload and an adopted object. */
export function verifiedImageColumns(verified: VerifiedImage) {
  return {
    type: verified.type,
    size: verified.size,
    width: verified.width,
    height: verified.height,
    checksum: verified.sha256,
    takenAt: verified.exif.takenAt,
    exif: exifColumn(verified.exif),
    metadataVersion: CURRENT_METADATA_VERSION,
  };
}
