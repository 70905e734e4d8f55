import "server-only";
import type { DuplicateOf } from "@/contract/uploads";
import { and, asc, eq, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { images } from "../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type { DuplicateOf };

const sizeAndMd5 = (size: number, md5: string) => `${size}:${md5}`;

/**
 * The caller's images that already hold these files, by size and MD5 (what a single PUT declares
 * before it is sent), keyed `size:md5`. The oldest copy wins, so the answer is stable.
 */
export async function findDuplicatesByMd5(db: Database, ownerId: string, files: { size: number; md5: string }[]): Promise<Map<string, DuplicateOf>> {
  const found = new Map<string, DuplicateOf>();
  if (files.length === 0) return found;
  const rows = await db
    .select({ id: images.id, name: images.name, size: images.size, md5: images.md5 })
    .from(images)
    .where(and(eq(images.ownerId, ownerId), or(...files.map((file) => and(eq(images.size, file.size), eq(images.md5, file.md5))))))
    .orderBy(asc(images.createdAt), asc(images.id));
  for (const row of rows) {
    const key = sizeAndMd5(row.size, row.md5!);
    if (!found.has(key)) found.set(key, { id: row.id, name: row.name });
  }
  return found;
}

export function duplicateFor(found: Map<string, DuplicateOf>, file: { size: number; md5?: string }): DuplicateOf | undefined {
  return file.md5 ? found.get(sizeAndMd5(file.size, file.md5)) : undefined;
}

/** The caller's oldest image with exactly these bytes (SHA-256), as verification computed them. */
export async function findDuplicateByChecksum(tx: Database | Transaction, ownerId: string, sha256: string): Promise<DuplicateOf | null> {
  const [row] = await tx
    .select({ id: images.id, name: images.name })
    .from(images)
    .where(and(eq(images.ownerId, ownerId), eq(images.checksum, sha256)))
    .orderBy(asc(images.createdAt), asc(images.id))
    .limit(1);
  return row ?? null;
}
