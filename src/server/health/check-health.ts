import "server-only";
import { sql } from "drizzle-orm";
import type { Runtime } from "../runtime";
import type { HealthReport } from "@/contract/health";

export type { HealthReport };

const CHECK_TIMEOUT_MS = 3000;

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Asks storage and the database for a cheap round trip each, in parallel, with a time limit. */
export async function checkHealth(runtime: Runtime): Promise<HealthReport> {
  const [storageOk, databaseOk] = await Promise.all([answers(() => runtime.storage.ping()), answers(() => runtime.db.execute(sql`select 1`))]);
  const failing = [...(storageOk ? [] : ["storage" as const]), ...(databaseOk ? [] : ["database" as const])];
  return {
    status: failing.length === 0 ? "ok" : "unavailable",
    storage: runtime.storage.kind,
    database: runtime.database.kind,
    ...(failing.length > 0 ? { failing } : {}),
  };
}
