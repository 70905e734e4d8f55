export interface SpeedMeter {
  /** Records the total bytes sent so far; returns the smoothed rate in bytes per second. */
  sample(totalBytes: number, nowMs: number): number;
  readonly bytesPerSecond: number;
}

/**
 * A transfer rate that does not jitter: an exponentially weighted average whose weight halves
 * every `halfLifeMs`. Samples closer together than `minIntervalMs` are folded into the next one,
 * because progress events can arrive microseconds apart and would give absurd instant rates.
 */
export function createSpeedMeter({ halfLifeMs = 2000, minIntervalMs = 250 } = {}): SpeedMeter {
  let lastBytes: number | undefined;
  let lastMs = 0;
  let rate = 0;
  let hasRate = false;

  return {
    get bytesPerSecond() {
      return rate;
    },
    sample(totalBytes, nowMs) {
      if (lastBytes === undefined || totalBytes < lastBytes) {
        // First sample, or the transfer restarted: start measuring afresh.
        lastBytes = totalBytes;
        lastMs = nowMs;
        rate = 0;
        hasRate = false;
        return rate;
      }
      const elapsedMs = nowMs - lastMs;
      if (elapsedMs < minIntervalMs) return rate;
      const instant = ((totalBytes - lastBytes) / elapsedMs) * 1000;
      const weight = 1 - Math.pow(2, -elapsedMs / halfLifeMs);
      rate = hasRate ? rate + weight * (instant - rate) : instant;
      hasRate = true;
      lastBytes = totalBytes;
      lastMs = nowMs;
      return rate;
    },
  };
}
