import "server-only";

/**
 * The only place object keys are built. Keys carry no client text: owner and upload ids are
 * server-made, so a file name can never steer where bytes land. An image's objects share one
 * prefix, so the original and its thumbnail sit side by side and go together.
 */
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Every prefix Pixbucket writes under. Objects here belong to Pixbucket; the orphan sweep may
 * delete those no row or live upload owns. Anything else in the bucket is the operator's.
 */
export const PIXBUCKET_PREFIXES = { images: "images/", shared: "shared/", doctor: "pixbucket-doctor/" } as const;

function segment(value: string, what: string): string {
  if (!SAFE_SEGMENT.test(value)) throw new Error(`unsafe ${what} in object key: ${JSON.stringify(value)}`);
  return value;
}

export function imagePrefix(ownerId: string, uploadId: string): string {
  return `images/${segment(ownerId, "owner id")}/${segment(uploadId, "upload id")}/`;
}

export function originalKey(ownerId: string, uploadId: string): string {
  return `${imagePrefix(ownerId, uploadId)}original`;
}

export function thumbnailKey(ownerId: string, uploadId: string): string {
  return `${imagePrefix(ownerId, uploadId)}thumb.webp`;
}

/** The display rendition the lightbox shows instead of the original (long side ≤ 2048 px). */
export function previewKey(ownerId: string, uploadId: string): string {
  return `${imagePrefix(ownerId, uploadId)}preview.webp`;
}

/**
 * The metadata-stripped copy a share link serves. Deliberately outside `images/<owner>/…` and named
 * by a fresh random id rather than the image id: a presigned URL shows its key, and a share link
 * must reveal neither the owner nor the original's key.
 */
export function sharedRenditionKey(renditionId: string, extension: string): string {
  if (!/^[a-z0-9]{1,8}$/.test(extension)) throw new Error(`unsafe extension in object key: ${JSON.stringify(extension)}`);
  return `shared/${segment(renditionId, "rendition id")}.${extension}`;
}

export function ownerPrefix(ownerId: string): string {
  return `images/${segment(ownerId, "owner id")}/`;
}

/** Rejects keys that could escape a root when used as a path: absolute, `..`, empty or odd segments. */
export function assertSafeKey(key: string): string {
  const segments = key.split("/");
  const isBad =
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith("/") ||
    key.includes("\\") ||
    key.includes("\0") ||
    segments.some((part) => part === "" || part === "." || part === "..");
  if (isBad) throw new Error(`unsafe object key: ${JSON.stringify(key)}`);
  return key;
}

/** A throwaway object `pixbucket doctor` writes and deletes to prove uploads work. */
export function doctorProbeKey(probeId: string): string {
  return `${PIXBUCKET_PREFIXES.doctor}${segment(probeId, "probe id")}`;
}
