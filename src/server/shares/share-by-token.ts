import "server-only";
import { and, eq } from "drizzle-orm";
import type { PublicContext } from "../context";
import { shares, users } from "../db/schema";
import { notFound } from "../errors";
import { hashSecret } from "../tokens/token-secret";
import { shareState, type ShareRow } from "./share-dto";

/**
 * The live share behind a token. Looks across all owners on purpose: the token is the credential
 * (only its SHA-256 is stored), hence `unsafe`. Unknown, expired, revoked and those of a disabled owner all answer
 * the same 404 (re-enabling the owner brings their links back).
 */
export async function unsafeGetActiveShare(ctx: PublicContext, token: string): Promise<ShareRow> {
  const [row] = await ctx.db
    .select({ share: shares })
    .from(shares)
    .innerJoin(users, and(eq(users.id, shares.ownerId), eq(users.banned, false)))
    .where(eq(shares.tokenHash, hashSecret(token)))
    .limit(1);
  if (!row || shareState(row.share, ctx.now()) !== "active") throw notFound("This share link");
  return row.share;
}
