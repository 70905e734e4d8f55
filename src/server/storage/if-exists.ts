import "server-only";

/** True for the one fs error that means "nothing there": ENOENT. */
export function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}

/**
 * The result, or null when the path does not exist. Every other failure (EACCES, EIO, ENOTDIR,
 * EISDIR…) propagates: a store that cannot be read must not look empty to the orphan sweep.
 */
export async function ifExists<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
