"use client";

import { BanIcon, PauseIcon, PlayIcon, RotateCwIcon, Trash2Icon, WifiOffIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { formatDuration } from "@/components/uploader/estimate-seconds-left";
import { formatBytes, formatBytesPerSecond } from "@/lib/format-bytes";
import type { UploadSnapshot } from "./upload-store";

/** Overall progress across the list plus the bulk actions. */
export function UploadSummary({
  snapshot,
  onCancelAll,
  onRetryFailed,
  onClearFinished,
  onPauseAll,
  onResumeAll,
}: {
  snapshot: UploadSnapshot;
  onCancelAll: () => void;
  onRetryFailed: () => void;
  onClearFinished: () => void;
  onPauseAll: () => void;
  onResumeAll: () => void;
}) {
  const { progress, bytesPerSecond, secondsLeft, isPaused, isOffline, inFlightCount, cancellableCount, retryableCount, settledCount } = snapshot;
  const percent = Math.round(progress.fraction * 100);
  const files = `${progress.filesTotal === 1 ? "file" : "files"}`;
  const headline = progress.isActive
    ? isOffline
      ? `Offline — ${inFlightCount} of ${progress.filesTotal} ${files} waiting`
      : isPaused
        ? `Paused — ${inFlightCount} of ${progress.filesTotal} ${files} waiting`
        : `Uploading ${inFlightCount} of ${progress.filesTotal} ${files}`
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
            {progress.isActive && secondsLeft !== undefined ? ` · about ${formatDuration(secondsLeft)} left` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {progress.isActive &&
            (isPaused ? (
              <Button variant="outline" size="sm" onClick={onResumeAll}>
                <PlayIcon aria-hidden="true" />
                Resume all
              </Button>
            ) : (
              <Button variant="outline" size="sm" onClick={onPauseAll}>
                <PauseIcon aria-hidden="true" />
                Pause all
              </Button>
            ))}
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
      {isOffline && progress.isActive && (
        <p role="status" data-testid="offline-notice" className="flex items-center gap-2 text-sm text-muted-foreground">
          <WifiOffIcon className="size-4 shrink-0" aria-hidden="true" />
          You are offline. Uploads are paused and continue by themselves when the connection is back; parts already sent are kept.
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {settledMessage}
      </p>
    </section>
  );
}
