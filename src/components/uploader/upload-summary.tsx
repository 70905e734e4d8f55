"use client";

import { BanIcon, RotateCwIcon, Trash2Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { formatBytes, formatBytesPerSecond } from "@/lib/format-bytes";
import type { UploadSnapshot } from "./upload-store";

/** Overall progress across the list plus the bulk actions. */
export function UploadSummary({
  snapshot,
  onCancelAll,
  onRetryFailed,
  onClearFinished,
}: {
  snapshot: UploadSnapshot;
  onCancelAll: () => void;
  onRetryFailed: () => void;
  onClearFinished: () => void;
}) {
  const { progress, bytesPerSecond, inFlightCount, cancellableCount, retryableCount, settledCount } = snapshot;
  const percent = Math.round(progress.fraction * 100);
  const headline = progress.isActive
    ? `Uploading ${inFlightCount} of ${progress.filesTotal} ${progress.filesTotal === 1 ? "file" : "files"}`
    : progress.filesFailed > 0
      ? `Finished with ${progress.filesFailed} ${progress.filesFailed === 1 ? "failure" : "failures"}`
      : "All uploads finished";
  const settledMessage = progress.isActive
    ? ""
    : `${progress.filesDone} uploaded${progress.filesFailed > 0 ? `, ${progress.filesFailed} failed` : ""}.`;

  return (
    <section aria-label="Upload progress" data-testid="upload-summary" className="flex flex-col gap-3 rounded-xl border bg-card p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{headline}</h2>
          <p className="text-xs text-muted-foreground tabular-nums" data-testid="overall-progress-text">
            {progress.filesDone} of {progress.filesTotal} done
            {progress.filesFailed > 0 ? ` · ${progress.filesFailed} failed` : ""} · {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}
            {progress.isActive && bytesPerSecond > 0 ? ` · ${formatBytesPerSecond(bytesPerSecond)}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {retryableCount > 0 && (
            <Button variant="outline" size="sm" onClick={onRetryFailed}>
              <RotateCwIcon aria-hidden="true" />
              Retry failed ({retryableCount})
            </Button>
          )}
          {cancellableCount > 0 && (
            <Button variant="outline" size="sm" onClick={onCancelAll}>
              <BanIcon aria-hidden="true" />
              Cancel all
            </Button>
          )}
          {settledCount > 0 && (
            <Button variant="ghost" size="sm" onClick={onClearFinished}>
              <Trash2Icon aria-hidden="true" />
              Clear finished
            </Button>
          )}
        </div>
      </div>
      <Progress value={percent} aria-label="Overall upload progress" data-testid="overall-progress" />
      <p className="sr-only" aria-live="polite">
        {settledMessage}
      </p>
    </section>
  );
}
