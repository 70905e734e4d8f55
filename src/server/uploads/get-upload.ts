import "server-only";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { uploads, type UploadRow } from "../db/schema";
import { notFound } from "../errors";

/** The caller's upload, or not-found: another owner's id answers exactly like an unknown one. */
export async function getUpload(ctx: ServiceContext, id: string): Promise<UploadRow> {
  const [row] = await ctx.db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.ownerId, ctx.user.id)))
    .limit(1);
  if (!row) throw notFound("Upload");
  return row;
}
