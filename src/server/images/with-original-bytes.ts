import "server-only";
import type { PublicContext } from "../context";
import { readStoredBytes } from "../uploads/read-stored-bytes";

/**
 * Runs `render` on an original read back from storage, within the verification limit, as
 * verification reads it: a photo in memory, anything above the multipart threshold spooled to a
 * temp file that libvips reads itself, so a 1 GiB panorama never sits in the heap whole. Null when
 * the object is missing. The bytes (or spool file) are gone once `render` settles.
 */
export function withOriginalBytes<T>(ctx: PublicContext, key: string, render: (input: Buffer | string) => Promise<T>): Promise<T | null> {
  return ctx.verifyLimit(async () => {
    const stored = await ctx.storage.openRead(key);
    if (!stored) return null;
    const original = await readStoredBytes(stored.body, {
      size: stored.size,
      headBytes: 0,
      inspectHead: async () => undefined,
      inMemoryMaxBytes: ctx.config.uploads.multipart.thresholdBytes,
    });
    try {
      return await render(original.input);
    } finally {
      await original.dispose();
    }
  });
}
