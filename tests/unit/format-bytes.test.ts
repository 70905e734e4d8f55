import { describe, expect, it } from "vitest";
import { formatBytes, formatBytesPerSecond } from "../../src/lib/format-bytes";

describe("formatBytes", () => {
  it("shows bytes below one kilobyte as whole bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1)).toBe("1 B");
    expect(formatBytes(1023)).toBe("1023 B");
  });

  it("uses one decimal below ten and none above", () => {
    expect(formatBytes(1024)).toBe("1.0 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(10 * 1024)).toBe("10 KB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
  });

  it("reads a 50 MiB limit as 50 MB", () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MB");
  });

  it("never prints 1024 of a unit or 10.0", () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe("1.0 MB");
    expect(formatBytes(10 * 1024 - 1)).toBe("10 KB");
    expect(formatBytes(1024 * 1024 * 1024)).toBe("1.0 GB");
  });

  it("answers a dash for values that are not sizes", () => {
    expect(formatBytes(-1)).toBe("–");
    expect(formatBytes(Number.NaN)).toBe("–");
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe("–");
  });
});

describe("formatBytesPerSecond", () => {
  it("appends /s", () => {
    expect(formatBytesPerSecond(2.5 * 1024 * 1024)).toBe("2.5 MB/s");
  });

  it("shows a dash while no rate is known", () => {
    expect(formatBytesPerSecond(0)).toBe("–");
    expect(formatBytesPerSecond(Number.NaN)).toBe("–");
  });
});
