const units = ["B", "KB", "MB", "GB", "TB"] as const;
const step = 1024;

/**
 * Human size in binary steps with the familiar labels (1 MB = 1024 × 1024 bytes), so a limit
 * configured as 50 MiB reads "50 MB": `formatBytes(1_572_864)` → "1.5 MB". Values below 10 get
 * one decimal, larger ones none, so widths stay steady while a number ticks up.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  if (bytes < step) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  // Step up while the value would print as 1024 or more ("1024 KB" should read "1.0 MB").
  while (unit < units.length - 1 && value >= step - 0.5) {
    value /= step;
    unit += 1;
  }
  // 9.96 prints as "10", not "10.0".
  return `${value.toFixed(value < 9.95 ? 1 : 0)} ${units[unit]}`;
}

/** Transfer rate, e.g. "4.2 MB/s"; an unknown or zero rate reads as "–". */
export function formatBytesPerSecond(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "–";
  return `${formatBytes(bytesPerSecond)}/s`;
}
