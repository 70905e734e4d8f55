import "server-only";
import type { Database } from "./client";

/** A transaction as Drizzle hands it to `db.transaction`'s callback; it is a Database too. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

// The transactions withTransaction opened: a context whose db is one of these is already inside.
const openTransactions = new WeakSet<object>();

/**
 * Runs `work` in one transaction, with a context whose `db` is that transaction, so every verb it
 * calls with that context writes in it too. On a context already inside one it joins it (no
 * savepoint): whatever fails, inner or outer, rolls the whole outermost transaction back.
 */
export async function withTransaction<Ctx extends { db: Database }, T>(ctx: Ctx, work: (ctx: Ctx & { db: Transaction }) => Promise<T>): Promise<T> {
  if (openTransactions.has(ctx.db)) return work(ctx as Ctx & { db: Transaction });
  return ctx.db.transaction(async (tx) => {
    openTransactions.add(tx);
    return work({ ...ctx, db: tx });
  });
}
