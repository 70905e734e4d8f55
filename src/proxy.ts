import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPage, signInPathFor } from "@/lib/public-paths";
import { getConfig } from "@/server/config";
import { securityHeaderSettings, securityHeaders, type SecurityHeaderSettings } from "@/server/http/security-headers";

/** 16 random bytes per page view: a CSP nonce must be unguessable and never reused. */
function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

function withSecurityHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Every page: the security headers, with a fresh CSP nonce that Next reads from the request's
 * Content-Security-Policy header and puts on its own inline scripts (pages render per request).
 * Then the fast path for signed-out visitors: a page request with no session cookie goes straight
 * to the sign-in page (which forwards to first-run setup when there are no accounts yet). It only
 * checks that the cookie exists; pages verify the session itself, and the API answers 401 JSON.
 */
export function proxy(request: NextRequest) {
  return answerPage(request, securityHeaderSettings(getConfig()));
}

/** The proxy with its settings given, so tests can run it against a stack they started. */
export function answerPage(request: NextRequest, settings: SecurityHeaderSettings) {
  const { pathname, search } = request.nextUrl;
  const nonce = newNonce();
  const headers = securityHeaders(settings, {
    pathname,
    nonce,
    isDevelopment: process.env.NODE_ENV === "development",
  });
  if (!isPublicPage(pathname) && !getSessionCookie(request)) {
    return withSecurityHeaders(NextResponse.redirect(new URL(signInPathFor(pathname, search), request.url)), headers);
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export const config = {
  // Not the API (its route wrapper sets the same headers), Next's own files, or files with an
  // extension (favicon, robots.txt, images).
  matcher: ["/((?!api/|_next/|.*\\.[A-Za-z0-9]+$).*)"],
};
