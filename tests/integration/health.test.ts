import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { HEALTH_MAX_AGE_MS } from "@/server/health/cached-health";
import { startTestApp, type TestApp } from "../helpers/test-app";

function services(command: "stop-s3" | "start-s3"): void {
  const result = spawnSync("bash", ["scripts/services.sh", command], { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`scripts/services.sh ${command} failed:\n${result.stdout}\n${result.stderr}`);
}

describe("GET /api/health", () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
  });

  it("answers 200 on local storage + PGlite", async () => {
    const app = await startTestApp("embedded");
    apps.push(app);
    const response = await app.api("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", storage: "local", database: "pglite" });
  });

  it("answers 200 on S3 + Postgres, and 503 naming storage while the S3 server is down", async () => {
    const app = await startTestApp("s3");
    apps.push(app);
    const healthy = await app.api("/api/health");
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: "ok", storage: "s3", database: "postgres" });

    services("stop-s3");
    try {
      // A probe answer lives HEALTH_MAX_AGE_MS; within that (plus one probe's time limit) it turns.
      await expect.poll(async () => (await app.api("/api/health")).status, { timeout: HEALTH_MAX_AGE_MS + 5000, interval: 250 }).toBe(503);
      const down = await app.api("/api/health");
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", storage: "s3", database: "postgres", failing: ["storage"] });
    } finally {
      services("start-s3");
    }
  }, 180_000);
});
