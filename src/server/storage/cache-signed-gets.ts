import "server-only";
import { getMetrics } from "../metrics/metrics";
import type { PresignGetInput, SignedRequest, StorageDriver } from "./driver";

/** Entries per driver: a gallery page is 120 URLs; this holds a few thousand pages' worth at ~300 bytes each. */
export const SIGNED_URL_CACHE_ENTRIES = 20_000;
/** Local URLs are signed per origin; a handful of origins (public URL, LAN name, localhost) is normal. */
const MAX_ORIGINS = 16;

const cacheKey = (origin: string, input: PresignGetInput) =>
  JSON.stringify([origin, input.key, input.signedAt!.getTime(), input.expiresInSeconds, input.responseContentType ?? null, input.responseContentDisposition ?? null]);

/**
 * The driver with GET URLs signed as of a fixed instant (`signedAt`) remembered: the same inputs
 * make the same URL, so a page asked for again is not signed again. Bounded, least recently used
 * first out; URLs signed as of "now" are never cached. Per instance: nothing to share or invalidate.
 */
export function cacheSignedGets(driver: StorageDriver, maxEntries = SIGNED_URL_CACHE_ENTRIES): StorageDriver {
  return withCache(driver, "", { entries: new Map(), maxEntries, byOrigin: new Map() });
}

interface SharedCache {
  /** One bound for the driver and every per-origin copy of it. */
  entries: Map<string, Promise<SignedRequest>>;
  maxEntries: number;
  byOrigin: Map<string, StorageDriver>;
}

function withCache(driver: StorageDriver, origin: string, shared: SharedCache): StorageDriver {
  const { entries: cache, maxEntries, byOrigin } = shared;
  return new Proxy(driver, {
    get(target, property, receiver) {
      if (property === "presignGet") {
        return (input: PresignGetInput): Promise<SignedRequest> => {
          if (!input.signedAt) return target.presignGet(input);
          const key = cacheKey(origin, input);
          const cached = cache.get(key);
          const metric = getMetrics().signedUrlCache;
          if (cached) {
            // Re-inserting moves it to the young end of the Map's order.
            cache.delete(key);
            cache.set(key, cached);
            metric.inc({ result: "hit" });
            return cached;
          }
          metric.inc({ result: "miss" });
          const signed = target.presignGet(input);
          cache.set(key, signed);
          // A failed signing is not remembered.
          signed.catch(() => cache.delete(key));
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
          return signed;
        };
      }
      if (property === "forOrigin" && target.forOrigin) {
        return (requested: string): StorageDriver => {
          let scoped = byOrigin.get(requested);
          if (!scoped) {
            scoped = withCache(target.forOrigin!(requested), requested, shared);
            if (byOrigin.size >= MAX_ORIGINS) byOrigin.delete(byOrigin.keys().next().value!);
            byOrigin.set(requested, scoped);
          }
          return scoped;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
