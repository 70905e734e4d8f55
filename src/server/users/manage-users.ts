import "server-only";
import { and, eq, getTableColumns, isNull } from "drizzle-orm";
import type { ServiceContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { assertNotTokenCaller, requireAdmin } from "../auth/caller-scopes";
import { invites, sessions, userUsage, users } from "../db/schema";
import { newestFirst } from "../db/newest-first-page";
import { badRequest, notFound } from "../errors";
import { setQuota } from "../usage/set-quota";
import { ListUsersInput, UpdateUserInput } from "@/contract/users";
import { toUserDto, type UserDto } from "./user-dto";

/** One page of accounts, newest first; exported so a test can EXPLAIN exactly what runs. */
export function userPageQuery(ctx: ServiceContext, input: ListUsersInput) {
  const page = newestFirst("users-newest", users.createdAt, users.id, input);
  const query = ctx.db
    .select({ user: getTableColumns(users), usage: getTableColumns(userUsage), cursorKey: page.cursorKey })
    .from(users)
    .leftJoin(userUsage, eq(userUsage.userId, users.id))
    .where(page.after)
    .orderBy(...page.orderBy)
    .limit(page.limit + 1);
  return { query, page };
}

/** Admin only: every account, with what it holds and its limits, newest first. */
export async function listUsers(ctx: ServiceContext, input: ListUsersInput = {}): Promise<{ users: UserDto[]; nextCursor: string | null }> {
  requireAdmin(ctx);
  assertNotTokenCaller(ctx.user);
  const { query, page } = userPageQuery(ctx, input);
  const { rows, nextCursor } = page.page(await query, (row) => row.user.id);
  return { users: rows.map((row) => toUserDto(row.user, row.usage)), nextCursor };
}

/**
 * Disables or re-enables an account and/or sets its quota. Disabling takes effect at once: the
 * sessions and unused invites are deleted, the token check refuses the user's tokens and their
 * share links answer 404.
 */
export async function updateUser(ctx: ServiceContext, id: string, input: UpdateUserInput): Promise<UserDto> {
  requireAdmin(ctx);
  assertNotTokenCaller(ctx.user);
  const { disabled, quota } = UpdateUserInput.parse(input);
  if (id === ctx.user.id && disabled) throw badRequest("You can't disable your own account.");
  const updated = await withTransaction(ctx, async ({ db: tx }) => {
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
