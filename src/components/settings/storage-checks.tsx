"use client";

import { useMutation } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { requestJson } from "@/client/api-client";
import type { StorageCheckDto } from "@/contract/admin";

const statusVariant = { ok: "success", warn: "outline", fail: "destructive" } as const;

/** Runs the doctor's checks on the server when asked (each run makes a dozen storage requests). */
export function StorageChecks() {
  const run = useMutation({
    mutationFn: () => requestJson<{ checks: StorageCheckDto[] }>("/api/admin/storage-check").then((body) => body.checks),
  });
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Button type="button" onClick={() => run.mutate()} disabled={run.isPending} data-testid="run-storage-checks">
          {run.isPending ? "Checking…" : "Check storage"}
        </Button>
      </div>
      {run.error && <p className="text-sm text-destructive">{run.error.message}</p>}
      {run.data && (
        <ul className="flex flex-col gap-2" data-testid="storage-checks">
          {run.data.map((check) => (
            <li key={check.name} className="text-sm" data-status={check.status}>
              <Badge variant={statusVariant[check.status]}>{check.status}</Badge> <span className="font-medium">{check.name}</span> — {check.message}
              {check.fix && <pre className="mt-1 overflow-x-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap">{check.fix}</pre>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
