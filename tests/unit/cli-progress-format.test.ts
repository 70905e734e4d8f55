import { describe, expect, it } from "vitest";
import { formatDuration, formatProgressLine, formatSummary } from "../../src/cli/upload/progress-format";
import { planBatches } from "../../src/cli/upload/plan-batches";
import { stripTrailingNewline } from "../../src/cli/read-password";

const MB = 1024 * 1024;

describe("formatDuration", () => {
  it("reads naturally from tenths of a second to hours", () => {
    expect(formatDuration(0.84)).toBe("0.8 s");
    expect(formatDuration(42.4)).toBe("42 s");
    expect(formatDuration(185)).toBe("3m 05s");
    expect(formatDuration(3720)).toBe("1h 02m");
    expect(formatDuration(Number.NaN)).toBe("–");
  });
});

describe("formatProgressLine", () => {
  const snapshot = { filesDone: 11, filesFailed: 1, filesTotal: 40, bytesSent: 35 * MB, bytesTotal: 70 * MB, bytesPerSecond: 5 * MB };

  it("shows the bar, percent, files, bytes, speed, time left and failures", () => {
    expect(formatProgressLine(snapshot, 200)).toBe("[##########..........]  50%  12/40 files  35 MB / 70 MB  5.0 MB/s  ~7.0 s left  1 failed");
  });

  it("leaves out what isn't known yet", () => {
    expect(formatProgressLine({ ...snapshot, filesFailed: 0, bytesPerSecond: 0 }, 200)).toBe("[##########..........]  50%  11/40 files  35 MB / 70 MB  –");
  });

  it("fits the terminal's width", () => {
    const line = formatProgressLine(snapshot, 40);
    expect(line.length).toBeLessThanOrEqual(39);
    expect(line.endsWith("…")).toBe(true);
  });
});

describe("formatSummary", () => {
  it("counts, sizes and times the run", () => {
    const text = formatSummary({ uploaded: [{ label: "a.jpg", size: 2 * MB }, { label: "b.png", size: 2 * MB }], failed: [], skipped: 0, duplicates: 0, elapsedMs: 2000 });
    expect(text).toBe("Uploaded 2 of 2 files (4.0 MB) in 2.0 s, 2.0 MB/s.");
  });

  it("lists every failure and what was skipped", () => {
    const text = formatSummary({
      uploaded: [{ label: "a.jpg", size: 1024 }],
      failed: [{ label: "dir/bad.png", error: "The bytes are not a PNG." }],
      skipped: 3,
      duplicates: 0,
      elapsedMs: 500,
    });
    expect(text.split("\n")).toEqual([
      "Uploaded 1 of 2 files (1.0 KB) in 0.5 s, 2.0 KB/s.",
      "Skipped 3 files that are not an image by name.",
      "1 failed:",
      "  dir/bad.png: The bytes are not a PNG.",
    ]);
  });

  it("counts files the library already held apart from the uploaded ones", () => {
    const text = formatSummary({ uploaded: [{ label: "a.jpg", size: 1024 }], failed: [], skipped: 0, duplicates: 2, elapsedMs: 1000 });
    expect(text.split("\n")).toEqual([
      "Uploaded 1 of 3 files (1.0 KB) in 1.0 s, 1.0 KB/s.",
      "Skipped 2 files that are already in the library (--allow-duplicates uploads them again).",
    ]);
  });
});

describe("planBatches", () => {
  const files = (sizes: number[]) => sizes.map((size, index) => ({ name: String(index), size }));

  it("keeps batches within the file and byte limits, in order", () => {
    const batches = planBatches(files([5, 5, 5, 5, 5]), { maxFiles: 2, maxBytes: 100 });
    expect(batches.map((batch) => batch.map((file) => file.name))).toEqual([["0", "1"], ["2", "3"], ["4"]]);
    expect(planBatches(files([60, 30, 20, 90]), { maxFiles: 100, maxBytes: 100 }).map((batch) => batch.length)).toEqual([2, 1, 1]);
  });

  it("sends a file bigger than the byte limit alone", () => {
    expect(planBatches(files([10, 500, 10]), { maxFiles: 100, maxBytes: 100 }).map((batch) => batch.map((file) => file.size))).toEqual([[10], [500], [10]]);
  });

  it("makes no batch from nothing", () => {
    expect(planBatches([])).toEqual([]);
  });
});

describe("stripTrailingNewline", () => {
  it("drops one line ending only", () => {
    expect(stripTrailingNewline("secret\n")).toBe("secret");
    expect(stripTrailingNewline("secret\r\n")).toBe("secret");
    expect(stripTrailingNewline("secret \n\n")).toBe("secret \n");
    expect(stripTrailingNewline(" secret ")).toBe(" secret ");
  });
});
