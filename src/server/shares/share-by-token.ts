import "server-only";
import { eq } from "drizzle-orm";
import type { PublicContext } from "../context";
import type { Database } from "../db/client";
import { shares } from "../db/schema";
import { notFound } from "../errors";
import { hashSecret } from "../tokens/token-secret";
import { shareState, type ShareRow } from "./share-dto";

/**
 * The share a link token names, in any state, or null. Looks across all owners on purpose: the
 * token is the credential (only its SHA-256 is stored), hence `unsafe`.
 */
export async function unsafeFindShareByToken(db: Database, token: string): Promise<ShareRow | null> {
  const [row] = await db.select().from(shares).where(eq(shares.tokenHash, hashSecret(token))).limit(1);
  return row ?? null;
}

/** The live share behind a token; unknown, expired and revoked all answer the same 404. */
export async function unsafeGetActiveShare(ctx: PublicContext, token: string): Promise<ShareRow> {
  const share = await unsafeFindShareByToken(ctx.db, token);
  if (!share || shareState(share, ctx.now()) !== "active") throw notFound("This share link");
  return share;
}
