import "server-only";
import { and, eq, getTableColumns, gt, isNull, or } from "drizzle-orm";
import type { ServiceContext } from "../context";
import type { Database } from "../db/client";
import { apiTokens, users } from "../db/schema";
import { newestFirst } from "../db/newest-first-page";
import { notFound } from "../errors";
import { newId } from "../ids";
import { hashSecret, newSecret } from "./token-secret";
import { assertNotTokenCaller } from "../auth/caller-scopes";
import { TOKEN_SCOPES } from "@/lib/token-scopes";
import type { ApiTokenDto } from "@/contract/tokens";
import { CreateTokenInput, ListTokensInput } from "@/contract/tokens";

export const TOKEN_PREFIX = "pbt";
const LAST_USED_RESOLUTION_MS = 60_000; // don't write on every request

function toDto(row: typeof apiTokens.$inferSelect): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.tokenPrefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    scopes: TOKEN_SCOPES.filter((scope) => row.scopes.includes(scope)),
  };
}

/** Creates a named token for the caller. The secret is in this answer only; the row keeps a hash. */
export async function createApiToken(ctx: ServiceContext, input: CreateTokenInput): Promise<{ token: string; apiToken: ApiTokenDto }> {
  assertNotTokenCaller(ctx.user);
  const { name, expiresInDays, scopes } = CreateTokenInput.parse(input);
  const token = newSecret(TOKEN_PREFIX);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(apiTokens)
    .values({
      id: newId(),
      userId: ctx.user.id,
      name,
      tokenHash: hashSecret(token),
      tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 7),
      scopes,
      expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
      createdAt: now,
    })
    .returning();
  return { token, apiToken: toDto(row!) };
}

/** One page of the caller's tokens, newest first; exported so a test can EXPLAIN exactly what runs. */
export function tokenPageQuery(ctx: ServiceContext, input: ListTokensInput) {
  const page = newestFirst("tokens-newest", apiTokens.createdAt, apiTokens.id, input);
  const query = ctx.db
    .select({ ...getTableColumns(apiTokens), cursorKey: page.cursorKey })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, ctx.user.id), page.after))
    .orderBy(...page.orderBy)
    .limit(page.limit + 1);
  return { query, page };
}

/** The caller's tokens in every state (revoked ones too), newest first, keyset-paginated. */
export async function listApiTokens(ctx: ServiceContext, input: ListTokensInput = {}): Promise<{ tokens: ApiTokenDto[]; nextCursor: string | null }> {
  assertNotTokenCaller(ctx.user);
  const { query, page } = tokenPageQuery(ctx, input);
  const { rows, nextCursor } = page.page(await query, (row) => row.id);
  return { tokens: rows.map(toDto), nextCursor };
}

export async function revokeApiToken(ctx: ServiceContext, id: string): Promise<void> {
  assertNotTokenCaller(ctx.user);
  const revoked = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.user.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) {
    const [existing] = await ctx.db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.user.id)));
    if (!existing) throw notFound("Token");
  }
}

/**
 * The user a bearer token acts for, or null: unknown, revoked, expired, or its user disabled.
 * This deliberately looks across all users (the token is the credential), hence `unsafe`.
 */
export async function unsafeFindUserByApiToken(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, scopes: apiTokens.scopes, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || row.user.banned) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return { user: row.user, tokenId: row.tokenId, scopes: row.scopes };
}
