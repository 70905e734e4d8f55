/** Below this rate an estimate would be noise ("3 days left" while a connection warms up). */
const minBytesPerSecond = 1;

/**
 * Seconds until `bytesLeft` are sent at `bytesPerSecond` (a smoothed rate), rounded up; undefined
 * when there is no rate to go by. Never negative.
 */
export function estimateSecondsLeft(bytesLeft: number, bytesPerSecond: number): number | undefined {
  if (!Number.isFinite(bytesLeft) || !Number.isFinite(bytesPerSecond) || bytesPerSecond < minBytesPerSecond) return undefined;
  if (bytesLeft <= 0) return 0;
  return Math.ceil(bytesLeft / bytesPerSecond);
}

/** "8 s", "4 min 5 s", "2 h 10 min": two units at most; a time left is read at a glance. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) {
    const rest = total % 60;
    return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes > 0 ? `${hours} h ${restMinutes} min` : `${hours} h`;
}
