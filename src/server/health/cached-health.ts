import "server-only";
import { checkHealth, type HealthReport } from "./check-health";
import type { Runtime } from "../runtime";

/**
 * How old a health answer may be. A load balancer polling every instance every second must not
 * turn into a storage round trip per poll, yet a part that goes down shows within this time.
 */
export const HEALTH_MAX_AGE_MS = 2000;

interface Probe {
  startedAt: number;
  report: Promise<HealthReport>;
}

const probes = new WeakMap<Pick<Runtime, "storage">, Probe>();

/**
 * The latest probe of this runtime's storage and database, run again once it is older than
 * HEALTH_MAX_AGE_MS. Callers that arrive while a probe runs share it, so a burst costs one probe.
 */
export function cachedHealth(runtime: Runtime, now: () => number = Date.now): Promise<HealthReport> {
  const current = probes.get(runtime);
  if (current && now() - current.startedAt < HEALTH_MAX_AGE_MS) return current.report;
  const probe = { startedAt: now(), report: checkHealth(runtime) };
  probes.set(runtime, probe);
  return probe.report;
}
