import "server-only";

/**
 * Raised whenever verification starts storing something new from a file's metadata, so the
 * backfill task knows which older rows to read again. 1: `taken_at` from EXIF; 2: `exif`
 * (camera, lens, exposure, GPS) for the details panel.
 */
export const CURRENT_METADATA_VERSION = 2;
