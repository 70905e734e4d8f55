import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { type APIRequestContext, type TestInfo } from "@playwright/test";
import { expect, test } from "./support/test";
import { sampleSum } from "../helpers/prometheus-text";
import { wallpaperPhotos } from "../fixtures/wallpaper-photos";
import { dropFilePaths } from "./support/drop-paths";
import { runCacheDir } from "./support/noise-images";
import { controlInstance, pairOf, scrapeInstance, withDatabase } from "./support/pair";
import { deleteImages, imagesNamed, uploadRowsNamed } from "./support/server-state";
import { listImageObjectKeys, parseImageObjectKey } from "./support/stored-objects";

// Two instances (a, b) of the production build behind nginx, on one Postgres and one bucket
// (playwright.pair.config.ts). What must hold across them, and through restarts and kills.

const tag = Date.now().toString(36);

/** Signs `count` single-PUT uploads through `origin`; returns their ids and URLs. */
async function signUploads(request: APIRequestContext, origin: string, files: { name: string; bytes: Buffer }[]) {
  const response = await request.post(`${origin}/api/uploads`, {
    headers: { "sec-fetch-site": "same-origin" },
    data: { files: files.map(({ name, bytes }) => ({ name, type: "image/jpeg", size: bytes.length, md5: createHash("md5").update(bytes).digest("base64") })) },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
}

async function putTo(upload: { url: string; headers: Record<string, string> }, bytes: Buffer): Promise<void> {
  const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) });
  expect(put.status, await put.text()).toBe(200);
}

/** Which of these uploads have any object in the bucket. */
async function storedUploadIds(testInfo: TestInfo, uploads: { id: string }[]): Promise<string[]> {
  const wanted = new Set(uploads.map((upload) => upload.id));
  const ids = (await listImageObjectKeys(testInfo)).map((key) => parseImageObjectKey(key)?.imageId).filter((id): id is string => id !== undefined && wanted.has(id));
  return [...new Set(ids)].sort();
}

async function photoBytes(count: number, prefix: string): Promise<{ name: string; bytes: Buffer }[]> {
  const { readFile } = await import("node:fs/promises");
  const photos = await wallpaperPhotos({ count, prefix, dir: runCacheDir(`pair-${prefix}`) });
  return Promise.all(photos.map(async (photo) => ({ name: photo.name, bytes: await readFile(photo.path) })));
}

test("a sign-in limit reached on one instance holds on the other", async ({ playwright, baseURL }, testInfo) => {
  const { instances } = pairOf(testInfo);
  const anonymous = await playwright.request.newContext();
  const email = `nobody-${tag}@pixbucket.test`;
  const attempt = (origin: string) =>
    anonymous.post(`${origin}/api/auth/sign-in/email`, { data: { email, password: "not-the-password-1" }, headers: { origin: baseURL! } });
  // Five a minute per email (guard-sign-in.ts): all five on a…
  for (let index = 0; index < 5; index += 1) expect((await attempt(instances.a)).status()).toBe(401);
  // …and the sixth, on b, is refused without being tried.
  const onB = await attempt(instances.b);
  expect(onB.status()).toBe(429);
  expect(Number(onB.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await onB.json()) as { error: { code: string; requestId: string } }).error).toMatchObject({ code: "rate_limited", requestId: onB.headers()["x-request-id"] });
  await anonymous.dispose();
});

