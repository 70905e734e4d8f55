import { withRequestScope } from "@/server/http/with-request-scope";
import { getRuntime } from "@/server/runtime";
import { toErrorResponse } from "@/server/http/error-response";
import { notFound } from "@/server/errors";

/** Signed object URLs of drivers that serve bytes through this app (the embedded local driver). */
const serve = withRequestScope(async (request: Request): Promise<Response> => {
  const runtime = await getRuntime();
  try {
    if (!runtime.serveStorageRequest) throw notFound("Object");
    return await runtime.serveStorageRequest(request);
  } catch (error) {
    return toErrorResponse(error, runtime.logger);
  }
});

// GET|HEAD|PUT /api/storage/{key}?op&expires&signature — the local driver's signed URLs
export const GET = serve;
export const HEAD = serve;
export const PUT = serve;
