/** At most this many files per POST /api/uploads (the API's own limit). */
export const maxFilesPerBatch = 100;
/**
 * And at most about this many bytes, so the last URL of a batch is used well before it expires
 * (10 minutes by default) even on a slow link. A bigger file still goes, alone in its batch.
 */
export const maxBytesPerBatch = 256 * 1024 * 1024;

/** Splits files, in order, into signing batches under both limits. */
export function planBatches<T extends { size: number }>(files: readonly T[], { maxFiles = maxFilesPerBatch, maxBytes = maxBytesPerBatch } = {}): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
