import "server-only";
import { sql, type Column, type SQL } from "drizzle-orm";
import { images } from "../db/schema";
import type { KeyCast } from "../db/keyset";

import type { ImageSort } from "@/lib/gallery-query";

// The names live with the browser's gallery query; the SQL that serves each lives here.
export { imageSorts, type ImageSort } from "@/lib/gallery-query";

export interface SortSpec {
  /** The expression rows are ordered by, then by id; each has its own index in schema/images.ts. */
  key: SQL | Column;
  cast: KeyCast;
  direction: "asc" | "desc";
}

/** Date taken, falling back to the upload time; the same text as the index expression. */
export const takenOrUploaded = sql`coalesce(${images.takenAt}, ${images.createdAt})`;
const lowerName = sql`lower(${images.name})`;

export const sortSpecs: Record<ImageSort, SortSpec> = {
  newest: { key: images.createdAt, cast: "timestamptz", direction: "desc" },
  oldest: { key: images.createdAt, cast: "timestamptz", direction: "asc" },
  "taken-newest": { key: takenOrUploaded, cast: "timestamptz", direction: "desc" },
  "taken-oldest": { key: takenOrUploaded, cast: "timestamptz", direction: "asc" },
  name: { key: lowerName, cast: "text", direction: "asc" },
  largest: { key: images.size, cast: "bigint", direction: "desc" },
};
