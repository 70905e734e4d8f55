import "server-only";
import parseExif from "exif-reader";

/** What a photo's EXIF block says about how and where it was taken. Every field is null when absent or unreadable. */
export interface PhotoExif {
  /**
   * When the shutter fired (DateTimeOriginal, else DateTimeDigitized). With the offset the camera
   * wrote (OffsetTimeOriginal) it is the true instant; without one the wall-clock reading is taken
   * as UTC, so it still sorts and displays as the time printed on the camera.
   */
  takenAt: Date | null;
  /** The offset written beside the time, as "+02:00"; null when the camera wrote none. */
  takenAtOffset: string | null;
  camera: { make: string | null; model: string | null } | null;
  lens: string | null;
  exposure: { timeSeconds: number | null; fNumber: number | null; iso: number | null; focalLengthMm: number | null } | null;
  gps: { lat: number; lon: number } | null;
  /** EXIF orientation 1–8 (5–8 turn the picture a quarter). */
  orientation: number | null;
}

const NO_EXIF: PhotoExif = { takenAt: null, takenAtOffset: null, camera: null, lens: null, exposure: null, gps: null, orientation: null };

// Text fields come from whoever made the file: cap them so a crafted block cannot bloat rows or pages.
const MAX_TEXT_LENGTH = 120;
// Dates outside this range are garbage; an unset "0000:00:00" clock parses to late 1899.
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2200;

type Tags = Record<string, unknown> | null | undefined;

function text(value: unknown): string | null {
  const raw = Buffer.isBuffer(value) ? value.toString("utf8") : typeof value === "string" ? value : null;
  // EXIF strings are NUL-padded and may carry control bytes.
  const cleaned = raw?.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return cleaned ? cleaned.slice(0, MAX_TEXT_LENGTH) : null;
}

function positiveNumber(value: unknown): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "number" && Number.isFinite(first) && first > 0 ? first : null;
}

/** "+02:00" → minutes east of UTC; null for anything else (cameras also write "   :  " when unset). */
function offsetMinutes(offset: string | null): number | null {
  const match = offset?.match(/^([+-])(\d{2}):(\d{2})$/);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return minutes > 14 * 60 ? null : (match[1] === "-" ? -1 : 1) * minutes;
}

function readTakenAt(photo: Tags): Pick<PhotoExif, "takenAt" | "takenAtOffset"> {
  const pairs: [unknown, unknown][] = [
    [photo?.DateTimeOriginal, photo?.OffsetTimeOriginal],
    [photo?.DateTimeDigitized, photo?.OffsetTimeDigitized],
  ];
  for (const [wallClock, offsetText] of pairs) {
    // exif-reader parses "YYYY:MM:DD HH:MM:SS" as if it were UTC.
    if (!(wallClock instanceof Date) || Number.isNaN(wallClock.getTime())) continue;
    const year = wallClock.getUTCFullYear();
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) continue;
    const offset = text(offsetText);
    const minutes = offsetMinutes(offset);
    return {
      takenAt: new Date(wallClock.getTime() - (minutes ?? 0) * 60_000),
      takenAtOffset: minutes === null ? null : offset,
    };
  }
  return { takenAt: null, takenAtOffset: null };
}

function degrees(value: unknown, ref: unknown, negativeRef: string, limit: number): number | null {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === "number" && Number.isFinite(part) && part >= 0)) return null;
  const [d, m, s] = value as [number, number, number];
  const magnitude = d + m / 60 + s / 3600;
  if (magnitude > limit) return null;
  const signed = text(ref)?.toUpperCase() === negativeRef ? -magnitude : magnitude;
  return Math.round(signed * 1e7) / 1e7; // ~1 cm: more digits are noise
}

function readGps(gps: Tags): PhotoExif["gps"] {
  if (!gps) return null;
  const lat = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, "S", 90);
  const lon = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, "W", 180);
  return lat === null || lon === null ? null : { lat, lon };
}

function readCamera(image: Tags): PhotoExif["camera"] {
  const make = text(image?.Make);
  const model = text(image?.Model);
  return make || model ? { make, model } : null;
}

function readLens(photo: Tags): string | null {
  const model = text(photo?.LensModel);
  const make = text(photo?.LensMake);
  if (!model) return make;
  // Many lenses already name their maker in the model ("Canon EF50mm…"): don't say it twice.
  return make && !model.toLowerCase().startsWith(make.toLowerCase()) ? `${make} ${model}`.slice(0, MAX_TEXT_LENGTH) : model;
}

function readExposure(photo: Tags): PhotoExif["exposure"] {
  const exposure = {
    timeSeconds: positiveNumber(photo?.ExposureTime),
    fNumber: positiveNumber(photo?.FNumber),
    iso: positiveNumber(photo?.ISOSpeedRatings ?? photo?.PhotographicSensitivity),
    focalLengthMm: positiveNumber(photo?.FocalLength),
  };
  return Object.values(exposure).some((value) => value !== null) ? exposure : null;
}

function readOrientation(image: Tags): number | null {
  const value = image?.Orientation;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 8 ? value : null;
}

/**
 * Reads the EXIF block sharp's `metadata().exif` returns. A missing or corrupt block is not the
 * image's fault, so this never throws: what cannot be read is null.
 */
export function readExif(block: Buffer | undefined): PhotoExif {
  if (!block || block.length < 8) return NO_EXIF;
  let tags: ReturnType<typeof parseExif>;
  try {
    tags = parseExif(block);
  } catch {
    return NO_EXIF;
  }
  const image = tags.Image as Tags;
  const photo = tags.Photo as Tags;
  return {
    ...readTakenAt(photo),
    camera: readCamera(image),
    lens: readLens(photo),
    exposure: readExposure(photo),
    gps: readGps(tags.GPSInfo as Tags),
    orientation: readOrientation(image),
  };
}
