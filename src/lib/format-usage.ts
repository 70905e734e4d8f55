import { formatBytes } from "./format-bytes";

interface UsageLike {
  usage: { images: number; bytes: number };
  quota: { images: number | null; bytes: number | null } | null;
}

/** "1,204 images · 3.2 GB" or, with limits, "1,204 of 5,000 images · 3.2 GB of 10 GB". */
export function formatUsage({ usage, quota }: UsageLike): string {
  const images = usage.images.toLocaleString("en-US");
  const imagesPart = quota?.images != null ? `${images} of ${quota.images.toLocaleString("en-US")} images` : `${images} ${usage.images === 1 ? "image" : "images"}`;
  const bytesPart = quota?.bytes != null ? `${formatBytes(usage.bytes)} of ${formatBytes(quota.bytes)}` : formatBytes(usage.bytes);
  return `${imagesPart} · ${bytesPart}`;
}
