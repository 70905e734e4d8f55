import "server-only";
import type { Config } from "../config";

/** What the headers depend on: where the browser fetches object bytes from, and whether the app is on https. */
export interface SecurityHeaderSettings {
  /** Origins other than the app's own that serve signed object URLs (the S3 endpoint). */
  storageOrigins: readonly string[];
  isHttps: boolean;
}

/** One answer's context: its path picks the referrer policy, a nonce lets Next's inline scripts run. */
export interface SecurityHeaderRequest {
  pathname: string;
  nonce?: string;
  /** `next dev` rebuilds modules with eval; production never gets 'unsafe-eval'. */
  isDevelopment?: boolean;
}

/** The origin a browser reaches for signed URLs: path style keeps the endpoint's, virtual-hosted style puts the bucket in front. */
export function storageOriginsOf(config: Pick<Config, "storage" | "publicUrl">): string[] {
  const origins: string[] = [];
  if (config.storage.driver === "s3") {
    const endpoint = new URL(config.storage.endpoint);
    if (!config.storage.forcePathStyle) endpoint.hostname = `${config.storage.bucket}.${endpoint.hostname}`;
    origins.push(endpoint.origin);
  }
  // The local driver signs URLs under the public URL, which may differ from the host a request came in on.
  if (config.publicUrl) origins.push(new URL(config.publicUrl).origin);
  return origins;
}

export function securityHeaderSettings(config: Pick<Config, "storage" | "publicUrl">): SecurityHeaderSettings {
  return { storageOrigins: storageOriginsOf(config), isHttps: config.publicUrl?.startsWith("https://") ?? false };
}

// Share and invite links carry their secret in the path: never hand it to a linked site.
const privateLinkPrefixes = ["/s/", "/invite/"];

export function referrerPolicyFor(pathname: string): string {
  return privateLinkPrefixes.some((prefix) => pathname.startsWith(prefix)) ? "no-referrer" : "strict-origin-when-cross-origin";
}

export function contentSecurityPolicy(settings: SecurityHeaderSettings, request: SecurityHeaderRequest): string {
  const storage = settings.storageOrigins.join(" ");
  // With a nonce, 'strict-dynamic' lets the scripts Next loads from its nonced bootstrap run; 'self'
  // stays for browsers without CSP3. hash-wasm (the MD5 fallback) compiles WebAssembly, never JS.
  const scripts = request.nonce
    ? `'self' 'nonce-${request.nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`
    : `'self' 'wasm-unsafe-eval'`;
  const directives = [
    "default-src 'self'",
    `script-src ${scripts}${request.isDevelopment ? " 'unsafe-eval'" : ""}`,
    // React and Radix set style attributes, which nonces cannot cover.
    "style-src 'self' 'unsafe-inline'",
    // blob: and data: are the uploader's local previews.
    `img-src 'self' blob: data: ${storage}`.trim(),
    `connect-src 'self' ${storage}`.trim(),
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ];
  return directives.join("; ");
}

/** Every header a page or API answer carries, whatever its status. */
export function securityHeaders(settings: SecurityHeaderSettings, request: SecurityHeaderRequest): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(settings, request),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": referrerPolicyFor(request.pathname),
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "X-Frame-Options": "DENY",
  };
  // HSTS over plain http is ignored by browsers and would pin a later https set-up by surprise.
  if (settings.isHttps) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
