import "server-only";
import { PEER_ADDRESS_HEADER } from "./peer-address";
import { isInTrustedRanges, type TrustedProxies } from "./trusted-proxies";

const MAX_FORWARDED_ENTRIES = 32;

/**
 * The caller's address, for rate limits. It is the socket's peer unless PIXBUCKET_TRUSTED_PROXIES
 * says proxies stand in front: then X-Forwarded-For is read from the right, past the trusted hops
 * (a count) or past entries inside the trusted ranges, and the first hop not trusted is the
 * caller. Entries a client wrote to the left of that are never believed.
 */
export function clientAddress(request: Request, trusted: TrustedProxies): string {
  const peer = request.headers.get(PEER_ADDRESS_HEADER) || "unknown";
  if (trusted.kind === "none") return peer;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .slice(-MAX_FORWARDED_ENTRIES);
  // Nearest hop last: the peer itself, then what each proxy appended, right to left.
  const chain = [...forwarded, peer];
  if (trusted.kind === "hops") return chain[Math.max(0, chain.length - 1 - trusted.count)]!;
  for (let index = chain.length - 1; index > 0; index -= 1) {
    const hop = chain[index]!;
    if (!isInTrustedRanges(hop, trusted.ranges)) return hop;
  }
  return chain[0]!;
}
