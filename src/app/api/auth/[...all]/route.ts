import { withRequestScope } from "@/server/http/with-request-scope";
import { checkAuthRequest } from "@/server/auth/check-auth-request";
import { guardSignIn } from "@/server/auth/guard-sign-in";
import { toErrorResponse } from "@/server/http/error-response";
import { getRuntime } from "@/server/runtime";

/** The auth library's own endpoints (sign-in, sign-out, session, change-password…), rate-limited at sign-in. */
const handle = withRequestScope(async (request: Request): Promise<Response> => {
  const runtime = await getRuntime();
  try {
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
