import { describe, expect, it } from "vitest";
import { createSpeedMeter } from "../../src/lib/speed-meter";

describe("createSpeedMeter", () => {
  it("reports no rate from a single sample", () => {
    const meter = createSpeedMeter();
    expect(meter.sample(0, 0)).toBe(0);
  });

  it("measures a steady transfer exactly", () => {
    const meter = createSpeedMeter();
    meter.sample(0, 0);
    expect(meter.sample(1_000_000, 1000)).toBeCloseTo(1_000_000);
    expect(meter.sample(2_000_000, 2000)).toBeCloseTo(1_000_000);
  });

  it("ignores samples that arrive too close together", () => {
    const meter = createSpeedMeter({ minIntervalMs: 250 });
    meter.sample(0, 0);
    expect(meter.sample(500_000, 1)).toBe(0);
    expect(meter.sample(500_000, 500)).toBeCloseTo(1_000_000);
  });

  it("moves part of the way towards a new rate rather than jumping", () => {
    const meter = createSpeedMeter({ halfLifeMs: 1000 });
    meter.sample(0, 0);
    meter.sample(1_000_000, 1000); // 1 MB/s
    const rate = meter.sample(4_000_000, 2000); // 3 MB/s in the last second
    expect(rate).toBeGreaterThan(1_000_000);
    expect(rate).toBeLessThan(3_000_000);
    expect(rate).toBeCloseTo(2_000_000); // one half-life: halfway
  });

  it("starts over when the byte count goes backwards (a retry)", () => {
    const meter = createSpeedMeter();
    meter.sample(0, 0);
    meter.sample(1_000_000, 1000);
    expect(meter.sample(0, 1500)).toBe(0);
    expect(meter.bytesPerSecond).toBe(0);
  });
});
