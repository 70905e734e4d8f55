import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { images, type ImageRow } from "../db/schema";
import { notFound } from "../errors";
import { assertScope } from "../auth/caller-scopes";
import type { TokenScope } from "@/lib/token-scopes";

/**
 * The caller's image row, or not-found (another owner's id answers like an unknown one). `scope`:
 * what the caller means to do with it (reading, unless a verb such as delete looks it up).
 */
export async function getImageRow(ctx: ServiceContext, id: string, scope: TokenScope = "read"): Promise<ImageRow> {
  assertScope(ctx.user, scope);
  const [row] = await ctx.db
    .select()
    .from(images)
    .where(and(eq(images.id, id), eq(images.ownerId, ctx.user.id)))
    .limit(1);
  if (!row) throw notFound("Image");
  return row;
}
