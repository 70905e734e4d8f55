import "server-only";

/**
 * An ETag as the storage seam hands it out: without the quotes HTTP wraps it in (`"abc"` → `abc`).
 * Drivers return only this form, so callers compare ETags with `===`; client-sent ones go through it too.
 */
export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, "").replaceAll('"', "");
}

/** An ETag as HTTP carries it (a header, or a field a client compares with one): quoted. */
export function quoteEtag(etag: string): string {
  return `"${normalizeEtag(etag)}"`;
}
