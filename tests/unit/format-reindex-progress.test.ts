import { describe, expect, it } from "vitest";
import { formatReindexProgress } from "@/cli/reindex/format-reindex-progress";

describe("formatReindexProgress", () => {
  it("says the total is still being counted until the listing pass ends", () => {
    const line = formatReindexProgress({ objectsSeen: 40, bytesRead: 4_000_000, secondsElapsed: 10 });
    expect(line).toContain("40 objects (counting…)");
    expect(line).toContain("4.0 objects/s");
    expect(line).toContain("elapsed");
    expect(line).not.toContain("left");
  });

  it("estimates the time left from the object rate once the total is known", () => {
    const line = formatReindexProgress({ objectsSeen: 100, bytesRead: 0, secondsElapsed: 10, objectsTotal: 1000 });
    expect(line).toContain("100/1000 objects");
    // 900 objects at 10/s.
    expect(line).toContain("~1m 30s left");
  });

  it("shows the elapsed time, not a time left, when everything is done", () => {
    const line = formatReindexProgress({ objectsSeen: 1000, bytesRead: 0, secondsElapsed: 100, objectsTotal: 1000 });
    expect(line).toContain("1000/1000 objects");
    expect(line).toContain("1m 40s elapsed");
  });
});
