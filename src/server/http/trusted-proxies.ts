import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which hops in front of Pixbucket may be believed about the caller's address
 * (`PIXBUCKET_TRUSTED_PROXIES`): none (X-Forwarded-For is ignored), a count of proxies, or the
 * addresses/CIDR ranges of the proxies.
 */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; count: number } | { kind: "ranges"; ranges: string[] };

const MAX_HOPS = 10;
const MAX_RANGES = 64;

/** Parses the variable's text; throws an Error whose message says what is wrong (the config names the variable). */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const value = text?.trim() ?? "";
  if (value === "" || value === "0") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count > MAX_HOPS) throw new Error(`a hop count must be from 0 to ${MAX_HOPS}`);
    return { kind: "hops", count };
  }
  const ranges = value.split(",").map((part) => part.trim()).filter(Boolean);
  if (ranges.length > MAX_RANGES) throw new Error(`at most ${MAX_RANGES} addresses or ranges`);
  for (const range of ranges) rangeParts(range);
  return { kind: "ranges", ranges };
}

function rangeParts(range: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } {
  const [address = "", prefixText, extra] = range.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) throw new Error(`"${range}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32) nor a hop count`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) throw new Error(`"${range}" has a prefix length outside 0-${max}`);
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

const blockLists = new Map<string, BlockList>();

/** The ranges as a BlockList, built once per distinct list. */
function trustedRangeList(ranges: string[]): BlockList {
  const cacheKey = ranges.join(",");
  let list = blockLists.get(cacheKey);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const { address, prefix, family } = rangeParts(range);
      list.addSubnet(address, prefix, family);
    }
    blockLists.set(cacheKey, list);
  }
  return list;
}

/** Whether `address` is one of the configured ranges' proxies; a string that is not an IP never is. */
export function isInTrustedRanges(address: string, ranges: string[]): boolean {
  const version = isIP(address);
  return version !== 0 && trustedRangeList(ranges).check(address, version === 4 ? "ipv4" : "ipv6");
}
