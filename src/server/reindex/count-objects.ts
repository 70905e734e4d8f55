import "server-only";
import type { StorageDriver } from "../storage/driver";

/**
 * How many objects sit under the prefix: a listing-only pass (a thousand keys per request) that
 * runs beside a reindex so its progress line can say how long is left.
 */
export async function countObjects(storage: StorageDriver, prefix: string): Promise<number> {
  let count = 0;
  for await (const page of storage.list(prefix)) count += page.length;
  return count;
}
