import "server-only";
import { APIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { assertNotTokenCaller, requireAdmin } from "../auth/caller-scopes";
import type { PublicContext, ServiceContext } from "../context";
import { users } from "../db/schema";
import { conflict } from "../errors";
import { toUserDto, type UserDto } from "./user-dto";
import { NewUserInput } from "@/contract/users";

/**
 * Creates an account with a password, through the auth library's trusted server call (no session
 * needed: callers of this function have already checked who may create users).
 */
export async function unsafeCreateUser(ctx: PublicContext, input: NewUserInput): Promise<UserDto> {
  const { email, name, password, role } = NewUserInput.parse(input);
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw conflict(`An account for ${email} already exists.`);
  try {
    const created = await ctx.auth.api.createUser({ body: { email, name, password, role } });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, created.user.id));
    return toUserDto(row!);
  } catch (error) {
    if (error instanceof APIError) throw conflict(error.message || `An account for ${email} could not be created.`);
    throw error;
  }
}

/** An admin creating an account: with a session, never an API token. */
export async function createUser(ctx: ServiceContext, input: NewUserInput): Promise<UserDto> {
  requireAdmin(ctx);
  assertNotTokenCaller(ctx.user);
  return unsafeCreateUser(ctx, input);
}
