import "server-only";
import type { Config } from "../config";

/**
 * The origin absolute URLs are built on: PIXBUCKET_PUBLIC_URL when set, else the origin the
 * request addressed (its Host). Forwarded headers are not read: no proxy is configured as trusted.
 */
export function requestOrigin(request: Request, config: Pick<Config, "publicUrl">): string {
  return config.publicUrl ?? new URL(request.url).origin;
}
