import type { ReconcileRunDto } from "@/contract/admin";

/** The latest reconcile runs, as the server rendered them (Settings → Storage). */
export function ReconcileReports({ runs }: { runs: ReconcileRunDto[] }) {
  if (runs.length === 0) return <p className="text-sm text-muted-foreground">No reconcile has run yet (the sweeper runs one a day; or: pixbucket reconcile).</p>;
  return (
    <ul className="flex flex-col gap-2 text-sm" data-testid="reconcile-reports">
      {runs.map((run) => (
        <li key={run.id}>
          <span className="font-medium">{new Date(run.startedAt).toLocaleString()}</span> ({run.trigger}{run.isDryRun ? ", dry run" : ""}
          {run.finishedAt ? "" : ", running"}):{" "}
          {run.counts
            ? `${run.counts.imagesChecked} images checked, ${run.counts.markedMissing} marked missing, ${run.counts.renditionsRegenerated} thumbnails redrawn, ${run.counts.orphansRemoved} orphans removed, ${run.counts.errors} errors`
            : "no counts yet"}
          {run.samples &&
            [...run.samples.missing.map((key) => `missing: ${key}`), ...run.samples.orphans.map((key) => `orphan: ${key}`), ...run.samples.errors.map((text) => `error: ${text}`)].map((line) => (
              <div key={line} className="truncate font-mono text-xs text-muted-foreground">
                {line}
              </div>
            ))}
        </li>
      ))}
    </ul>
  );
}
