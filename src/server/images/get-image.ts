import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { images, type ImageRow } from "../db/schema";
import { notFound } from "../errors";

/** The caller's image row, or not-found (another owner's id answers like an unknown one). */
export async function getImageRow(ctx: ServiceContext, id: string): Promise<ImageRow> {
  const [row] = await ctx.db
    .select()
    .from(images)
    .where(and(eq(images.id, id), eq(images.ownerId, ctx.user.id)))
    .limit(1);
  if (!row) throw notFound("Image");
  return row;
}
