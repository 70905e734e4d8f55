import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPage, signInPathFor } from "@/lib/public-paths";

/**
 * The fast path for signed-out visitors: a page request with no session cookie goes straight to
 * the sign-in page (which forwards to first-run setup when there are no accounts yet). It only
 * checks that the cookie exists; pages verify the session itself, and the API answers 401 JSON.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPage(pathname) || getSessionCookie(request)) return NextResponse.next();
  return NextResponse.redirect(new URL(signInPathFor(pathname, search), request.url));
}

export const config = {
  // Not the API, Next's own files, or files with an extension (favicon, robots.txt, images).
  matcher: ["/((?!api/|_next/|.*\\.[A-Za-z0-9]+$).*)"],
};
