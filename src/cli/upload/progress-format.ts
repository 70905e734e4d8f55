import { formatBytes, formatBytesPerSecond } from "@/lib/format-bytes";

export interface ProgressSnapshot {
  filesDone: number;
  filesFailed: number;
  filesTotal: number;
  bytesSent: number;
  bytesTotal: number;
  bytesPerSecond: number;
}

/** "0.8 s", "42 s", "3m 05s", "1h 02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

/**
 * The one status line drawn on a terminal, e.g.
 * `[#########...........]  45%  12/40 files  35.2 MB / 78.0 MB  4.1 MB/s  ~11 s left  1 failed`,
 * cut to the terminal's width.
 */
export function formatProgressLine(snapshot: ProgressSnapshot, columns = 80): string {
  const { filesDone, filesFailed, filesTotal, bytesSent, bytesTotal, bytesPerSecond } = snapshot;
  const fraction = bytesTotal > 0 ? bytesSent / bytesTotal : filesTotal > 0 ? filesDone / filesTotal : 1;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const parts = [
    `${bar(fraction, 20)} ${percent}`,
    `${filesDone + filesFailed}/${filesTotal} files`,
    `${formatBytes(bytesSent)} / ${formatBytes(bytesTotal)}`,
    formatBytesPerSecond(bytesPerSecond),
  ];
  if (bytesPerSecond > 0 && bytesSent < bytesTotal) parts.push(`~${formatDuration((bytesTotal - bytesSent) / bytesPerSecond)} left`);
  if (filesFailed > 0) parts.push(`${filesFailed} failed`);
  const line = parts.join("  ");
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 2)) + "…" : line;
}

export interface SummaryInput {
  uploaded: { label: string; size: number }[];
  failed: { label: string; error: string }[];
  skipped: number;
  /** Files the library already held (same bytes), not uploaded again. */
  duplicates: number;
  elapsedMs: number;
}

/** What the run did, for standard output: counts, bytes, time and speed, then every failure. */
export function formatSummary({ uploaded, failed, skipped, duplicates, elapsedMs }: SummaryInput): string {
  const total = uploaded.length + failed.length + duplicates;
  const bytes = uploaded.reduce((sum, file) => sum + file.size, 0);
  const seconds = elapsedMs / 1000;
  const speed = seconds > 0 ? `, ${formatBytesPerSecond(bytes / seconds)}` : "";
  const lines = [`Uploaded ${uploaded.length} of ${total} ${total === 1 ? "file" : "files"} (${formatBytes(bytes)}) in ${formatDuration(seconds)}${speed}.`];
  if (duplicates > 0) lines.push(`Skipped ${duplicates} ${duplicates === 1 ? "file that is" : "files that are"} already in the library (--allow-duplicates uploads them again).`);
  if (skipped > 0) lines.push(`Skipped ${skipped} ${skipped === 1 ? "file that is" : "files that are"} not an image by name.`);
  if (failed.length > 0) {
    lines.push(`${failed.length} failed:`);
    for (const file of failed) lines.push(`  ${file.label}: ${file.error}`);
  }
  return lines.join("\n");
}
