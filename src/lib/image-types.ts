/** The types the server accepts; the browser only uses this list for early feedback. */
export const allowedImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "image/heic", "image/heif"] as const;

export type AllowedImageType = (typeof allowedImageTypes)[number];

/** For `<input accept>`: the MIME types plus extensions, since some systems report no type. */
export const imageAcceptAttribute = [
  ...allowedImageTypes,
  ".jpg",
  ".jpeg",
  ".png",
  ".webp",
  ".gif",
  ".avif",
  ".heic",
  ".heif",
].join(",");

export const allowedImageTypesText = "JPEG, PNG, WebP, GIF, AVIF or HEIC";

/** HEIC/HEIF (an iPhone's default): kept as sent, shown through WebP renditions since few browsers draw it. */
export function isHeifType(type: string): boolean {
  return type === "image/heic" || type === "image/heif";
}

const typeByExtension: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jpe: "image/jpeg",
  jfif: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  svg: "image/svg+xml",
  heic: "image/heic",
  heif: "image/heif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
};

export function fileExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * The type to declare for a file: what the browser reported, or a guess from the extension when
 * it reported nothing (common for AVIF and for files dragged from some apps). "" when unknown.
 */
export function resolveImageType(name: string, reportedType: string): string {
  const type = reportedType.trim().toLowerCase();
  if (type === "image/jpg" || type === "image/pjpeg") return "image/jpeg";
  if (type) return type;
  return typeByExtension[fileExtension(name)] ?? "";
}

export function isAllowedImageType(type: string): type is AllowedImageType {
  return (allowedImageTypes as readonly string[]).includes(type);
}
