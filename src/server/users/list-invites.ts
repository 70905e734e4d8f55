import "server-only";
import { desc, eq } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { invites, users } from "../db/schema";
import type { InviteDto } from "@/lib/api-types";

export type { InviteDto } from "@/lib/api-types";

const LIST_LIMIT = 200;

/**
 * Admin only (the route says so): the newest invites of every admin, since any admin may revoke
 * any link. Never the token: only its hash is stored, and the link was shown once.
 */
export async function listInvites(ctx: ServiceContext): Promise<InviteDto[]> {
  const rows = await ctx.db
    .select({ invite: invites, creatorEmail: users.email })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(LIST_LIMIT);
  const now = ctx.now().getTime();
  return rows.map(({ invite, creatorEmail }) => ({
    id: invite.id,
    email: invite.email,
    role: invite.role === "admin" ? "admin" : "user",
    state: invite.usedAt ? "used" : invite.expiresAt.getTime() <= now ? "expired" : "pending",
    createdBy: { id: invite.createdBy, email: creatorEmail },
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
    usedAt: invite.usedAt?.toISOString() ?? null,
  }));
}
