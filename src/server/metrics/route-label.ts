import "server-only";

// Every literal path segment of the API's routes; any other segment is an id or token. A unit
// test checks this against the route files on disk, so a new route can't slip a raw id in here.
const LITERAL_SEGMENTS = new Set([
  "api",
  "uploads",
  "complete",
  "parts",
  "images",
  "albums",
  "remove",
  "download",
  "details",
  "preview",
  "delete",
  "shares",
  "public",
  "unlock",
  "tokens",
  "users",
  "invites",
  "accept",
  "me",
  "setup",
  "health",
  "metrics",
  "admin",
  "storage-check",
  "openapi.json",
]);

// Catch-all routes: everything after the prefix is one label.
const CATCH_ALL = [
  { prefix: "/api/auth/", label: "/api/auth/[...all]" },
  { prefix: "/api/storage/", label: "/api/storage/[...key]" },
];

/**
 * The route pattern of an API path, e.g. `/api/images/abc/download` → `/api/images/[id]/download`:
 * a bounded set of metric labels however many ids strangers send.
 */
export function routeLabel(pathname: string): string {
  const catchAll = CATCH_ALL.find((route) => pathname.startsWith(route.prefix));
  if (catchAll) return catchAll.label;
  const segments = pathname.split("/").filter(Boolean);
  if (segments[0] !== "api" || segments.length > 6) return "other";
  return "/" + segments.map((segment, index) => (LITERAL_SEGMENTS.has(segment) ? segment : paramName(segments, index))).join("/");
}

function paramName(segments: string[], index: number): string {
  // /api/invites/[token]/…, /api/public/shares/[token]/…; everything else names its resource [id].
  const parent = segments[index - 1];
  return parent === "invites" || (parent === "shares" && segments[1] === "public") ? "[token]" : "[id]";
}
