import "server-only";
import type { StorageDriver } from "../storage/driver";
import { getMetrics } from "./metrics";

// Errors already counted as storage errors, so the error mapping does not count them again as database ones.
const storageFailures = new WeakSet<object>();

/** True when `error` came out of a storage call (counted in pixbucket_storage_errors_total). */
export function isStorageFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && storageFailures.has(error);
}

/** Counts a failed storage operation and rethrows it; for storage work done outside the driver interface. */
export function countStorageFailure(operation: string, error: unknown): never {
  getMetrics().storageErrors.inc({ operation });
  if (typeof error === "object" && error !== null) storageFailures.add(error);
  throw error;
}

/**
 * The same driver with every failing call counted by operation. A Proxy rather than a class
 * that restates each method: the interface grows, and a forgotten method would go uncounted.
 */
export function instrumentStorage(driver: StorageDriver): StorageDriver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const operation = String(property);
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          countStorageFailure(operation, error);
        }
        if (operation === "forOrigin") return instrumentStorage(result as StorageDriver);
        return result instanceof Promise ? result.catch((error: unknown) => countStorageFailure(operation, error)) : result;
      };
    },
  });
}
