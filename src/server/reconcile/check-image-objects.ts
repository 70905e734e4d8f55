import "server-only";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import pLimit from "p-limit";
import { images, type ImageRow } from "../db/schema";
import { renderRenditions } from "../images/render-renditions";
import type { ReconcileDeps, ReconcileTally } from "./reconcile-deps";

const PAGE = 500;
const HEAD_CONCURRENCY = 8;

/** The next page of every owner's images in id order, on the primary key. */
export function imagesAfterQuery(db: ReconcileDeps["db"], after: string) {
  return db.select().from(images).where(gt(images.id, after)).orderBy(asc(images.id)).limit(PAGE);
}

/**
 * Rows → storage: every image's original and renditions are asked for (HEAD), a page of rows at
 * a time in id order, so memory stays flat however many images there are. A vanished original
 * marks the row `missing` (and `ok` again if it comes back); a vanished rendition is drawn again
 * from the original.
 */
export async function checkImageObjects(deps: ReconcileDeps, tally: ReconcileTally, isDryRun: boolean): Promise<void> {
  const limit = pLimit(HEAD_CONCURRENCY);
  let after = "";
  for (;;) {
    const page = await imagesAfterQuery(deps.db, after);
    if (page.length === 0) return;
    after = page.at(-1)!.id;
    const outcomes = await Promise.all(page.map((row) => limit(() => checkOne(deps, tally, row, isDryRun))));
    tally.counts.imagesChecked += page.length;
    const missing = page.filter((row, index) => outcomes[index] === "missing" && row.state !== "missing");
    const back = page.filter((row, index) => outcomes[index] === "ok" && row.state === "missing");
    for (const row of missing) tally.note("missing", row.key);
    tally.counts.markedMissing += missing.length;
    tally.counts.foundAgain += back.length;
    if (!isDryRun) {
      await setState(deps, missing, "missing");
      await setState(deps, back, "ok");
    }
    if (page.length < PAGE) return;
  }
}

async function setState(deps: ReconcileDeps, rows: ImageRow[], state: "ok" | "missing"): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  await deps.db.update(images).set({ state }).where(and(inArray(images.id, ids), eq(images.state, state === "ok" ? "missing" : "ok")));
}

async function checkOne(deps: ReconcileDeps, tally: ReconcileTally, row: ImageRow, isDryRun: boolean): Promise<"ok" | "missing" | "unknown"> {
  try {
    const [original, thumbnail] = await Promise.all([deps.storage.head(row.key), deps.storage.head(row.thumbnailKey)]);
    if (!original) return "missing";
    if (!thumbnail) {
      tally.counts.renditionsRegenerated += 1;
      tally.note("regenerated", row.thumbnailKey);
      if (!isDryRun) await regenerate(deps, row);
    }
    return "ok";
  } catch (error) {
    tally.error(row.key, error);
    return "unknown"; // storage hiccup: leave the row as it is, the next run looks again
  }
}

async function regenerate(deps: ReconcileDeps, row: ImageRow): Promise<void> {
  const stored = await deps.storage.openRead(row.key);
  if (!stored) return;
  const renditions = await renderRenditions(stored, deps.config);
  await deps.storage.put(row.thumbnailKey, renditions.thumbnail, "image/webp");
}
