import "server-only";
import { lookup } from "node:dns/promises";
import { fail, ok, type StorageCheckResult } from "./storage-check-result";
import { probeSignal } from "./probe-context";

export interface EndpointAnswer {
  result: StorageCheckResult;
  /** The headers of the endpoint's answer (vendor detection and the clock check read them). */
  headers?: Headers;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|ALTNAME/;

/** The endpoint's name resolves and it answers HTTP (any status: an anonymous request is refused anyway). */
export async function checkEndpoint(endpoint: string): Promise<EndpointAnswer> {
  const url = new URL(endpoint);
  try {
    await lookup(url.hostname);
  } catch {
    return { result: fail("endpoint", `${url.hostname} does not resolve.`, `Check S3_ENDPOINT (now ${endpoint}): the host name is wrong or DNS cannot see it from this server.`) };
  }
  try {
    const response = await fetch(endpoint, { method: "GET", signal: probeSignal(), redirect: "manual" });
    await response.body?.cancel();
    const tls = url.protocol === "https:" ? " over TLS with a valid certificate" : "";
    return { result: ok("endpoint", `${url.host} answers (HTTP ${response.status})${tls}.`), headers: response.headers };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : "error");
    if (TLS_CODES.test(code)) {
      return { result: fail("endpoint", `TLS to ${url.host} failed: ${code}.`, "Give the endpoint a certificate trusted by this server (or point NODE_EXTRA_CA_CERTS at your CA), or use the plain http:// endpoint on a private network.") };
    }
    return { result: fail("endpoint", `${url.host} does not answer: ${code}.`, `Check S3_ENDPOINT (now ${endpoint}) and that the storage server is running and reachable from here (port, firewall).`) };
  }
}
