import "server-only";
import { getMetrics } from "../metrics/metrics";
import { routeLabel } from "../metrics/route-label";
import { getConfig } from "../config";
import { startedRuntime } from "../runtime";
import { REQUEST_ID_HEADER, runWithRequestId } from "./request-context";
import { securityHeaderSettings, securityHeaders, type SecurityHeaderSettings } from "./security-headers";

/** Sets headers even on responses whose headers are immutable (Response.redirect, fetched ones). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const apply = (target: Response) => {
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
    return target;
  };
  try {
    return apply(response);
  } catch {
    return apply(new Response(response.body, response));
  }
}

/**
 * The running app's config (tests install their own runtime), else the process config: headers
 * never start a runtime, so an answer while the database is down costs no second connect attempt.
 */
async function currentHeaderSettings(): Promise<SecurityHeaderSettings> {
  try {
    return securityHeaderSettings((await startedRuntime())?.config ?? getConfig());
  } catch {
    try {
      return securityHeaderSettings(getConfig());
    } catch {
      return { storageOrigins: [], isHttps: false };
    }
  }
}

/**
 * Every API request: a fresh request id (answered as X-Request-Id, put in error bodies and log
 * lines), the security headers pages get from the proxy, and one latency sample labelled by route
 * pattern, method and status.
 */
export function withRequestScope<TRest extends unknown[]>(handler: (request: Request, ...rest: TRest) => Promise<Response>) {
  return (request: Request, ...rest: TRest): Promise<Response> =>
    runWithRequestId(async (requestId) => {
      const startedAt = performance.now();
      const response = await handler(request, ...rest);
      const pathname = new URL(request.url).pathname;
      const labels = { route: routeLabel(pathname), method: request.method, status: String(response.status) };
      getMetrics().requestSeconds.observe(labels, (performance.now() - startedAt) / 1000);
      return withHeaders(response, { ...securityHeaders(await currentHeaderSettings(), { pathname }), [REQUEST_ID_HEADER]: requestId });
    });
}
