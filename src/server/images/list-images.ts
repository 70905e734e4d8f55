import "server-only";
import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { images } from "../db/schema";
import { toImageDto, type ImageDto } from "./image-dto";
import { decodeCursor, encodeCursor } from "./page-cursor";

export const ListImagesInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(60),
  cursor: z.string().min(1).max(200).optional(),
  q: z.string().trim().max(200).optional(),
});
export type ListImagesInput = z.input<typeof ListImagesInput>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** Newest first, keyset-paginated: page 100 costs what page 1 does. */
export async function listImages(ctx: ServiceContext, input: ListImagesInput): Promise<{ images: ImageDto[]; nextCursor: string | null }> {
  const { limit, cursor, q } = ListImagesInput.parse(input);
  const conditions: (SQL | undefined)[] = [eq(images.ownerId, ctx.user.id)];
  if (cursor) {
    const after = decodeCursor(cursor);
    conditions.push(or(lt(images.createdAt, after.createdAt), and(eq(images.createdAt, after.createdAt), lt(images.id, after.id))));
  }
  if (q) conditions.push(ilike(images.name, `%${escapeLike(q)}%`));

  const rows = await ctx.db
    .select()
    .from(images)
    .where(and(...conditions))
    .orderBy(desc(images.createdAt), desc(images.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    images: await Promise.all(page.map((row) => toImageDto(ctx, row))),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
