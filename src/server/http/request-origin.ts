import "server-only";
import type { Config } from "../config";
import { PEER_ADDRESS_HEADER } from "./peer-address";
import { isInTrustedRanges, type TrustedProxies } from "./trusted-proxies";

/** Whether the socket's peer is one of the configured proxies, so its X-Forwarded-* headers count. */
function isFromTrustedProxy(request: Request, trusted: TrustedProxies): boolean {
  if (trusted.kind === "none") return false;
  if (trusted.kind === "hops") return true;
  return isInTrustedRanges(request.headers.get(PEER_ADDRESS_HEADER) ?? "", trusted.ranges);
}

/** The value the nearest proxy wrote: the last of a comma-separated list. */
const nearest = (value: string | null) => value?.split(",").at(-1)?.trim() || undefined;

const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin absolute URLs are built on: PIXBUCKET_PUBLIC_URL when set; else, behind a trusted
 * proxy (PIXBUCKET_TRUSTED_PROXIES), the scheme and host it forwarded; else the origin the request
 * itself addressed. X-Forwarded-* from anyone else is never read.
 */
export function requestOrigin(request: Request, config: Pick<Config, "publicUrl" | "trustedProxies">): string {
  if (config.publicUrl) return config.publicUrl;
  const own = new URL(request.url);
  if (!isFromTrustedProxy(request, config.trustedProxies)) return own.origin;
  const proto = nearest(request.headers.get("x-forwarded-proto"));
  const host = nearest(request.headers.get("x-forwarded-host")) ?? request.headers.get("host") ?? own.host;
  const scheme = proto === "https" || proto === "http" ? proto : own.protocol.replace(/:$/, "");
  return HOST.test(host) ? `${scheme}://${host}` : own.origin;
}
