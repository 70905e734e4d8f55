import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_MAX_AGE_MS } from "@/server/health/cached-health";
import { asBody, md5Base64 } from "../fixtures/images";
import { makeRealPhotoSet } from "../fixtures/real-photos";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";

// The rig's Postgres is stopped (fast shutdown: open connections are cut) and started again while
// the app keeps running. Integration files run one at a time, so no other file sees the outage.

function services(command: "stop-pg" | "start-pg"): void {
  const result = spawnSync("bash", ["scripts/services.sh", command], { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`scripts/services.sh ${command} failed:\n${result.stdout}\n${result.stderr}`);
}

async function expectUnavailable(response: Response): Promise<void> {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  expect(response.status, JSON.stringify(body)).toBe(503);
  expect(body.error?.code).toBe("unavailable");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("Postgres restarted under a running app", () => {
  let app: TestApp;
  let isPostgresDown = false;

  beforeAll(async () => {
    app = await startTestApp("s3", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(async () => {
    if (isPostgresDown) services("start-pg");
    await app?.close();
  });

  it("answers 503 with Retry-After while it is down (reads, signing, completing, health), then recovers without a restart", async () => {
    const photos = await makeRealPhotoSet(2, { width: 640, height: 427 });
    const before = await uploadFile(app, { name: "before.jpg", type: "image/jpeg", bytes: photos[0]! });
    expect(before.complete.status).toBe(201);
    // An upload sent to storage whose completion will fall into the outage.
    const signed = await signUploads(app, [{ name: "during.jpg", type: "image/jpeg", size: photos[1]!.length, md5: md5Base64(photos[1]!) }]);
    const [pending] = ((await signed.json()) as { uploads: { id: string; url: string; method: string; headers: Record<string, string> }[] }).uploads;
    expect((await fetch(pending!.url, { method: pending!.method, headers: pending!.headers, body: asBody(photos[1]!) })).status).toBe(200);

    // Gallery reads and signing keep coming through the stop and the start: each answer is a
    // success or a 503, never a 500 or a hang.
    const seen: number[] = [];
    let isLoadRunning = true;
    const load = (async () => {
      while (isLoadRunning) {
        const answers = await Promise.all([
          app.api("/api/images?limit=10", { signal: AbortSignal.timeout(15_000) }),
          signUploads(app, [{ name: "load.jpg", type: "image/jpeg", size: 1000, md5: md5Base64(Buffer.alloc(1000)) }]),
        ]);
        for (const answer of answers) {
          seen.push(answer.status);
          await answer.body?.cancel();
        }
      }
    })();

    services("stop-pg");
    isPostgresDown = true;
    await expectUnavailable(await app.api("/api/images"));
    await expectUnavailable(await app.api("/api/me"));
    await expectUnavailable(await signUploads(app, [{ name: "x.jpg", type: "image/jpeg", size: 1000, md5: md5Base64(Buffer.alloc(1000)) }]));
    await expectUnavailable(await app.api(`/api/uploads/${pending!.id}/complete`, { method: "POST" }));
    // Health turns within its cache window (plus one probe's time limit).
    await expect.poll(async () => (await app.api("/api/health")).status, { timeout: HEALTH_MAX_AGE_MS + 5000, interval: 250 }).toBe(503);
    expect(await (await app.api("/api/health")).json()).toMatchObject({ status: "unavailable", failing: ["database"] });

    services("start-pg");
    isPostgresDown = false;
    // The pool reconnects by itself: no restart of the app.
    await expect.poll(async () => (await app.api("/api/images")).status, { timeout: 30_000, interval: 500 }).toBe(200);
    isLoadRunning = false;
    await load;
    expect(seen.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(seen).toContain(503);
    const completed = await app.api(`/api/uploads/${pending!.id}/complete`, { method: "POST" });
    expect(completed.status).toBe(201);
    const listed = (await (await app.api("/api/images")).json()) as { images: { name: string }[] };
    expect(listed.images.map((image) => image.name).sort()).toEqual(["before.jpg", "during.jpg"]);
    await expect.poll(async () => (await app.api("/api/health")).status, { timeout: HEALTH_MAX_AGE_MS + 5000, interval: 250 }).toBe(200);
  }, 180_000);
});
