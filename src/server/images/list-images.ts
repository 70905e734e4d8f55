import "server-only";
import { and, asc, desc, eq, exists, getTableColumns, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { albumImages, images } from "../db/schema";
import { getAlbumRow } from "../albums/get-album";
import { keyAsText, rowsAfter } from "../db/keyset";
import { badRequest } from "../errors";
import { toImageDto, type ImageDto } from "./image-dto";
import { sortSpecs, takenOrUploaded } from "./image-sorts";
import { decodeCursor, encodeCursor, fingerprint } from "./page-cursor";
import { ListImagesInput } from "@/contract/images";

/** One value or the parameter repeated (`?type=a&type=b`), as the route's query parser hands it over. */

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** A bare date means the whole day: `takenTo=2024-05-01` includes that day. */
function takenBounds(from: string | undefined, to: string | undefined): { from?: Date; toExclusive?: Date } {
  const fromDate = from ? new Date(from) : undefined;
  const toDate = to ? new Date(to.length === 10 ? new Date(to).getTime() + 86_400_000 : to) : undefined;
  if (fromDate && toDate && fromDate >= toDate) throw badRequest("takenFrom must be before takenTo.");
  return { from: fromDate, toExclusive: toDate };
}

// Postgres' answers to a cursor key it cannot read as its type: that cursor was forged or mangled.
const BAD_VALUE_CODES = new Set(["22007", "22008", "22P02", "22003"]);
function isBadValueError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  return typeof code === "string" && BAD_VALUE_CODES.has(code);
}

/**
 * The query for one page of the caller's images: any sort, filtered by name, type and date taken,
 * keyset-paginated on the sort's own index, so page 1000 costs what page 1 does. Exported so a test
 * can EXPLAIN exactly what runs.
 */
export function imagePageQuery(ctx: ServiceContext, input: ListImagesInput) {
  const { limit, cursor, q, sort, type, takenFrom, takenTo, album } = ListImagesInput.parse(input);
  const spec = sortSpecs[sort];
  const types = type ? [...new Set(type)].sort() : undefined;
  const scope = { sort, filters: fingerprint({ q: q || null, types: types ?? null, takenFrom: takenFrom ?? null, takenTo: takenTo ?? null, album: album ?? null }) };
  const taken = takenBounds(takenFrom, takenTo);

  const conditions: (SQL | undefined)[] = [eq(images.ownerId, ctx.user.id)];
  if (cursor) conditions.push(rowsAfter(spec.key, images.id, decodeCursor(cursor, scope), spec.cast, spec.direction));
  if (q) conditions.push(sql`lower(${images.name}) like ${`%${escapeLike(q.toLowerCase())}%`}`);
  if (types) conditions.push(inArray(images.type, types));
  if (taken.from) conditions.push(gte(takenOrUploaded, taken.from));
  if (taken.toExclusive) conditions.push(lt(takenOrUploaded, taken.toExclusive));
  // Walks the sort's own index and keeps the album's members (each a primary-key probe).
  if (album) conditions.push(exists(ctx.db.select({ one: sql`1` }).from(albumImages).where(and(eq(albumImages.albumId, album), eq(albumImages.imageId, images.id)))));

  const order = spec.direction === "desc" ? desc : asc;
  const query = ctx.db
    .select({ ...getTableColumns(images), cursorKey: keyAsText(spec.key) })
    .from(images)
    .where(and(...conditions))
    .orderBy(order(spec.key), order(images.id))
    .limit(limit + 1);
  return { query, scope, limit, hasCursor: Boolean(cursor) };
}

export async function listImages(ctx: ServiceContext, input: ListImagesInput): Promise<{ images: ImageDto[]; nextCursor: string | null }> {
  assertScope(ctx.user, "read");
  if (input.album) await getAlbumRow(ctx, input.album); // another owner's album answers 404, as an unknown one
  const { query, scope, limit, hasCursor } = imagePageQuery(ctx, input);
  let rows;
  try {
    rows = await query;
  } catch (error) {
    if (hasCursor && isBadValueError(error)) throw badRequest("The cursor is not valid; start again from the first page.");
    throw error;
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    images: await Promise.all(page.map((row) => toImageDto(ctx, row))),
    nextCursor: rows.length > limit && last ? encodeCursor(scope, { key: last.cursorKey, id: last.id }) : null,
  };
}
