import "server-only";
import type { Runtime } from "./runtime";

/**
 * On SIGTERM, `next start` itself stops accepting connections, waits for every in-flight request
 * and exits (143); it has no time limit. This adds one: after PIXBUCKET_SHUTDOWN_DEADLINE_SECONDS
 * the process exits anyway, so an orchestrator's restart never hangs on one stuck client. The
 * sweeper stops at once so no new sweep starts on an instance that is going away.
 */
export function installShutdownDeadline(runtime: Runtime, stopBackgroundWork: () => void): void {
  const { shutdownDeadlineSeconds } = runtime.config;
  process.once("SIGTERM", () => {
    runtime.logger.info({ deadlineSeconds: shutdownDeadlineSeconds }, "SIGTERM: finishing in-flight requests, taking no new connections");
    stopBackgroundWork();
    const timer = setTimeout(() => {
      runtime.logger.warn({ deadlineSeconds: shutdownDeadlineSeconds }, "shutdown deadline passed with requests still open; exiting");
      process.exit(1);
    }, shutdownDeadlineSeconds * 1000);
    timer.unref(); // an idle process exits as soon as Next is done, not at the deadline
  });
}
