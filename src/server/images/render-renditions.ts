import "server-only";
import type { Config } from "../config";
import type { OpenedObject } from "../storage/driver";
import { verifyStoredImage, type VerifiedImage } from "../uploads/verify-image";

/**
 * The renditions of an object already in storage, verified as an upload would be (type from the
 * bytes, full decode, pixel limit). The one seam reindex and the reconciler draw renditions
 * through; when previews join the thumbnail, they join here.
 */
export function renderRenditions(stored: OpenedObject, config: Pick<Config, "uploads">): Promise<VerifiedImage> {
  return verifyStoredImage(stored, {
    declaredSize: stored.size,
    declaredMd5: null,
    maxPixels: config.uploads.maxPixels,
    inMemoryMaxBytes: config.uploads.multipart.thresholdBytes,
  });
}
