import { describe, expect, it } from "vitest";
import { clientAddress } from "@/server/http/client-address";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";
import { parseTrustedProxies } from "@/server/http/trusted-proxies";
import { storedRateLimitKey } from "@/server/rate-limit/rate-limit-key";

const request = (peer: string | null, forwardedFor?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_ADDRESS_HEADER, peer);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return new Request("http://pixbucket.test/api/x", { headers });
};

describe("parseTrustedProxies", () => {
  it("reads nothing, a hop count, or addresses and ranges", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies(" ")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", count: 2 });
    expect(parseTrustedProxies("10.0.0.0/8, 127.0.0.1 ,fd00::/8")).toEqual({ kind: "ranges", ranges: ["10.0.0.0/8", "127.0.0.1", "fd00::/8"] });
  });

  it.each(["11", "10.0.0.0/33", "fd00::/129", "proxy.local", "10.0.0.1/8/2", "10.0.0.0/x", "-1"])("refuses %j with a message", (text) => {
    expect(() => parseTrustedProxies(text)).toThrow(/./);
  });
});

describe("clientAddress", () => {
  it("with no trusted proxy: the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("192.0.2.1", "203.0.113.9"), { kind: "none" })).toBe("192.0.2.1");
    expect(clientAddress(request(null, "203.0.113.9"), { kind: "none" })).toBe("unknown");
  });

  it("with a hop count: the entry that many hops to the left of the peer, never further", () => {
    expect(clientAddress(request("10.0.0.2", "forged, 203.0.113.9"), { kind: "hops", count: 1 })).toBe("203.0.113.9");
    expect(clientAddress(request("10.0.0.2", "forged, 203.0.113.9, 10.0.0.1"), { kind: "hops", count: 2 })).toBe("203.0.113.9");
    // Fewer entries than hops (a request that skipped a proxy): the leftmost there is.
    expect(clientAddress(request("10.0.0.2"), { kind: "hops", count: 1 })).toBe("10.0.0.2");
  });

  it("with ranges: walks right to left past trusted hops to the first one outside them", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8,::1");
    expect(clientAddress(request("10.0.0.2", "forged, 203.0.113.9, 10.1.2.3"), trusted)).toBe("203.0.113.9");
    expect(clientAddress(request("::1", "2001:db8::7"), trusted)).toBe("2001:db8::7");
    // A peer outside the ranges is the caller itself: its X-Forwarded-For is not believed.
    expect(clientAddress(request("198.51.100.4", "203.0.113.9"), trusted)).toBe("198.51.100.4");
    // A garbage hop is never trusted, so it is where the walk stops.
    expect(clientAddress(request("10.0.0.2", "203.0.113.9, not-an-ip"), trusted)).toBe("not-an-ip");
  });
});

describe("storedRateLimitKey", () => {
  it("keeps the kind readable, hashes the rest to a fixed size", () => {
    const stored = storedRateLimitKey(`sign-in:email:${"x".repeat(10_000)}@example.com`);
    expect(stored).toMatch(/^sign-in:[A-Za-z0-9_-]{43}$/);
    expect(storedRateLimitKey("sign-in:ip:1.2.3.4")).not.toBe(storedRateLimitKey("sign-in:ip:1.2.3.5"));
    expect(storedRateLimitKey("no kind")).toMatch(/^limit:/);
  });
});
