/** How and where a photo was taken, from its EXIF. Every field is null when the file says nothing. */
export interface PhotoExifFields {
  /** The offset the camera wrote beside the time, as "+02:00". */
  takenAtOffset: string | null;
  camera: { make: string | null; model: string | null } | null;
  lens: string | null;
  exposure: { timeSeconds: number | null; fNumber: number | null; iso: number | null; focalLengthMm: number | null } | null;
  gps: { lat: number; lon: number } | null;
}

/** What `images.exif` holds: the EXIF fields beyond the date taken (which has its own column). */
export type PhotoDetailsColumn = PhotoExifFields;

/** GET /api/images/{id}/details — for the owner only, never on a share link. */
export interface PhotoDetails extends PhotoExifFields {
  /** When the shutter fired (EXIF), or null; the gallery's date sorts fall back to the upload time. */
  takenAt: string | null;
  uploadedAt: string;
  name: string;
  type: string;
  size: number;
  width: number;
  height: number;
}

/** "1/250 s", "2.5 s": how photographers write a shutter time. */
export function formatExposureTime(seconds: number): string {
  if (seconds >= 1) return `${Number(seconds.toFixed(1))} s`;
  return `1/${Math.round(1 / seconds)} s`;
}

/** "Canon EOS R6 · RF 24-105mm" style summary lines for a details panel. */
export function describeExposure(exposure: NonNullable<PhotoExifFields["exposure"]>): string {
  const parts = [
    exposure.timeSeconds !== null ? formatExposureTime(exposure.timeSeconds) : null,
    exposure.fNumber !== null ? `f/${Number(exposure.fNumber.toFixed(1))}` : null,
    exposure.iso !== null ? `ISO ${Math.round(exposure.iso)}` : null,
    exposure.focalLengthMm !== null ? `${Number(exposure.focalLengthMm.toFixed(1))} mm` : null,
  ];
  return parts.filter((part) => part !== null).join(" · ");
}
