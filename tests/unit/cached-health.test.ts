import { describe, expect, it, vi } from "vitest";
import { cachedHealth, HEALTH_MAX_AGE_MS } from "@/server/health/cached-health";
import type { Runtime } from "@/server/runtime";

function fakeRuntime() {
  let isStorageUp = true;
  const ping = vi.fn(async () => {
    if (!isStorageUp) throw new Error("connection refused");
  });
  const runtime = {
    storage: { kind: "s3", ping },
    database: { kind: "postgres" },
    db: { execute: vi.fn(async () => undefined) },
  } as unknown as Runtime;
  return { runtime, ping, setStorageUp: (value: boolean) => (isStorageUp = value) };
}

describe("cachedHealth", () => {
  it("a burst of 100 polls costs one probe", async () => {
    const { runtime, ping } = fakeRuntime();
    const reports = await Promise.all(Array.from({ length: 100 }, () => cachedHealth(runtime, () => 1_000)));
    expect(ping).toHaveBeenCalledTimes(1);
    expect(reports.every((report) => report.status === "ok")).toBe(true);
  });

  it("probes again once the answer is older than the maximum age, and then reports a part that went down", async () => {
    const { runtime, ping, setStorageUp } = fakeRuntime();
    expect((await cachedHealth(runtime, () => 0)).status).toBe("ok");
    setStorageUp(false);
    // Still within the window: the cached answer.
    expect((await cachedHealth(runtime, () => HEALTH_MAX_AGE_MS - 1)).status).toBe("ok");
    const later = await cachedHealth(runtime, () => HEALTH_MAX_AGE_MS);
    expect(later).toMatchObject({ status: "unavailable", failing: ["storage"] });
    expect(ping).toHaveBeenCalledTimes(2);
  });
});
