import "server-only";
import type { Config } from "../config";
import { AppError } from "../errors";
import { requestOrigin } from "./request-origin";

const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a cross-site request that changes something with the session cookie (CSRF). SameSite=Lax
 * does not stop a page on a sibling subdomain (same-site) nor browsers that ignore it, so the
 * request must show it came from our own pages: `Sec-Fetch-Site: same-origin` (or `none`, typed by
 * the person), or an `Origin` equal to ours. Callers with a Bearer token are not asked: a page
 * cannot make a browser send one.
 */
export function assertSameOrigin(request: Request, config: Pick<Config, "publicUrl" | "trustedProxies">): void {
  if (!STATE_CHANGING_METHODS.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return;
  const origin = request.headers.get("origin");
  if (origin !== null && origin === new URL(requestOrigin(request, config)).origin) return;
  throw new AppError(
    "forbidden",
    "Refused a cross-site request: changes made with the session cookie must come from Pixbucket's own pages (same origin). Scripts should send an API token.",
  );
}
