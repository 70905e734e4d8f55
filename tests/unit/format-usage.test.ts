import { describe, expect, it } from "vitest";
import { formatUsage } from "@/lib/format-usage";

describe("formatUsage", () => {
  it("without a quota: what the account holds", () => {
    expect(formatUsage({ usage: { images: 1204, bytes: 3.2 * 1024 ** 3 }, quota: null })).toBe("1,204 images · 3.2 GB");
    expect(formatUsage({ usage: { images: 1, bytes: 2048 }, quota: null })).toBe("1 image · 2.0 KB");
  });

  it("with limits: each measure against its own, an unlimited one left bare", () => {
    expect(formatUsage({ usage: { images: 3, bytes: 1024 ** 3 }, quota: { images: 5000, bytes: 10 * 1024 ** 3 } })).toBe("3 of 5,000 images · 1.0 GB of 10 GB");
    expect(formatUsage({ usage: { images: 3, bytes: 1024 } , quota: { images: null, bytes: 1024 ** 2 } })).toBe("3 images · 1.0 KB of 1.0 MB");
  });
});
