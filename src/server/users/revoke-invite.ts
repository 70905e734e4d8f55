import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { requireAdmin } from "../auth/caller-scopes";
import type { ServiceContext } from "../context";
import { invites } from "../db/schema";
import { conflict, notFound } from "../errors";

/**
 * Admin only: deletes an unused invite, so its link answers 404 from now on.
 * A used one stays as the record of who joined through it.
 */
export async function revokeInvite(ctx: ServiceContext, id: string): Promise<void> {
  requireAdmin(ctx);
  const [deleted] = await ctx.db.delete(invites).where(and(eq(invites.id, id), isNull(invites.usedAt))).returning({ id: invites.id });
  if (deleted) {
    ctx.logger.info({ inviteId: id, by: ctx.user.id }, "invite revoked");
    return;
  }
  const [existing] = await ctx.db.select({ id: invites.id }).from(invites).where(eq(invites.id, id)).limit(1);
  if (!existing) throw notFound("Invite");
  throw conflict("This invite was already used; disable the account instead.");
}
