import "server-only";
import type { ReconcileRunDto } from "@/contract/admin";
import { requireAdmin } from "../auth/caller-scopes";
import type { CurrentUser } from "../context";
import type { Database } from "../db/client";
import { listReconcileRuns } from "./reconcile-storage";

/** The latest reconcile reports for Settings → Storage; admins only (they name keys of every owner). */
export async function listReconcileReports(deps: { db: Database; user: CurrentUser }): Promise<ReconcileRunDto[]> {
  requireAdmin(deps);
  const runs = await listReconcileRuns(deps, 5);
  return runs.map((run) => ({
    id: run.id,
    trigger: run.trigger,
    isDryRun: run.isDryRun,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts: run.counts ?? null,
    samples: run.samples ? { missing: run.samples.missing, orphans: run.samples.orphans, errors: run.samples.errors } : null,
  }));
}
