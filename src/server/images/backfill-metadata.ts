import "server-only";
import { and, asc, count, eq, lt } from "drizzle-orm";
import pLimit from "p-limit";
import sharp from "sharp";
import type { Database } from "../db/client";
import { images } from "../db/schema";
import { rowsAfter, type KeysetPosition } from "../db/keyset";
import { tryAdvisoryXactLock } from "../db/try-advisory-lock";
import type { Logger } from "../logger";
import type { StorageDriver } from "../storage/driver";
import { CURRENT_METADATA_VERSION } from "./metadata-version";
import { readExif, type PhotoExif } from "./read-exif";
import { exifColumn } from "./verified-image-columns";

/** Any constant shared by all instances; names the backfill's advisory lock (sweeper and reconciler have their own). */
const BACKFILL_LOCK_ID = 7_251_003;
/** Rows per transaction: what a crash can make the next run read again. */
export const BACKFILL_BATCH = 200;
/**
 * JPEG keeps EXIF in an APP1 segment near the start (64 KiB at most), so one ranged GET of this
 * much is enough; formats that may put it after the pixels (WebP, PNG) are read whole when the
 * start does not have it, up to WHOLE_READ_MAX_BYTES.
 */
export const EXIF_READ_BYTES = 128 * 1024;
const WHOLE_READ_MAX_BYTES = 64 * 1024 * 1024;
const READ_CONCURRENCY = 8;

export interface BackfillDeps {
  db: Database;
  storage: StorageDriver;
  logger: Pick<Logger, "info" | "warn">;
}

export interface BackfillCounts {
  /** Rows raised to the current version. */
  updated: number;
  /** Of those, how many got a date taken. */
  dated: number;
  /** Rows whose original is gone or whose bytes say nothing readable: raised anyway, with no date. */
  unreadable: number;
  /** Rows left as they were because storage failed; a later run tries them again. */
  failed: number;
}

export interface BackfillOptions {
  /** Stop after this many rows (a tick of the sweeper does one batch); all of them when absent. */
  maxRows?: number;
  batchSize?: number;
  /** After each batch, the totals so far. */
  onBatch?(counts: BackfillCounts): void;
}

type StaleRow = { id: string; key: string; type: string; size: number; metadataVersion: number };

/**
 * The next rows below the current metadata version in (version, id) order, after `after`. A row
 * comparison on images_metadata_version_id_idx: every batch is an index range, however far in.
 */
export function staleRowsQuery(db: Pick<Database, "select">, after: KeysetPosition | null, limit = BACKFILL_BATCH) {
  return db
    .select({ id: images.id, key: images.key, type: images.type, size: images.size, metadataVersion: images.metadataVersion })
    .from(images)
    .where(and(lt(images.metadataVersion, CURRENT_METADATA_VERSION), after ? rowsAfter(images.metadataVersion, images.id, after, "bigint", "asc") : undefined))
    .orderBy(asc(images.metadataVersion), asc(images.id))
    .limit(limit);
}

/** How many rows still need the backfill (an index-only count), for progress. */
export async function countStaleRows(db: Database): Promise<number> {
  const [row] = await db.select({ rows: count() }).from(images).where(lt(images.metadataVersion, CURRENT_METADATA_VERSION));
  return row?.rows ?? 0;
}

/** What one original said: a date, no date, or nothing readable (gone, or bytes no decoder takes). */
type Reading = { kind: "read"; exif: PhotoExif } | { kind: "unreadable"; reason: "missing" | "undecodable" };

async function exifOf(bytes: Buffer): Promise<Buffer | undefined | null> {
  try {
    return (await sharp(bytes).metadata()).exif;
  } catch {
    return null; // not a header sharp can read from these bytes
  }
}

/** The row's date taken from its stored original, reading as little as the format allows. Storage failures throw. */
async function readOriginal(storage: StorageDriver, row: StaleRow): Promise<Reading> {
  const start = await storage.readRange(row.key, 0, EXIF_READ_BYTES - 1);
  if (start === null) return { kind: "unreadable", reason: "missing" };
  let exif = await exifOf(start);
  const isWhole = start.length < EXIF_READ_BYTES;
  if (!exif && !isWhole && row.type !== "image/jpeg" && row.size <= WHOLE_READ_MAX_BYTES) {
    const whole = await storage.readRange(row.key, 0, row.size - 1);
    if (whole === null) return { kind: "unreadable", reason: "missing" };
    exif = await exifOf(whole);
  }
  // Null: no decoder could read even the header (for a large WebP or PNG, not even from the whole file).
  if (exif === null) return { kind: "unreadable", reason: "undecodable" };
  return { kind: "read", exif: readExif(exif) };
}

const isReading = (value: unknown): value is Reading => typeof value === "object" && value !== null && "kind" in value;

/**
 * Reads `taken_at` and the EXIF details again for rows verified before they were stored (metadata_version below the
 * current one): a ranged read of each original, the EXIF parsed as verification parses it, and the
 * row raised to the current version. Batches run in a transaction under an advisory lock, so of
 * several instances one works at a time; each row's UPDATE also checks the version, so a rerun or a
 * race changes nothing. Resumable by construction: raised rows leave the walk. Returns null when
 * another instance holds the lock.
 */
export async function backfillMetadata(deps: BackfillDeps, options: BackfillOptions = {}): Promise<BackfillCounts | null> {
  const counts: BackfillCounts = { updated: 0, dated: 0, unreadable: 0, failed: 0 };
  const batchSize = options.batchSize ?? BACKFILL_BATCH;
  const limit = pLimit(READ_CONCURRENCY);
  // Rows that failed stay below the version; the walk steps past them instead of retrying at once.
  let after: KeysetPosition | null = null;
  let remaining = options.maxRows ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const batch = await deps.db.transaction(async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, BACKFILL_LOCK_ID))) return null;
      const rows = await staleRowsQuery(tx, after, Math.min(batchSize, remaining));
      const readings = await Promise.all(rows.map((row) => limit(() => readOriginal(deps.storage, row).catch((error: unknown) => error))));
      for (const [index, row] of rows.entries()) {
        const reading: unknown = readings[index];
        if (!isReading(reading)) {
          counts.failed += 1;
          deps.logger.warn({ imageId: row.id, err: reading }, "metadata backfill could not read an original; a later run retries");
          continue;
        }
        const takenAt = reading.kind === "read" ? reading.exif.takenAt : null;
        // An unreadable original keeps whatever an earlier version recorded; it is only marked current.
        const read = reading.kind === "read" ? { takenAt, exif: exifColumn(reading.exif) } : {};
        const updated = await tx
          .update(images)
          .set({ ...read, metadataVersion: CURRENT_METADATA_VERSION })
          .where(and(eq(images.id, row.id), lt(images.metadataVersion, CURRENT_METADATA_VERSION)))
          .returning({ id: images.id });
        if (updated.length === 0) continue;
        counts.updated += 1;
        if (takenAt) counts.dated += 1;
        if (reading.kind === "unreadable") {
          counts.unreadable += 1;
          deps.logger.warn({ imageId: row.id, key: row.key, reason: reading.reason }, "metadata backfill: original unreadable, marked current without a date");
        }
      }
      return rows;
    });
    if (batch === null) return counts.updated + counts.failed === 0 ? null : counts;
    options.onBatch?.({ ...counts });
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    after = { key: String(last.metadataVersion), id: last.id };
    remaining -= batch.length;
    if (batch.length < batchSize) break;
  }
  if (counts.updated + counts.failed > 0) deps.logger.info({ ...counts }, "metadata backfill batch done");
  return counts;
}
