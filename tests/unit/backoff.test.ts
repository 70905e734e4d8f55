import { describe, expect, it } from "vitest";
import { backoffDelayMs, isRetryableStatus } from "@/components/uploader/backoff";

describe("isRetryableStatus", () => {
  it("retries no answer, timeouts, rate limits and server faults", () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });

  it("never retries other 4xx (and nothing that succeeded)", () => {
    for (const status of [200, 400, 401, 403, 404, 409, 413, 415, 422]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe("backoffDelayMs", () => {
  it("doubles the ceiling per retry and draws from its upper half", () => {
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffDelayMs(2, { baseMs: 1000, random: () => 1 })).toBe(2000);
    expect(backoffDelayMs(3, { baseMs: 1000, random: () => 0.5 })).toBe(3000);
  });

  it("stops growing at the cap", () => {
    expect(backoffDelayMs(10, { baseMs: 1000, maxMs: 30_000, random: () => 1 })).toBe(30_000);
    expect(backoffDelayMs(1_000, { baseMs: 1000, maxMs: 30_000, random: () => 0 })).toBe(15_000);
  });

  it("stays within bounds whatever the random source says", () => {
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => 7 })).toBe(1000);
    expect(backoffDelayMs(1, { baseMs: 1000, random: () => -1 })).toBe(500);
    expect(backoffDelayMs(0, { baseMs: 1000, random: () => 1 })).toBe(1000);
  });
});
