import "server-only";
import { eq } from "drizzle-orm";
import { requireAdmin } from "../auth/caller-scopes";
import type { ServiceContext } from "../context";
import { invites, users } from "../db/schema";
import { newestFirst } from "../db/newest-first-page";
import type { InviteDto } from "@/contract/invites";
import { ListInvitesInput } from "@/contract/invites";

export type { InviteDto } from "@/contract/invites";

/** One page of invites, newest first; exported so a test can EXPLAIN exactly what runs. */
export function invitePageQuery(ctx: ServiceContext, input: ListInvitesInput) {
  const page = newestFirst("invites-newest", invites.createdAt, invites.id, input);
  const query = ctx.db
    .select({ invite: invites, creatorEmail: users.email, cursorKey: page.cursorKey })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .where(page.after)
    .orderBy(...page.orderBy)
    .limit(page.limit + 1);
  return { query, page };
}

/**
 * Admin only: the invites of every admin, newest first, since any admin may
 * revoke any link. Never the token: only its hash is stored, and the link was shown once.
 */
export async function listInvites(ctx: ServiceContext, input: ListInvitesInput = {}): Promise<{ invites: InviteDto[]; nextCursor: string | null }> {
  requireAdmin(ctx);
  const { query, page } = invitePageQuery(ctx, input);
  const { rows, nextCursor } = page.page(await query, (row) => row.invite.id);
  const now = ctx.now().getTime();
  return {
    invites: rows.map(({ invite, creatorEmail }) => ({
      id: invite.id,
      email: invite.email,
      role: invite.role === "admin" ? "admin" : "user",
      state: invite.usedAt ? "used" : invite.expiresAt.getTime() <= now ? "expired" : "pending",
      createdBy: { id: invite.createdBy, email: creatorEmail },
      createdAt: invite.createdAt.toISOString(),
      expiresAt: invite.expiresAt.toISOString(),
      usedAt: invite.usedAt?.toISOString() ?? null,
    })),
    nextCursor,
  };
}
