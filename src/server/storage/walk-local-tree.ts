import "server-only";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ListedObject } from "./driver";

/** Orders names as their keys sort in S3 listings: by UTF-8 bytes, a folder as `name/`. */
function byKeyOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Could a key under the folder `folderKey/` start with `prefix`? */
function mayHoldPrefix(folderKey: string, prefix: string): boolean {
  const folderPrefix = `${folderKey}/`;
  return folderPrefix.startsWith(prefix) || prefix.startsWith(folderPrefix);
}

/**
 * The files under `root` whose keys start with `prefix`, one at a time in key order, as an S3
 * listing would give them. Only one folder's entries are held at a time per level, so a tree of
 * millions of files walks in bounded memory; folders that cannot hold the prefix are not entered.
 */
export async function* walkLocalTree(root: string, prefix: string, skipTopLevel: ReadonlySet<string>): AsyncGenerator<ListedObject> {
  yield* walkFolder(root, "", prefix, skipTopLevel);
}

async function* walkFolder(dir: string, folderKey: string, prefix: string, skipTopLevel: ReadonlySet<string>): AsyncGenerator<ListedObject> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const named = entries
    .filter((entry) => !(folderKey === "" && skipTopLevel.has(entry.name)) && (entry.isDirectory() || entry.isFile()))
    .map((entry) => ({ entry, sortName: entry.isDirectory() ? `${entry.name}/` : entry.name }))
    .sort((a, b) => byKeyOrder(a.sortName, b.sortName));
  for (const { entry } of named) {
    const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (mayHoldPrefix(key, prefix)) yield* walkFolder(full, key, prefix, skipTopLevel);
    } else if (key.startsWith(prefix)) {
      // A file removed between readdir and stat is simply no longer listed.
      const info = await stat(full).catch(() => null);
      if (info) yield { key, size: info.size, lastModified: info.mtime };
    }
  }
}
