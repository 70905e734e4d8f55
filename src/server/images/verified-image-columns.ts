import "server-only";
import type { VerifiedImage } from "../uploads/verify-image";
import { CURRENT_METADATA_VERSION } from "./metadata-version";

/** The columns of an image row that verification decides, the same for an upload and an adopted object. */
export function verifiedImageColumns(verified: VerifiedImage) {
  return {
    type: verified.type,
    size: verified.size,
    width: verified.width,
    height: verified.height,
    checksum: verified.sha256,
    takenAt: verified.exif.takenAt,
    metadataVersion: CURRENT_METADATA_VERSION,
  };
}
