import { formatBytes } from "@/lib/format-bytes";
import { allowedImageTypesText, fileExtension, isAllowedImageType, resolveImageType, type AllowedImageType } from "@/lib/image-types";

export type ImageFileCheck =
  | { isAllowed: true; type: AllowedImageType }
  | { isAllowed: false; reason: "type" | "size" | "empty"; message: string };

const typeLabels: Record<string, string> = {
  "image/svg+xml": "SVG",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
  "image/bmp": "BMP",
  "image/tiff": "TIFF",
};

/**
 * A quick check before anything is sent, so a person hears at once why a file cannot go up.
 * The server enforces the real rules (it reads the bytes); this only mirrors them. Messages say
 * what to do instead; callers put the file name in front ("photo.svg: SVG files are not allowed…").
 */
export function checkImageFile(file: { name: string; type: string; size: number }, maxBytes?: number): ImageFileCheck {
  const type = resolveImageType(file.name, file.type);
  if (!isAllowedImageType(type)) {
    const label = typeLabels[type] ?? (fileExtension(file.name).toUpperCase() || null);
    const what = label ? `${label} files are` : "This kind of file is";
    return { isAllowed: false, reason: "type", message: `${what} not allowed — use ${allowedImageTypesText}` };
  }
  if (file.size === 0) {
    return { isAllowed: false, reason: "empty", message: "The file is empty — choose the image again" };
  }
  if (maxBytes !== undefined && file.size > maxBytes) {
    return {
      isAllowed: false,
      reason: "size",
      message: `${formatBytes(file.size)} is over the ${formatBytes(maxBytes)} limit — resize or compress it first`,
    };
  }
  return { isAllowed: true, type };
}
