import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertScope } from "../auth/caller-scopes";
import { images, uploads } from "../db/schema";
import { adjustUsage } from "../usage/adjust-usage";
import { getImageRow } from "./get-image";
import { DeleteImagesInput } from "@/contract/images";

/**
 * Storage first, then the rows: if storage fails the image stays listed and the user can retry,
 * instead of a row that points at nothing or bytes no one can see.
 */
async function removeImages(ctx: ServiceContext, rows: { id: string; key: string; thumbnailKey: string; previewKey: string | null; sharedKey: string | null }[]): Promise<number> {
  if (rows.length === 0) return 0;
  // The stripped copy share links serve goes too; the share rows lose the image by cascade.
  await ctx.storage.deleteMany(rows.flatMap((row) => [row.key, row.thumbnailKey, ...[row.previewKey, row.sharedKey].filter((key): key is string => key !== null)]));
  const ids = rows.map((row) => row.id);
  return withTransaction(ctx, async ({ db: tx }) => {
    const deleted = await tx
      .delete(images)
      .where(and(inArray(images.id, ids), eq(images.ownerId, ctx.user.id)))
      .returning({ id: images.id, size: images.size });
    await adjustUsage(tx, ctx.user.id, { images: -deleted.length, bytes: -deleted.reduce((sum, row) => sum + row.size, 0) });
    await tx.delete(uploads).where(and(inArray(uploads.id, ids), eq(uploads.ownerId, ctx.user.id)));
    return deleted.length;
  });
}

export async function deleteImage(ctx: ServiceContext, id: string): Promise<void> {
  const image = await getImageRow(ctx, id, "delete");
  await removeImages(ctx, [image]);
}

/** Deletes the caller's images among `ids`; ids that are unknown or someone else's are skipped. */
export async function deleteImages(ctx: ServiceContext, input: DeleteImagesInput): Promise<number> {
  assertScope(ctx.user, "delete");
  const { ids } = DeleteImagesInput.parse(input);
  const rows = await ctx.db
    .select({ id: images.id, key: images.key, thumbnailKey: images.thumbnailKey, previewKey: images.previewKey, sharedKey: images.sharedKey })
    .from(images)
    .where(and(inArray(images.id, [...new Set(ids)]), eq(images.ownerId, ctx.user.id)));
  return removeImages(ctx, rows);
}
