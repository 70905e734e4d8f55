import { formatDuration } from "../upload/progress-format";

export interface BackfillProgress {
  /** Rows handled so far: raised to the current version, or left because storage failed. */
  rowsDone: number;
  /** Rows below the current version when the run started. */
  rowsTotal: number;
  dated: number;
  unreadable: number;
  failed: number;
  secondsElapsed: number;
}

/** The one line a terminal redraws: "1204/10000 rows  310 dated  2 unreadable  0 failed  41.2 rows/s  ~3m 33s left". */
export function formatBackfillProgress(progress: BackfillProgress): string {
  const rate = progress.rowsDone / Math.max(progress.secondsElapsed, 0.001);
  const parts = [
    `${progress.rowsDone}/${progress.rowsTotal} rows`,
    `${progress.dated} dated`,
    `${progress.unreadable} unreadable`,
    `${progress.failed} failed`,
    `${rate.toFixed(1)} rows/s`,
  ];
  const left = progress.rowsTotal - progress.rowsDone;
  parts.push(left > 0 && progress.rowsDone > 0 ? `~${formatDuration(left / rate)} left` : `${formatDuration(progress.secondsElapsed)} elapsed`);
  return parts.join("  ");
}
