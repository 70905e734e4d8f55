import { boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** What one reconcile run found and did: counts, and the first keys of each kind. Settings → Storage shows the latest. */
export interface ReconcileCounts {
  imagesChecked: number;
  markedMissing: number;
  foundAgain: number;
  renditionsRegenerated: number;
  objectsListed: number;
  orphansRemoved: number;
  orphanBytes: number;
  errors: number;
}

export interface ReconcileSamples {
  missing: string[];
  regenerated: string[];
  orphans: string[];
  errors: string[];
}

export const reconcileRuns = pgTable(
  "reconcile_runs",
  {
    id: text("id").primaryKey(),
    /** `schedule` (the in-app sweeper) or `cli` (`pixbucket reconcile`). */
    trigger: text("trigger").notNull(),
    isDryRun: boolean("is_dry_run").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Null while running (or when the instance died mid-run). */
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    counts: jsonb("counts").$type<ReconcileCounts>(),
    samples: jsonb("samples").$type<ReconcileSamples>(),
  },
  (table) => [index("reconcile_runs_started_id_idx").on(table.startedAt, table.id)],
);

export type ReconcileRunRow = typeof reconcileRuns.$inferSelect;
