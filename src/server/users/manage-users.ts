import "server-only";
import { and, asc, eq, getTableColumns, isNull } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { assertNotTokenCaller } from "../auth/caller-scopes";
import { invites, sessions, userUsage, users } from "../db/schema";
import { badRequest, notFound } from "../errors";
import { QuotaInput, setQuota } from "../usage/set-quota";
import { toUserDto, type UserDto } from "./user-dto";

/** Admin only (the route says so): every account, with what it holds and its limits. */
export async function listUsers(ctx: ServiceContext): Promise<UserDto[]> {
  assertNotTokenCaller(ctx.user);
  const rows = await ctx.db.select({ user: getTableColumns(users), usage: getTableColumns(userUsage) }).from(users).leftJoin(userUsage, eq(userUsage.userId, users.id)).orderBy(asc(users.createdAt));
  return rows.map((row) => toUserDto(row.user, row.usage));
}

export const UpdateUserInput = z
  .object({ disabled: z.boolean().optional(), quota: QuotaInput.optional() })
  .strict()
  .refine((input) => input.disabled !== undefined || input.quota !== undefined, "must change disabled or quota");
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

/**
 * Disables or re-enables an account and/or sets its quota. Disabling takes effect at once: the
 * sessions and unused invites are deleted, the token check refuses the user's tokens and their
 * share links answer 404.
 */
export async function updateUser(ctx: ServiceContext, id: string, input: UpdateUserInput): Promise<UserDto> {
  assertNotTokenCaller(ctx.user);
  const { disabled, quota } = UpdateUserInput.parse(input);
  if (id === ctx.user.id && disabled) throw badRequest("You can't disable your own account.");
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] =
      disabled === undefined
        ? await tx.select().from(users).where(eq(users.id, id))
        : await tx
            .update(users)
            .set({ banned: disabled, banReason: disabled ? "disabled by an admin" : null, updatedAt: ctx.now() })
            .where(eq(users.id, id))
            .returning();
    if (!row) return null;
    if (disabled) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
      // Re-enabling does not bring these back: a link someone was handed by a disabled admin stays dead.
      await tx.delete(invites).where(and(eq(invites.createdBy, id), isNull(invites.usedAt)));
    }
    if (quota !== undefined) await setQuota(tx, id, quota);
    const [usage] = await tx.select().from(userUsage).where(eq(userUsage.userId, id));
    return { row, usage };
  });
  if (!updated) throw notFound("User");
  ctx.logger.info({ userId: id, disabled, quota, by: ctx.user.id }, "user updated");
  return toUserDto(updated.row, updated.usage);
}
