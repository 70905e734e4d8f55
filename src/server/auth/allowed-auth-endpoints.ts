import "server-only";

/**
 * The auth library's endpoints the app uses (src/client/account-api.ts and docs/api.md): every
 * other one it ships (admin plugin calls, account linking, email verification, session lists…)
 * answers 404, so a feature we never configured cannot be reached through it.
 */
const ALLOWED_AUTH_ENDPOINTS: ReadonlySet<string> = new Set([
  "POST /api/auth/sign-in/email",
  "POST /api/auth/sign-up/email",
  "POST /api/auth/sign-out",
  "POST /api/auth/change-password",
  "GET /api/auth/get-session",
]);

export function isAllowedAuthEndpoint(request: Request): boolean {
  return ALLOWED_AUTH_ENDPOINTS.has(`${request.method} ${new URL(request.url).pathname}`);
}
