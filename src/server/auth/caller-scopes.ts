import "server-only";
import type { CurrentUser } from "../context";
import { AppError } from "../errors";
import type { TokenScope } from "@/lib/token-scopes";

/**
 * Refuses a token caller whose token lacks `scope` (403, naming it). A signed-in person holds
 * every scope. Services call this first, so a route cannot forget it.
 */
export function assertScope(user: CurrentUser, scope: TokenScope): void {
  if (user.scopes.includes(scope)) return;
  throw new AppError("forbidden", `This API token does not have the '${scope}' scope. Create a token with it under Settings → API tokens.`);
}

/** Tokens, users and invites are managed by a signed-in person only: a leaked token cannot mint more. */
export function assertNotTokenCaller(user: CurrentUser): void {
  if (user.tokenId === undefined) return;
  throw new AppError("forbidden", "An API token cannot manage API tokens, users or invites. Sign in to do this.");
}

/**
 * Refuses anyone but an admin (403). Admin verbs call it themselves, first, so a caller that is
 * not a route (the CLI, a test, another verb) cannot skip it; the routes' `access: "admin"` is a second guard.
 */
export function requireAdmin(ctx: { user: CurrentUser }): void {
  if (ctx.user.role === "admin") return;
  throw new AppError("forbidden", "Only an admin can do this.");
}
