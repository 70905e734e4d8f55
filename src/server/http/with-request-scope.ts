import "server-only";
import { getMetrics } from "../metrics/metrics";
import { routeLabel } from "../metrics/route-label";
import { REQUEST_ID_HEADER, runWithRequestId } from "./request-context";

/** Sets a header even on responses whose headers are immutable (Response.redirect, fetched ones). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Every API request: a fresh request id (answered as X-Request-Id, put in error bodies and log
 * lines) and one latency sample labelled by route pattern, method and status.
 */
export function withRequestScope<TRest extends unknown[]>(handler: (request: Request, ...rest: TRest) => Promise<Response>) {
  return (request: Request, ...rest: TRest): Promise<Response> =>
    runWithRequestId(async (requestId) => {
      const startedAt = performance.now();
      const response = await handler(request, ...rest);
      const labels = { route: routeLabel(new URL(request.url).pathname), method: request.method, status: String(response.status) };
      getMetrics().requestSeconds.observe(labels, (performance.now() - startedAt) / 1000);
      return withHeader(response, REQUEST_ID_HEADER, requestId);
    });
}
