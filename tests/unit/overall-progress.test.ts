import { describe, expect, it } from "vitest";
import { computeOverallProgress, type ProgressRow } from "@/components/uploader/overall-progress";

const row = (state: ProgressRow["state"], size: number, bytesUploaded = 0): ProgressRow => ({ state, size, bytesUploaded });

describe("computeOverallProgress", () => {
  it("is empty for no files", () => {
    expect(computeOverallProgress([])).toMatchObject({ filesTotal: 0, fraction: 0, isActive: false });
  });

  it("counts bytes sent by uploading files and whole files once verifying or done", () => {
    const progress = computeOverallProgress([row("done", 100), row("verifying", 100), row("uploading", 200, 50), row("queued", 100)]);
    expect(progress).toMatchObject({ filesDone: 1, filesTotal: 4, bytesDone: 250, bytesTotal: 500, isActive: true });
    expect(progress.fraction).toBeCloseTo(0.5);
  });

  it("leaves failed files out of the byte totals but counts them as settled for the bar", () => {
    const progress = computeOverallProgress([row("done", 100), row("failed", 100)]);
    expect(progress).toMatchObject({ filesDone: 1, filesFailed: 1, bytesDone: 100, bytesTotal: 100, fraction: 1, isActive: false });
  });

  it("never goes backwards while a session runs, even when files are added or retried", () => {
    let progress = computeOverallProgress([row("uploading", 100, 80), row("done", 100)]);
    expect(progress.fraction).toBeCloseTo(0.9);

    // Ten more files dropped in mid-way: the raw fraction falls to 0.15, the bar holds.
    const more = Array.from({ length: 10 }, () => row("queued", 100));
    progress = computeOverallProgress([row("uploading", 100, 90), row("done", 100), ...more], progress);
    expect(progress.fraction).toBeCloseTo(0.9);
    expect(progress.bytesDone).toBe(190);

    // A file restarting from zero does not pull the byte count down.
    progress = computeOverallProgress([row("uploading", 100, 10), row("done", 100), ...more], progress);
    expect(progress.bytesDone).toBe(190);
    expect(progress.fraction).toBeCloseTo(0.9);
  });

  it("does not report more bytes done than the total", () => {
    let progress = computeOverallProgress([row("uploading", 100, 90), row("queued", 100)]);
    progress = computeOverallProgress([row("failed", 100), row("uploading", 100, 10)], progress);
    expect(progress.bytesDone).toBeLessThanOrEqual(progress.bytesTotal);
  });

  it("starts afresh once everything has settled", () => {
    const finished = computeOverallProgress([row("done", 100)]);
    expect(finished).toMatchObject({ fraction: 1, isActive: false });
    const next = computeOverallProgress([row("done", 100), row("queued", 900)], finished);
    expect(next.fraction).toBeCloseTo(0.1);
  });

  it("uses file counts when every file is empty", () => {
    const progress = computeOverallProgress([row("done", 0), row("queued", 0)]);
    expect(progress.fraction).toBeCloseTo(0.5);
  });
});
