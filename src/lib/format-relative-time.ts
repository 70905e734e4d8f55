const units: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * "3 minutes ago", "in 6 days", "just now": a time relative to `nowMs`, in the largest whole unit.
 * Months are 30 days and years 365: close enough for "last used" and "expires".
 */
export function formatRelativeTime(iso: string, nowMs: number, locale = "en"): string {
  const thenMs = Date.parse(iso);
  if (!Number.isFinite(thenMs)) return "–";
  const seconds = Math.round((thenMs - nowMs) / 1000);
  if (Math.abs(seconds) < 60) return "just now";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, unitSeconds] of units) {
    if (Math.abs(seconds) >= unitSeconds) return format.format(Math.trunc(seconds / unitSeconds), unit);
  }
  return "just now";
}
