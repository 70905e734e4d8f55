import { withRequestScope } from "@/server/http/with-request-scope";
import { isAllowedAuthEndpoint } from "@/server/auth/allowed-auth-endpoints";
import { checkAuthRequest } from "@/server/auth/check-auth-request";
import { notFound } from "@/server/errors";
import { guardSignIn } from "@/server/auth/guard-sign-in";
import { toErrorResponse } from "@/server/http/error-response";
import { getRuntime } from "@/server/runtime";

/**
 * The auth library's own endpoints we use (allowed-auth-endpoints.ts: sign-in, sign-up, sign-out,
 * session, change-password), their bodies bounded, rate-limited at sign-in.
 */
const handle = withRequestScope(async (request: Request): Promise<Response> => {
  const runtime = await getRuntime();
  try {
    if (!isAllowedAuthEndpoint(request)) throw notFound("This auth endpoint");
    const checked = await checkAuthRequest(request);
    await guardSignIn(runtime, checked.request, checked.body);
    return await runtime.auth.handler(checked.request);
  } catch (error) {
    return toErrorResponse(error, runtime.logger);
  }
});

// GET|POST /api/auth/* — sessions, sign-in/out, password change
export const GET = handle;
export const POST = handle;
