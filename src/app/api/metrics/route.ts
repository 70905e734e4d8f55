import { publicRoute } from "@/server/http/route";
import { readMetrics } from "@/server/metrics/read-metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics — Prometheus text, behind PIXBUCKET_METRICS_TOKEN
export const GET = publicRoute({}, async ({ ctx, request }) => {
  const { text, contentType } = await readMetrics(ctx, request.headers.get("authorization"));
  return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
