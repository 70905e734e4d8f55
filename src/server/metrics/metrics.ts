import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** Why an upload was refused, as a fixed word: the sign-time error code or what verification found. */
export type RejectReason = "unsupported_type" | "too_large" | "bad_request" | "size" | "md5" | "type" | "decode" | "parts" | "duplicate";

function createMetrics() {
  const registry = new Registry();
  // Process RSS, heap, event-loop lag and GC: what an operator (and bench/soak) watches for leaks.
  collectDefaultMetrics({ register: registry, prefix: "pixbucket_" });
  const registers = [registry];
  return {
    registry,
    requestSeconds: new Histogram({
      name: "pixbucket_http_request_duration_seconds",
      help: "API request latency by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    uploadsSigned: new Counter({ name: "pixbucket_uploads_signed_total", help: "Uploads signed (single PUT or multipart)", registers }),
    uploadsCompleted: new Counter({ name: "pixbucket_uploads_completed_total", help: "Uploads verified and indexed", registers }),
    uploadsRejected: new Counter({
      name: "pixbucket_uploads_rejected_total",
      help: "Uploads refused, when signing or after verification, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    verificationSeconds: new Histogram({
      name: "pixbucket_verification_seconds",
      help: "Time to verify one upload's stored bytes (read, sniff, decode, thumbnail)",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    sweeps: new Counter({
      name: "pixbucket_sweeps_total",
      help: "Sweeper runs by result: swept (something removed), idle (nothing expired), locked (another instance held the lock), failed",
      labelNames: ["result"] as const,
      registers,
    }),
    reconciles: new Counter({
      name: "pixbucket_reconciles_total",
      help: "Scheduled reconcile ticks by result: ran (it did its work or found its interval not yet passed), failed",
      labelNames: ["result"] as const,
      registers,
    }),
    sweptUploads: new Counter({ name: "pixbucket_swept_uploads_total", help: "Expired uploads the sweeper removed", registers }),
    storageErrors: new Counter({
      name: "pixbucket_storage_errors_total",
      help: "Storage calls that failed because storage did not answer, by operation",
      labelNames: ["operation"] as const,
      registers,
    }),
    databaseErrors: new Counter({ name: "pixbucket_database_errors_total", help: "Requests that failed because the database did not answer", registers }),
    signedUrlCache: new Counter({
      name: "pixbucket_signed_url_cache_total",
      help: "Signed GET URLs asked for, by result: hit (served from this instance's cache) or miss (signed)",
      labelNames: ["result"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One registry per process, shared by every route bundle (Next may load this module more than once).
const globalForMetrics = globalThis as unknown as { pixbucketMetrics?: Metrics };

/** The process's metrics; counters are per instance, Prometheus adds them up across instances. */
export function getMetrics(): Metrics {
  return (globalForMetrics.pixbucketMetrics ??= createMetrics());
}
