import "server-only";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ListedObject } from "./driver";
import { ifExists } from "./if-exists";

/** Orders names as their keys sort in S3 listings: by UTF-8 bytes, a folder as `name/`. */
function byKeyOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface WalkOptions {
  prefix: string;
  /** Only keys sorting after this one; folders wholly at or before it are not entered. */
  startAfter?: string;
  /** Top-level names that are not keys (the driver's own metadata). */
  skipTopLevel: ReadonlySet<string>;
}

/** Could a key under the folder `folderKey/` start with `prefix`? */
function mayHoldPrefix(folderKey: string, prefix: string): boolean {
  const folderPrefix = `${folderKey}/`;
  return folderPrefix.startsWith(prefix) || prefix.startsWith(folderPrefix);
}

/** Could a key under the folder `folderKey/` sort after `startAfter`? */
function mayHoldLater(folderKey: string, startAfter: string | undefined): boolean {
  if (startAfter === undefined) return true;
  const folderPrefix = `${folderKey}/`;
  return startAfter.startsWith(folderPrefix) || byKeyOrder(folderPrefix, startAfter) > 0;
}

/**
 * The files under `root` whose keys start with `prefix`, one at a time in key order, as an S3
 * listing would give them. Only folders that can hold the prefix (and keys after `startAfter`) are
 * read, one folder's entries at a time per level, so a tree of millions of files walks in bounded
 * memory. A folder or file removed mid-walk is skipped; any other fs error propagates.
 */
export async function* walkLocalTree(root: string, options: WalkOptions): AsyncGenerator<ListedObject> {
  yield* walkFolder(root, "", options);
}

async function* walkFolder(dir: string, folderKey: string, options: WalkOptions): AsyncGenerator<ListedObject> {
  const entries = (await ifExists(readdir(dir, { withFileTypes: true }))) ?? [];
  const named = entries
    .filter((entry) => !(folderKey === "" && options.skipTopLevel.has(entry.name)) && (entry.isDirectory() || entry.isFile()))
    .map((entry) => ({ entry, sortName: entry.isDirectory() ? `${entry.name}/` : entry.name }))
    .sort((a, b) => byKeyOrder(a.sortName, b.sortName));
  for (const { entry } of named) {
    const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (mayHoldPrefix(key, options.prefix) && mayHoldLater(key, options.startAfter)) yield* walkFolder(full, key, options);
    } else if (key.startsWith(options.prefix) && (options.startAfter === undefined || byKeyOrder(key, options.startAfter) > 0)) {
      const info = await ifExists(stat(full));
      if (info) yield { key, size: info.size, lastModified: info.mtime };
    }
  }
}