test("expired uploads are swept exactly once while both instances sweep every second", async ({ request, baseURL }, testInfo) => {
  const prefix = `sweep-${tag}`;
  const files = await photoBytes(12, prefix);
  const signed = await signUploads(request, baseURL!, files);
  // Half have their bytes in the bucket, half never got them: both kinds must go.
  await Promise.all(signed.slice(0, 6).map((upload, index) => putTo(upload, files[index]!.bytes)));
  const before = { a: await scrapeInstance(testInfo, "a"), b: await scrapeInstance(testInfo, "b") };
  await withDatabase(testInfo, (query) => query("update uploads set expires_at = now() - interval '1 minute' where id = any($1)", [signed.map((upload) => upload.id)]));

  await expect
    .poll(async () => (await uploadRowsNamed(pairOf(testInfo).databaseUrl, prefix)).map((row) => row.status), { timeout: 30_000 })
    .toEqual(Array(12).fill("aborted"));
  // Rows are claimed first, objects deleted after, and the run is counted when it returns.
  const swept = async () => {
    const [a, b] = [await scrapeInstance(testInfo, "a"), await scrapeInstance(testInfo, "b")];
    const delta = (text: string, was: string, name: string) => sampleSum(text, name) - sampleSum(was, name);
    return { total: delta(a, before.a, "pixbucket_swept_uploads_total") + delta(b, before.b, "pixbucket_swept_uploads_total"), runsA: delta(a, before.a, "pixbucket_sweeps_total"), runsB: delta(b, before.b, "pixbucket_sweeps_total") };
  };
  await expect.poll(async () => (await swept()).total, { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // a few more sweeps on each: none may count these again
  const settled = await swept();
  // Both instances kept sweeping, yet between them each upload was swept once.
  expect(settled.runsA).toBeGreaterThan(0);
  expect(settled.runsB).toBeGreaterThan(0);
  expect(settled.total).toBe(12);
  // The six objects that had arrived are gone from the bucket.
  expect(await storedUploadIds(testInfo, signed)).toEqual([]);
});

/** Sends a request whose body arrives in two halves, `pauseMs` apart: it is in flight meanwhile. */
function slowRequest(origin: string, path: string, token: string, body: string, pauseMs: number | "never") {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const url = new URL(path, origin);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.write(body.slice(0, 10));
    if (pauseMs !== "never") setTimeout(() => req.end(body.slice(10)), pauseMs);
  });
}

