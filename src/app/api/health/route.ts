import { withRequestScope } from "@/server/http/with-request-scope";
import { getConfig } from "@/server/config";
import { cachedHealth } from "@/server/health/cached-health";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

// GET /api/health
export const GET = withRequestScope(async (): Promise<Response> => {
  const headers = { "Cache-Control": "no-store" };
  try {
    const report = await cachedHealth(await getRuntime());
    return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers });
  } catch {
    // Start-up itself failed (database or storage unreachable); report what is configured.
    const config = getConfig();
    const body = { status: "unavailable", storage: config.storage.driver, database: config.database.driver, failing: ["startup"] };
    return Response.json(body, { status: 503, headers });
  }
});
