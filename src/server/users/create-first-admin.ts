import "server-only";
import { count, sql } from "drizzle-orm";
import { LOCAL_OWNER_ID, type PublicContext } from "../context";
import { withTransaction } from "../db/with-transaction";
import { images, uploads, userUsage, users } from "../db/schema";
import { conflict } from "../errors";
import { unsafeCreateUser } from "./create-user";
import { type NewUserInput } from "@/contract/users";
import type { UserDto } from "./user-dto";

export async function hasAnyUser(ctx: Pick<PublicContext, "db">): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

/**
 * The one-time first-run step: creates the admin when there are no users yet, and hands them
 * everything uploaded before accounts existed. Only works while the user table is empty.
 */
export async function createFirstAdmin(ctx: PublicContext, input: Omit<NewUserInput, "role">): Promise<UserDto> {
  if (await hasAnyUser(ctx)) throw conflict("Pixbucket already has an admin; sign in instead.");
  const admin = await unsafeCreateUser(ctx, { ...input, role: "admin" });
  // Two racing first-run requests: the later one must not become a second admin.
  const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(users);
  if (n > 1) {
    await ctx.db.delete(users).where(sql`${users.id} = ${admin.id}`);
    throw conflict("Pixbucket already has an admin; sign in instead.");
  }
  await withTransaction(ctx, async ({ db: tx }) => {
    await tx.update(images).set({ ownerId: admin.id }).where(sql`${images.ownerId} = ${LOCAL_OWNER_ID}`);
    await tx.update(uploads).set({ ownerId: admin.id }).where(sql`${uploads.ownerId} = ${LOCAL_OWNER_ID}`);
    // The new admin has no usage row yet, so the inherited one simply changes hands.
    await tx.update(userUsage).set({ userId: admin.id }).where(sql`${userUsage.userId} = ${LOCAL_OWNER_ID}`);
  });
  ctx.logger.info({ userId: admin.id }, "first admin created");
  return admin;
}
