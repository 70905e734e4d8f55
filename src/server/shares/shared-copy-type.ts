import "server-only";

const typeByExtension: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif", avif: "image/avif" };

/**
 * The type of a share link's copy, from the extension it was stored under: the original's own
 * type, except where the copy is another format (a HEIC is shared as a JPEG any browser draws).
 */
export function sharedCopyType(sharedKey: string, originalType: string): string {
  const extension = sharedKey.slice(sharedKey.lastIndexOf(".") + 1);
  return typeByExtension[extension] ?? originalType;
}
