import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { PublicContext } from "../context";
import { AppError, notFound } from "../errors";
import { getMetrics } from "./metrics";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The instance's metrics in Prometheus text, for the holder of PIXBUCKET_METRICS_TOKEN only.
 * Unconfigured, the endpoint does not exist (404): no token means no one may scrape.
 */
export async function readMetrics(ctx: PublicContext, authorization: string | null): Promise<{ text: string; contentType: string }> {
  const expected = ctx.config.metricsToken;
  if (!expected) throw notFound("Metrics (set PIXBUCKET_METRICS_TOKEN to turn them on)");
  const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  // Digests have equal length, so the comparison takes the same time whatever was sent.
  if (!timingSafeEqual(digest(given), digest(expected))) throw new AppError("unauthorized", "Send the metrics token as 'Authorization: Bearer <PIXBUCKET_METRICS_TOKEN>'.");
  const { registry } = getMetrics();
  return { text: await registry.metrics(), contentType: registry.contentType };
}
