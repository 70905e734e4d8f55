import "server-only";
import { runMaintenance } from "./reconcile/run-maintenance";
import type { Runtime } from "./runtime";
import { removeStaleSpoolFiles } from "./uploads/read-stored-bytes";

/**
 * The server's background work: the sweeper (and the reconciler) on an interval, and one clean-up
 * of temp files a crash left. Started by the server at start-up (start-server.ts) and nowhere
 * else, so the CLI and tests that build a runtime start no timers. Every instance schedules it;
 * advisory locks let one work at a time. Returns a stop that prevents new runs; a running one finishes.
 */
export function startBackgroundWork(runtime: Runtime): () => void {
  void removeStaleSpoolFiles().then((removed) => {
    if (removed > 0) runtime.logger.info({ removed }, "removed temp files of verifications a crash interrupted");
  });
  const seconds = runtime.config.uploads.sweepIntervalSeconds;
  if (seconds === 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void runMaintenance({ ...runtime, now: () => new Date() }).finally(() => (running = false));
  }, seconds * 1000);
  timer.unref(); // never keeps the process alive
  return () => clearInterval(timer);
}
