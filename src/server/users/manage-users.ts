import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { invites, sessions, users } from "../db/schema";
import { badRequest, notFound } from "../errors";
import { toUserDto, type UserDto } from "./user-dto";

/** Admin only (the route says so): every account. */
export async function listUsers(ctx: ServiceContext): Promise<UserDto[]> {
  return (await ctx.db.select().from(users).orderBy(asc(users.createdAt))).map(toUserDto);
}

export const UpdateUserInput = z.object({ disabled: z.boolean() });
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

/**
 * Disables or re-enables an account. Disabling takes effect at once: the sessions and unused
 * invites are deleted, the token check refuses the user's tokens and their share links answer 404.
 */
export async function updateUser(ctx: ServiceContext, id: string, input: UpdateUserInput): Promise<UserDto> {
  const { disabled } = UpdateUserInput.parse(input);
  if (id === ctx.user.id && disabled) throw badRequest("You can't disable your own account.");
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ banned: disabled, banReason: disabled ? "disabled by an admin" : null, updatedAt: ctx.now() })
      .where(eq(users.id, id))
      .returning();
    if (row && disabled) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
      // Re-enabling does not bring these back: a link someone was handed by a disabled admin stays dead.
      await tx.delete(invites).where(and(eq(invites.createdBy, id), isNull(invites.usedAt)));
    }
    return row;
  });
  if (!updated) throw notFound("User");
  ctx.logger.info({ userId: id, disabled, by: ctx.user.id }, "user updated");
  return toUserDto(updated);
}
