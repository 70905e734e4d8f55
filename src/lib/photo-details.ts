import type { PhotoExifFields } from "@/contract/images";

export type { PhotoDetails, PhotoExifFields } from "@/contract/images";

/** What `images.exif` holds: the EXIF fields beyond the date taken (which has its own column). */
export type PhotoDetailsColumn = PhotoExifFields;

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
