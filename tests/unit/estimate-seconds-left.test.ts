import { describe, expect, it } from "vitest";
import { estimateSecondsLeft, formatDuration } from "@/components/uploader/estimate-seconds-left";

describe("estimateSecondsLeft", () => {
  it("divides what is left by the rate, rounding up", () => {
    expect(estimateSecondsLeft(10_000_000, 1_000_000)).toBe(10);
    expect(estimateSecondsLeft(10_000_001, 1_000_000)).toBe(11);
  });

  it("is 0 when nothing is left and never negative", () => {
    expect(estimateSecondsLeft(0, 1000)).toBe(0);
    expect(estimateSecondsLeft(-5, 1000)).toBe(0);
  });

  it("is unknown without a rate", () => {
    expect(estimateSecondsLeft(1000, 0)).toBeUndefined();
    expect(estimateSecondsLeft(1000, Number.NaN)).toBeUndefined();
    expect(estimateSecondsLeft(Number.POSITIVE_INFINITY, 1000)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it("uses at most two units", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(8.2)).toBe("9 s");
    expect(formatDuration(60)).toBe("1 min");
    expect(formatDuration(245)).toBe("4 min 5 s");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(7_830)).toBe("2 h 10 min");
    expect(formatDuration(-3)).toBe("0 s");
  });
});
