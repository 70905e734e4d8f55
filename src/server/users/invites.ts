import "server-only";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { PublicContext, ServiceContext } from "../context";
import { assertNotTokenCaller, requireAdmin } from "../auth/caller-scopes";
import { invites, users } from "../db/schema";
import { AppError, notFound } from "../errors";
import { newId } from "../ids";
import { hashSecret, newSecret } from "../tokens/token-secret";
import { unsafeCreateUser } from "./create-user";
import { NewAccountInput } from "@/contract/users";
import type { UserDto } from "./user-dto";
import { CreateInviteInput } from "@/contract/invites";

/** Admin only: a single-use link that lets one person create their account. */
export async function createInvite(ctx: ServiceContext, input: CreateInviteInput): Promise<{ token: string; path: string; expiresAt: string }> {
  requireAdmin(ctx);
  assertNotTokenCaller(ctx.user);
  const { email, role, expiresInDays } = CreateInviteInput.parse(input);
  const token = newSecret("pbi");
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000);
  await ctx.db.insert(invites).values({ id: newId(), tokenHash: hashSecret(token), email: email ?? null, role, createdBy: ctx.user.id, expiresAt, createdAt: now });
  return { token, path: `/invite/${token}`, expiresAt: expiresAt.toISOString() };
}

/** Public: turns a valid invite into an account. The invite is claimed first, so it works once. */
export async function acceptInvite(ctx: PublicContext, token: string, input: z.input<typeof NewAccountInput>): Promise<UserDto> {
  const parsed = NewAccountInput.parse(input);
  const [claimed] = await ctx.db
    .update(invites)
    .set({ usedAt: ctx.now() })
    .where(
      and(
        eq(invites.tokenHash, hashSecret(token)),
        isNull(invites.usedAt),
        gt(invites.expiresAt, ctx.now()),
        // Disabling deletes the creator's invites; this covers one created in the same instant.
        inArray(invites.createdBy, ctx.db.select({ id: users.id }).from(users).where(eq(users.banned, false))),
      ),
    )
    .returning();
  if (!claimed) throw notFound("Invite");
  if (claimed.email && claimed.email.toLowerCase() !== parsed.email.toLowerCase()) {
    await ctx.db.update(invites).set({ usedAt: null }).where(eq(invites.id, claimed.id));
    throw new AppError("forbidden", `This invite is for ${claimed.email}.`);
  }
  try {
    return await unsafeCreateUser(ctx, { ...parsed, role: claimed.role === "admin" ? "admin" : "user" });
  } catch (error) {
    await ctx.db.update(invites).set({ usedAt: null }).where(eq(invites.id, claimed.id)); // let them try again
    throw error;
  }
}
