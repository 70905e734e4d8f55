import { describe, expect, it } from "vitest";
import { formatBackfillProgress } from "@/cli/backfill/format-backfill-progress";

describe("formatBackfillProgress", () => {
  it("counts rows against the total with what they came to, and estimates the time left", () => {
    const line = formatBackfillProgress({ rowsDone: 200, rowsTotal: 1000, dated: 150, unreadable: 3, failed: 1, secondsElapsed: 10 });
    expect(line).toBe("200/1000 rows  150 dated  3 unreadable  1 failed  20.0 rows/s  ~40 s left");
  });

  it("shows the elapsed time once every row is done, or when there were none", () => {
    expect(formatBackfillProgress({ rowsDone: 1000, rowsTotal: 1000, dated: 0, unreadable: 0, failed: 0, secondsElapsed: 100 })).toContain("1m 40s elapsed");
    expect(formatBackfillProgress({ rowsDone: 0, rowsTotal: 0, dated: 0, unreadable: 0, failed: 0, secondsElapsed: 0 })).toMatch(/^0\/0 rows .* elapsed$/);
  });
});
