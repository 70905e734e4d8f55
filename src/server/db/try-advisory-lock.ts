import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "./client";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Takes a Postgres advisory lock for the rest of the transaction, or answers false at once when
 * another instance holds it: how background jobs run once across instances sharing the database.
 */
export async function tryAdvisoryXactLock(tx: Transaction, lockId: number): Promise<boolean> {
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${lockId}) as locked`);
  const [row] = (result as unknown as { rows: { locked: boolean }[] }).rows;
  return row?.locked === true;
}
