import "server-only";

/**
 * The caller's address for rate limiting. Behind a reverse proxy it is the first X-Forwarded-For
 * entry; without one, Next gives us no socket address, so all direct callers share one bucket.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "direct";
}
