import "server-only";
import { inArray } from "drizzle-orm";
import pLimit from "p-limit";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { images } from "../db/schema";
import { newId } from "../ids";
import { renderRenditions } from "../images/render-renditions";
import { verifiedImageColumns } from "../images/verified-image-columns";
import type { ListedObject, StorageDriver } from "../storage/driver";
import { PIXBUCKET_PREFIXES, thumbnailKey } from "../storage/keys";
import { InvalidImageError } from "../uploads/verify-image";
import { nameFromKey } from "./name-from-key";
import { adjustUsage } from "../usage/adjust-usage";

export interface ReindexDeps {
  db: Database;
  storage: StorageDriver;
  config: Config;
  now: () => Date;
}

export interface ReindexOptions {
  /** Every adopted image belongs to this user. */
  ownerId: string;
  prefix?: string;
  isDryRun?: boolean;
  /** Objects verified at once (each holds up to one object's bytes, or spools it to disk). */
  concurrency?: number;
  onObject?: (event: ReindexEvent) => void;
}

export type ReindexEvent =
  | { kind: "indexed" | "would-index"; key: string; size: number }
  | { kind: "refused"; key: string; size: number; reason: string }
  | { kind: "already-indexed" | "pixbucket-object"; key: string; size: number };

export interface ReindexSummary {
  listed: number;
  indexed: number;
  alreadyIndexed: number;
  refused: number;
  /** Objects under Pixbucket's own prefixes, never adopted. */
  skipped: number;
  bytesRead: number;
}

const isOwnObject = (key: string) => Object.values(PIXBUCKET_PREFIXES).some((prefix) => key.startsWith(prefix));

/**
 * Adopts images already in the bucket: each object not yet indexed is verified as an upload is
 * (type from the bytes, full decode, pixel limit), thumbnailed and indexed under the owner; anything
 * else is reported and left untouched. The bucket is listed a page at a time and each page looked
 * up in one query, so memory stays flat; indexed keys are skipped, so a second or resumed run
 * picks up exactly what is left.
 */
export async function reindexBucket(deps: ReindexDeps, options: ReindexOptions): Promise<ReindexSummary> {
  const summary: ReindexSummary = { listed: 0, indexed: 0, alreadyIndexed: 0, refused: 0, skipped: 0, bytesRead: 0 };
  const limit = pLimit(options.concurrency ?? 4);
  const report = (event: ReindexEvent) => options.onObject?.(event);
  for await (const page of deps.storage.list(options.prefix ?? "")) {
    summary.listed += page.length;
    const candidates = page.filter((object) => {
      if (!isOwnObject(object.key)) return true;
      summary.skipped += 1;
      report({ kind: "pixbucket-object", key: object.key, size: object.size });
      return false;
    });
    if (candidates.length === 0) continue;
    const known = new Set(
      (await deps.db.select({ key: images.key }).from(images).where(inArray(images.key, candidates.map((object) => object.key)))).map((row) => row.key),
    );
    await Promise.all(
      candidates.map((object) =>
        limit(async () => {
          if (known.has(object.key)) {
            summary.alreadyIndexed += 1;
            return report({ kind: "already-indexed", key: object.key, size: object.size });
          }
          const event = await adopt(deps, options, object);
          summary.bytesRead += object.size;
          if (event.kind === "refused") summary.refused += 1;
          else if (event.kind === "already-indexed") summary.alreadyIndexed += 1;
          else summary.indexed += 1;
          report(event);
        }),
      ),
    );
  }
  return summary;
}

async function adopt(deps: ReindexDeps, options: ReindexOptions, object: ListedObject): Promise<ReindexEvent> {
  const maxBytes = Math.max(deps.config.uploads.maxBytes, deps.config.uploads.multipart.maxBytes);
  if (object.size > maxBytes) return { kind: "refused", key: object.key, size: object.size, reason: `larger than the ${maxBytes}-byte upload limit` };
  const stored = await deps.storage.openRead(object.key);
  if (!stored) return { kind: "refused", key: object.key, size: object.size, reason: "vanished while being read" };
  let verified;
  try {
    verified = await renderRenditions(stored, deps.config);
  } catch (error) {
    if (error instanceof InvalidImageError) return { kind: "refused", key: object.key, size: object.size, reason: error.message };
    throw error;
  }
  if (options.isDryRun) return { kind: "would-index", key: object.key, size: object.size };

  const id = newId();
  const thumbKey = thumbnailKey(options.ownerId, id);
  await deps.storage.put(thumbKey, verified.thumbnail, "image/webp");
  const columns = verifiedImageColumns(verified);
  const inserted = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .insert(images)
      .values({
        id,
        ownerId: options.ownerId,
        key: object.key,
        name: nameFromKey(object.key),
        ...columns,
        thumbnailKey: thumbKey,
        createdAt: deps.now(),
      })
      // A concurrent run adopted it first: theirs stands, our thumbnail goes.
      .onConflictDoNothing({ target: images.key })
      .returning({ id: images.id });
    // Usage moves with the row, in the same transaction, as for an upload.
    if (rows.length > 0) await adjustUsage(tx, options.ownerId, { images: 1, bytes: columns.size });
    return rows;
  });
  if (inserted.length === 0) {
    await deps.storage.delete(thumbKey);
    return { kind: "already-indexed", key: object.key, size: object.size };
  }
  return { kind: "indexed", key: object.key, size: object.size };
}
