/**
 * Pages anyone may open without a session: signing in, first-run setup, sign-up (when the
 * operator allows it), invite links, public share links and the API reference (/docs/api, as public
 * as the document it renders). Everything else needs a session.
 */
const publicPrefixes = ["/sign-in", "/setup", "/sign-up", "/invite/", "/s/", "/docs/"] as const;

export function isPublicPage(pathname: string): boolean {
  return publicPrefixes.some((prefix) => (prefix.endsWith("/") ? pathname.startsWith(prefix) : pathname === prefix || pathname.startsWith(`${prefix}/`)));
}

/** The sign-in page, told where to come back to (only for a normal page path, not the home page). */
export function signInPathFor(pathname: string, search: string): string {
  if (pathname === "/") return "/sign-in";
  return `/sign-in?${new URLSearchParams({ next: `${pathname}${search}` }).toString()}`;
}
