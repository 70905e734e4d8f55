import "server-only";
import type { CurrentUser } from "../context";
import type { UserRow } from "../db/schema";
import type { Runtime } from "../runtime";
import { unsafeFindUserByApiToken } from "../tokens/api-tokens";
import { TOKEN_SCOPES } from "@/lib/token-scopes";

/** A signed-in person: every scope. */
export function toSessionCaller(user: Pick<UserRow, "id" | "email" | "name" | "role">): CurrentUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role === "admin" ? "admin" : "user", scopes: TOKEN_SCOPES };
}

function toTokenCaller(user: Pick<UserRow, "id" | "email" | "name" | "role">, tokenId: string, scopes: string[]): CurrentUser {
  const known = TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
  return { ...toSessionCaller(user), tokenId, scopes: known };
}

/**
 * The caller of a request: `Authorization: Bearer <api token>` first, else the session cookie.
 * Null when neither holds — including a disabled user, whose sessions are revoked and whose
 * tokens are refused.
 */
export async function resolveCaller(runtime: Runtime, request: Request): Promise<CurrentUser | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const found = await unsafeFindUserByApiToken(runtime.db, match[1]!, new Date());
    return found ? toTokenCaller(found.user, found.tokenId, found.scopes) : null;
  }
  const session = await runtime.auth.api.getSession({ headers: request.headers }).catch(() => null);
  if (!session || (session.user as { banned?: boolean | null }).banned) return null;
  return toSessionCaller(session.user as Pick<UserRow, "id" | "email" | "name" | "role">);
}
