/**
 * Which S3-compatible service an endpoint is, so a failed check can name the exact fix. Hosted
 * services are known by their endpoint's domain; self-hosted ones by what their responses carry.
 */
export const storageVendors = ["aws", "minio", "r2", "b2", "ceph", "wasabi", "spaces", "garage", "generic"] as const;
export type StorageVendor = (typeof storageVendors)[number];

export const vendorNames: Record<StorageVendor, string> = {
  aws: "AWS S3",
  minio: "MinIO",
  r2: "Cloudflare R2",
  b2: "Backblaze B2",
  ceph: "Ceph RGW",
  wasabi: "Wasabi",
  spaces: "DigitalOcean Spaces",
  garage: "Garage",
  generic: "an S3-compatible server",
};

const byDomain: [RegExp, StorageVendor][] = [
  [/(^|\.)amazonaws\.com(\.cn)?$/, "aws"],
  [/(^|\.)r2\.cloudflarestorage\.com$/, "r2"],
  [/(^|\.)backblazeb2\.com$/, "b2"],
  [/(^|\.)wasabisys\.com$/, "wasabi"],
  [/(^|\.)digitaloceanspaces\.com$/, "spaces"],
];

/** Headers are matched case-insensitively; pass whatever one response from the endpoint carried. */
export function detectVendor(endpoint: string, headers: Headers | Record<string, string> = {}): StorageVendor {
  const host = new URL(endpoint).hostname.toLowerCase();
  for (const [pattern, vendor] of byDomain) if (pattern.test(host)) return vendor;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]) ?? "";
  const server = get("server").toLowerCase();
  if (server.includes("minio")) return "minio";
  if (server.includes("garage")) return "garage";
  // RGW names each request "tx<21 hex>-<hex time>-<hex>-<zonegroup>", and MinIO sends x-minio-* headers.
  if (/^tx[0-9a-f]{21}-[0-9a-f]+-[0-9a-f]+-/.test(get("x-amz-request-id")) || server.includes("ceph")) return "ceph";
  if (get("x-minio-deployment-id") || get("x-minio-error-code")) return "minio";
  if (server === "amazons3") return "aws";
  return "generic";
}
