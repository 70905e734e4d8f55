import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { shares } from "../db/schema";
import { notFound } from "../errors";

/** Stops one of the caller's links at once (already revoked: nothing to do). Someone else's: 404. */
export async function revokeShare(ctx: ServiceContext, id: string): Promise<void> {
  assertScope(ctx.user, "share");
  const revoked = await ctx.db
    .update(shares)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(shares.id, id), eq(shares.ownerId, ctx.user.id), isNull(shares.revokedAt)))
    .returning({ id: shares.id });
  if (revoked.length > 0) return;
  const [existing] = await ctx.db.select({ id: shares.id }).from(shares).where(and(eq(shares.id, id), eq(shares.ownerId, ctx.user.id)));
  if (!existing) throw notFound("Share link");
}
