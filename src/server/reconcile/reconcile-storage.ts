import "server-only";
import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import { tryAdvisoryXactLock } from "../db/try-advisory-lock";
import { newId } from "../ids";
import { reconcileRuns, type ReconcileRunRow } from "../db/schema";
import { checkImageObjects } from "./check-image-objects";
import { ReconcileTally, type ReconcileDeps } from "./reconcile-deps";
import { sweepOrphans } from "./sweep-orphans";

/** Any constant shared by all instances; names the reconciler's advisory lock (the sweeper has its own). */
const RECONCILE_LOCK_ID = 7_251_002;
/** A run with no finish this old died with its instance; another may start. */
const STALE_RUN_MS = 6 * 3600 * 1000;
const KEPT_RUNS = 50;

export interface ReconcileOptions {
  trigger: "schedule" | "cli";
  isDryRun?: boolean;
}

/** A run started within the stale window that has not finished: a range of reconcile_runs_started_id_idx. */
export function runningRunQuery(db: Pick<ReconcileDeps["db"], "select">, now: Date) {
  return db
    .select({ id: reconcileRuns.id })
    .from(reconcileRuns)
    .where(and(isNull(reconcileRuns.finishedAt), gt(reconcileRuns.startedAt, new Date(now.getTime() - STALE_RUN_MS))))
    .limit(1);
}

/**
 * Claims the next run under a transaction-scoped advisory lock, so of several instances exactly
 * one starts it: the lock serialises the claim, the inserted row (unfinished) keeps the others out
 * while the run goes on outside any transaction. The schedule also waits out the interval.
 */
async function claimRun(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileRunRow | null> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    if (!(await tryAdvisoryXactLock(tx, RECONCILE_LOCK_ID))) return null;
    if ((await runningRunQuery(tx, now)).length > 0) return null;
    const [latest] = await reconcileRunsQuery(tx, 1);
    const intervalMs = deps.config.uploads.reconcileIntervalSeconds * 1000;
    if (options.trigger === "schedule" && latest && now.getTime() - latest.startedAt.getTime() < intervalMs) return null;
    const [run] = await tx
      .insert(reconcileRuns)
      .values({ id: newId(), trigger: options.trigger, isDryRun: options.isDryRun === true, startedAt: now })
      .returning();
    return run ?? null;
  });
}

/**
 * Keeps index and bucket true to each other: rows whose original vanished are marked missing,
 * lost renditions are drawn again, and objects under Pixbucket's prefixes that nothing owns are
 * deleted. Returns the finished report, or null when another run holds the turn.
 */
export async function reconcileStorage(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileRunRow | null> {
  const run = await claimRun(deps, options);
  if (!run) return null;
  const tally = new ReconcileTally();
  const isDryRun = options.isDryRun === true;
  try {
    await checkImageObjects(deps, tally, isDryRun);
    await sweepOrphans(deps, tally, isDryRun);
  } catch (error) {
    tally.error("(run)", error);
    deps.logger.warn({ err: error }, "reconcile stopped early");
  }
  const [finished] = await deps.db
    .update(reconcileRuns)
    .set({ finishedAt: deps.now(), counts: tally.counts, samples: tally.samples })
    .where(eq(reconcileRuns.id, run.id))
    .returning();
  await pruneOldRuns(deps);
  deps.logger.info({ ...tally.counts, isDryRun }, "reconciled index and storage");
  return finished ?? null;
}

async function pruneOldRuns(deps: ReconcileDeps): Promise<void> {
  const [oldest] = await deps.db.select({ startedAt: reconcileRuns.startedAt }).from(reconcileRuns).orderBy(desc(reconcileRuns.startedAt)).offset(KEPT_RUNS - 1).limit(1);
  if (oldest) await deps.db.delete(reconcileRuns).where(lt(reconcileRuns.startedAt, oldest.startedAt));
}

/** The latest runs, newest first, for Settings → Storage; walks reconcile_runs_started_idx backwards. */
export function reconcileRunsQuery(db: Pick<ReconcileDeps["db"], "select">, limit = 5) {
  return db.select().from(reconcileRuns).orderBy(desc(reconcileRuns.startedAt), desc(reconcileRuns.id)).limit(limit);
}

export async function listReconcileRuns(deps: Pick<ReconcileDeps, "db">, limit = 5): Promise<ReconcileRunRow[]> {
  return reconcileRunsQuery(deps.db, limit);
}
