import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { images, uploads } from "../db/schema";
import { PIXBUCKET_PREFIXES } from "../storage/keys";
import type { ListedObject } from "../storage/driver";
import type { ReconcileDeps, ReconcileTally } from "./reconcile-deps";

/**
 * No signed URL that could still write an object lives longer than this, so an unowned object
 * older than it can no longer be a write in flight (an upload signing, a thumbnail being put
 * just before its row is inserted, a PUT to the URL of an upload cancelled meanwhile).
 */
export function orphanGraceSeconds(config: ReconcileDeps["config"]): number {
  return Math.max(config.uploads.expiresInSeconds, config.uploads.multipart.expiresInSeconds);
}

/** `images/<owner>/<id>/<file>` → id: every object of an image or upload sits under its id. */
function imageIdOf(key: string): string | null {
  const parts = key.slice(PIXBUCKET_PREFIXES.images.length).split("/");
  return parts.length >= 3 ? parts[1]! : null;
}

/** The images whose shared copy is one of `keys` (a page of listed objects); served by images_shared_key_idx. */
export function sharedKeyOwnersQuery(db: ReconcileDeps["db"], keys: string[]) {
  return db.select({ key: images.sharedKey }).from(images).where(inArray(images.sharedKey, keys));
}

/** Of one listed page, the objects that no image row, shared copy or pending upload owns. */
async function unowned(deps: ReconcileDeps, page: ListedObject[]): Promise<ListedObject[]> {
  const ids = [...new Set(page.flatMap((object) => (object.key.startsWith(PIXBUCKET_PREFIXES.images) ? [imageIdOf(object.key) ?? ""] : [])))].filter(Boolean);
  const sharedKeys = page.filter((object) => object.key.startsWith(PIXBUCKET_PREFIXES.shared)).map((object) => object.key);
  const owned = new Set<string>();
  if (ids.length > 0) {
    // Keys keep the owner they were made under (the first admin inherits images without moving them), so the id alone decides.
    for (const row of await deps.db.select({ id: images.id }).from(images).where(inArray(images.id, ids))) owned.add(row.id);
    const live = await deps.db.select({ id: uploads.id }).from(uploads).where(and(inArray(uploads.id, ids), eq(uploads.status, "pending")));
    for (const row of live) owned.add(row.id);
  }
  const ownedShared = new Set<string>();
  if (sharedKeys.length > 0) {
    for (const row of await sharedKeyOwnersQuery(deps.db, sharedKeys)) ownedShared.add(row.key!);
  }
  return page.filter((object) => {
    if (object.key.startsWith(PIXBUCKET_PREFIXES.shared)) return !ownedShared.has(object.key);
    if (object.key.startsWith(PIXBUCKET_PREFIXES.images)) return !owned.has(imageIdOf(object.key) ?? "");
    return true; // doctor probes a crash left behind
  });
}

/**
 * Storage → rows, the orphan sweep: Pixbucket's own prefixes are listed a page at a time, each page
 * looked up in two or three batched queries, and objects nobody owns that are older than the
 * longest write-URL lifetime are deleted. Objects outside those prefixes are never touched.
 */
export async function sweepOrphans(deps: ReconcileDeps, tally: ReconcileTally, isDryRun: boolean): Promise<void> {
  const cutoff = deps.now().getTime() - orphanGraceSeconds(deps.config) * 1000;
  for (const prefix of Object.values(PIXBUCKET_PREFIXES)) {
    for await (const page of deps.storage.list(prefix)) {
      tally.counts.objectsListed += page.length;
      if (page.length === 0) continue;
      const orphans = (await unowned(deps, page)).filter((object) => object.lastModified.getTime() < cutoff);
      if (orphans.length === 0) continue;
      try {
        if (!isDryRun) await deps.storage.deleteMany(orphans.map((object) => object.key));
        tally.counts.orphansRemoved += orphans.length;
        for (const object of orphans) {
          tally.counts.orphanBytes += object.size;
          tally.note("orphans", object.key);
        }
      } catch (error) {
        tally.error(orphans[0]!.key, error);
      }
    }
  }
}