test("SIGTERM: the instance finishes the request in flight, refuses new ones, and exits by itself (143); a stuck one is cut at the deadline", async ({ request }, testInfo) => {
  test.setTimeout(180_000);
  const { instances } = pairOf(testInfo);
  const created = await request.post("/api/tokens", { data: { name: `shutdown-${tag}` }, headers: { "sec-fetch-site": "same-origin" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  // A single PUT needs the MD5 of the bytes it will send; these 1,000 bytes are never sent.
  const md5 = createHash("md5").update(Buffer.alloc(1000)).digest("base64");
  const body = JSON.stringify({ files: [{ name: `shutdown-${tag}.jpg`, type: "image/jpeg", size: 1000, md5 }] });

  // In flight when the signal comes: the body's second half arrives 3 s later, on a stopped listener.
  const inFlight = slowRequest(instances.a, "/api/uploads", token, body, 3000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const restart = controlInstance(testInfo, "restart", "a");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await expect(fetch(`${instances.a}/api/health`)).rejects.toThrow(); // no new connections meanwhile
  const finished = await inFlight;
  expect(finished.status, finished.text).toBe(200);
  expect(JSON.parse(finished.text)).toMatchObject({ uploads: [{ method: "PUT" }] });
  const report = await restart;
  expect(report.exitCode, "Next exits 143 once nothing is in flight").toBe(143);
  expect(report.stopSeconds).toBeGreaterThan(2);
  expect(report.stopSeconds).toBeLessThan(8);

  // A request that never finishes: the deadline (PIXBUCKET_SHUTDOWN_DEADLINE_SECONDS=8 here) ends it.
  const stuck = slowRequest(instances.b, "/api/uploads", token, body, "never").catch((error: Error) => error);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cut = await controlInstance(testInfo, "restart", "b");
  expect(cut.exitCode, "exit 1: the deadline passed with a request open").toBe(1);
  expect(cut.stopSeconds).toBeGreaterThanOrEqual(7.5);
  expect(cut.stopSeconds).toBeLessThan(15);
  expect(await stuck).toBeInstanceOf(Error); // its connection was closed
  testInfo.annotations.push({ type: "measured", description: `graceful stop ${report.stopSeconds.toFixed(1)} s, deadline stop ${cut.stopSeconds.toFixed(1)} s, restart ${report.startSeconds?.toFixed(1)} s` });
});

test("an instance killed (SIGKILL) between the PUT and complete: after its restart the upload completes, or the sweeper takes it", async ({ request }, testInfo) => {
  test.setTimeout(180_000);
  const { instances } = pairOf(testInfo);
  const prefix = `killed-${tag}`;
  const files = await photoBytes(2, prefix);
  const [kept, abandoned] = await signUploads(request, instances.a, files);
  await putTo(kept!, files[0]!.bytes);
  await putTo(abandoned!, files[1]!.bytes);

  const killed = await controlInstance(testInfo, "kill", "a");
  expect(killed.signal).toBe("SIGKILL");
  await controlInstance(testInfo, "start", "a");
  const complete = await request.post(`${instances.a}/api/uploads/${kept!.id}/complete`, { headers: { "sec-fetch-site": "same-origin" } });
  expect(complete.status(), await complete.text()).toBe(201);

  // The other one is never completed; once expired, a sweep removes its row's claim and its object.
  await withDatabase(testInfo, (query) => query("update uploads set expires_at = now() - interval '1 minute' where id = $1", [abandoned!.id]));
  await expect.poll(async () => (await uploadRowsNamed(pairOf(testInfo).databaseUrl, prefix)).map((row) => row.status), { timeout: 30_000 }).toEqual(["completed", "aborted"]);
  // Never half-indexed: exactly the completed one is an image.
  const images = await imagesNamed(request, instances.b, prefix);
  expect(images.map((image) => image.name)).toEqual([files[0]!.name]);
  expect(await storedUploadIds(testInfo, [kept!, abandoned!])).toEqual([kept!.id]);
  await deleteImages(request, instances.b, images.map((image) => image.id));
});

test("a rolling restart of both instances during a 100-photo browser upload through nginx: all 100 indexed, no file failed", async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1280, height: 1600 });
  const prefix = `rolling-${tag}`;
  const photos = await wallpaperPhotos({ count: 100, prefix, dir: runCacheDir("pair-rolling") });
  // Each PUT to the bucket waits 1.5 s, so the upload spans both restarts on any machine; the
  // signing and completing requests still go to whichever instance nginx picks.
  const { bucket } = testInfo.project.metadata as { bucket: string };
  await page.route((url) => url.pathname.startsWith(`/${bucket}/`), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const serverErrors: string[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(baseURL!) && response.status() >= 500) serverErrors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });

  await page.goto("/upload");
  await dropFilePaths(page.getByTestId("drop-zone"), photos.map((photo) => photo.path));
  const progressText = page.getByTestId("overall-progress-text");
  await expect(progressText).toContainText(/[1-9]\d* of 100 done/, { timeout: 60_000 });
  const restarts = [];
  for (const name of ["a", "b"] as const) {
    await expect(progressText, `uploads still running when ${name} restarts`).not.toContainText("100 of 100 done");
    restarts.push({ name, ...(await controlInstance(testInfo, "restart", name)) });
  }
  await expect(progressText).toContainText("100 of 100 done", { timeout: 240_000 });
  await expect(progressText).not.toContainText("failed");
  for (const restart of restarts) expect(restart.exitCode, `instance ${restart.name} drained and exited by itself`).toBe(143);
  testInfo.annotations.push({ type: "measured", description: `restarts ${restarts.map((r) => `${r.name}: stop ${r.stopSeconds.toFixed(1)} s, start ${r.startSeconds?.toFixed(1)} s`).join("; ")}; 5xx seen by the browser: ${serverErrors.length}` });
  console.log(`[pair] ${testInfo.annotations.at(-1)!.description}`);

  const images = await imagesNamed(request, baseURL!, prefix);
  expect(images).toHaveLength(100);
  expect(new Set(images.map((image) => image.name)).size).toBe(100);
  const rows = await uploadRowsNamed(pairOf(testInfo).databaseUrl, prefix);
  expect(rows.filter((row) => row.status !== "completed")).toEqual([]);
  await deleteImages(request, baseURL!, images.map((image) => image.id));
});
