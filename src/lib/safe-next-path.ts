/**
 * Where to go after signing in, from a `?next=` value: only a path on this site (a leading "/",
 * not "//" or "/\", which browsers treat as another host), never back to a sign-in page.
 */
export function safeNextPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  const pathname = value.split(/[?#]/, 1)[0]!;
  if (pathname === "/sign-in" || pathname === "/setup" || pathname === "/sign-up") return fallback;
  return value;
}
