import { formatBytes } from "@/lib/format-bytes";
import { formatDuration } from "../upload/progress-format";

export interface ReindexProgress {
  /** Objects handled so far (indexed, refused, skipped or already indexed). */
  objectsSeen: number;
  bytesRead: number;
  secondsElapsed: number;
  /** Objects under the prefix, once the counting listing has finished; until then unknown. */
  objectsTotal?: number;
}

/** The one line a terminal redraws: "1,204/10,000 objects  380 MB read  41.2 objects/s  ~3m 33s left". */
export function formatReindexProgress(progress: ReindexProgress): string {
  const rate = progress.objectsSeen / Math.max(progress.secondsElapsed, 0.001);
  const { objectsTotal } = progress;
  const counted = objectsTotal === undefined ? `${progress.objectsSeen} objects (counting…)` : `${progress.objectsSeen}/${objectsTotal} objects`;
  const parts = [counted, `${formatBytes(progress.bytesRead)} read`, `${rate.toFixed(1)} objects/s`];
  if (objectsTotal !== undefined && progress.objectsSeen > 0 && progress.objectsSeen < objectsTotal) {
    parts.push(`~${formatDuration((objectsTotal - progress.objectsSeen) / rate)} left`);
  } else {
    parts.push(`${formatDuration(progress.secondsElapsed)} elapsed`);
  }
  return parts.join("  ");
}
