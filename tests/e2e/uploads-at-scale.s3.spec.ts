import { type Request } from "@playwright/test";
import { expect, test } from "./support/test";
import { dropFilePaths } from "./support/drop-paths";
import { signIn } from "./support/e2e-session";
import { noisePhotos, noisePng, runCacheDir } from "./support/noise-images";
import { partOf, urlExpiresAtMs } from "./support/part-traffic";
import { deleteImages, imagesNamed, uploadRowsNamed } from "./support/server-state";
import { listImageObjectKeys, parseImageObjectKey } from "./support/stored-objects";
import {
  expectEachPartAcceptedOnce,
  expectNotResent,
  expectStoredAndCleanUp,
  metadata,
  originOf,
  startHeldPanoramaUpload,
  runTag,
  uploadRow,
} from "./support/at-scale";

// Uploads at scale against RGW: hundreds of photos at once, pause/resume, and part URLs that expire
// while their request is held back (the short-expiry server). Each test deletes what it uploaded.

test("300 photos dropped at once are all indexed, each with its original and thumbnail, none left pending", async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  // The list is virtualized; a tall window keeps the progress text and some rows in view.
  await page.setViewportSize({ width: 1280, height: 1600 });
  const origin = originOf(testInfo);
  const { databaseUrl } = metadata(testInfo);
  if (!databaseUrl) throw new Error("the s3 project's metadata names no databaseUrl");
  await signIn(context, origin);

  const prefix = `scale-${runTag}`;
  const photos = await noisePhotos({ count: 300, prefix, dir: runCacheDir("uploads-at-scale-photos") });
  const totalBytes = photos.reduce((sum, photo) => sum + photo.size, 0);
  for (const photo of photos) expect(photo.size, photo.name).toBeGreaterThanOrEqual(1_000_000);
  for (const photo of photos) expect(photo.size, photo.name).toBeLessThanOrEqual(3_000_000);

  await page.goto("/upload");
  const startedMs = Date.now();
  await dropFilePaths(page.getByTestId("drop-zone"), photos.map((photo) => photo.path));
  const progressText = page.getByTestId("overall-progress-text");
  await expect(progressText).toContainText("of 300 done", { timeout: 30_000 });
  await expect(progressText).toContainText("300 of 300 done", { timeout: 240_000 });
  const seconds = (Date.now() - startedMs) / 1000;
  const report = `300 photos, ${(totalBytes / 1e6).toFixed(0)} MB, dropped to all verified in ${seconds.toFixed(1)} s (${(totalBytes / 1e6 / seconds).toFixed(1)} MB/s, ${(300 / seconds).toFixed(1)} files/s)`;
  testInfo.annotations.push({ type: "measured", description: report });
  console.log(`[${testInfo.project.name}] ${report}`);
  await expect(progressText).not.toContainText("failed");
  await expect(page.getByTestId("overall-progress")).toHaveAttribute("aria-valuenow", "100");

  // The API lists all 300 with the sizes sent.
  const images = await imagesNamed(page.request, origin, prefix);
  expect(images).toHaveLength(300);
  const sizeByName = new Map(photos.map((photo) => [photo.name, photo.size]));
  for (const image of images) expect(image.size, image.name).toBe(sizeByName.get(image.name));
  expect(new Set(images.map((image) => image.name)).size).toBe(300);

  // The server's own table: one upload per photo, every one completed, none pending.
  const uploads = await uploadRowsNamed(databaseUrl, prefix);
  expect(uploads).toHaveLength(300);
  expect(uploads.filter((upload) => upload.status !== "completed")).toEqual([]);
  const ids = new Set(images.map((image) => image.id));

  // The bucket: exactly an original and a thumbnail for each of them, 2 × 300 objects.
  const objectsById = new Map<string, string[]>();
  for (const key of await listImageObjectKeys(testInfo)) {
    const parsed = parseImageObjectKey(key);
    if (parsed && ids.has(parsed.imageId)) objectsById.set(parsed.imageId, [...(objectsById.get(parsed.imageId) ?? []), parsed.object].sort());
  }
  expect([...objectsById.values()].flat()).toHaveLength(2 * images.length);
  for (const [id, objects] of objectsById) expect(objects, id).toEqual(["original", "thumb.webp"]);

  expect(await deleteImages(page.request, origin, [...ids])).toBe(300);
  const left = (await listImageObjectKeys(testInfo)).filter((key) => ids.has(parseImageObjectKey(key)?.imageId ?? ""));
  expect(left).toEqual([]);
});

test("Pause all stops the transfers, Resume all continues from the parts storage has", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const { origin, file, partCount, traffic, held, setMode, row } = await startHeldPanoramaUpload(page, context, testInfo, "before-pause");

  await page.getByRole("button", { name: "Pause all" }).click();
  traffic.phase = "paused";
  const summary = page.getByTestId("upload-summary");
  await expect(summary).toContainText("Paused");
  await expect(row).toContainText("paused");
  // Pausing abandons the requests in flight (the page gives them up; they never reach storage).
  const beforePause = () => traffic.attempts.filter((attempt) => attempt.phase === "before-pause");
  await expect.poll(() => beforePause().filter((attempt) => attempt.status === undefined && attempt.failure === undefined).length).toBe(0);
  expect(beforePause().filter((attempt) => attempt.failure !== undefined).length, "transfers were stopped").toBeGreaterThan(0);
  held.splice(0);

  traffic.phase = "resumed";
  setMode("pass");
  await page.getByRole("button", { name: "Resume all" }).click();
  await expect(summary).not.toContainText("Paused");
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 120_000 });

  expectEachPartAcceptedOnce(traffic, partCount);
  expect(traffic.accepted("paused"), "nothing was accepted while paused").toEqual(new Set());
  expectNotResent(traffic, "before-pause", ["resumed"], "parts storage had before the pause were not sent again");
  await expectStoredAndCleanUp(page, origin, file);
});

test("URLs that expire before their request leaves are signed again, and the uploads complete", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const server = metadata(testInfo).shortExpiry;
  if (!server) throw new Error("the s3 project's metadata names no shortExpiry server");
  await signIn(context, server.origin);
  const dir = runCacheDir("uploads-at-scale");
  // 4 parts of 5 MiB on that server, and one small photo that goes as a single PUT.
  const big = await noisePng({ name: `expiry-${runTag}.png`, width: 2600, height: 2600, dir });
  const [small] = await noisePhotos({ count: 1, prefix: `expiry-${runTag}-photo`, dir });
  const partCount = Math.ceil(big.size / server.partBytes);
  expect(partCount).toBe(4);

  // Parts 2 and 4 and the photo's PUT are held until the URL they carry has expired (3 s), once each.
  const delayedParts = new Set([2, 4]);
  const delayedOnce = new Set<string>();
  const firstAttempts = new Map<string, string>();
  const outcomes: Array<{ what: string; url: string; status: number | string }> = [];
  const record = (request: Request, status: number | string) => {
    if (request.method() !== "PUT" || !new URL(request.url()).searchParams.has("X-Amz-Signature")) return;
    const part = partOf(request);
    outcomes.push({ what: part ? `part ${part.partNumber}` : "photo", url: request.url(), status });
  };
  page.on("requestfinished", (request) => void request.response().then((response) => record(request, response?.status() ?? "no response")));
  page.on("requestfailed", (request) => record(request, request.failure()?.errorText ?? "failed"));
  await page.route(
    (url) => url.searchParams.has("X-Amz-Signature"),
    async (route) => {
      const request = route.request();
      const part = partOf(request);
      const what = part ? `part ${part.partNumber}` : "photo";
      const isDelayed = request.method() === "PUT" && (part ? delayedParts.has(part.partNumber) : true) && !delayedOnce.has(what);
      if (isDelayed) {
        delayedOnce.add(what);
        firstAttempts.set(what, request.url());
        // Until storage's clock has passed the URL's expiry, with a margin.
        await new Promise((resolve) => setTimeout(resolve, Math.max(urlExpiresAtMs(request.url()) + 1500 - Date.now(), 0)));
      }
      await route.continue().catch(() => undefined);
    },
  );

  await page.goto(`${server.origin}/upload`);
  await page.getByTestId("file-input").setInputFiles([big.path, small!.path]);
  await expect(uploadRow(page, big.name)).toHaveAttribute("data-state", "done", { timeout: 90_000 });
  await expect(uploadRow(page, small!.name)).toHaveAttribute("data-state", "done", { timeout: 30_000 });

  // Storage refuses an expired URL with 403. RGW sends that 403 without CORS headers, so the
  // browser sees a failed request instead (net::ERR_FAILED); the client must re-sign either way.
  const describe = () => outcomes.map((outcome) => `${outcome.what}: ${outcome.status}`).join(", ");
  for (const what of ["part 2", "part 4", "photo"]) {
    const tries = outcomes.filter((outcome) => outcome.what === what);
    expect(tries, `${what} was tried twice (${describe()})`).toHaveLength(2);
    expect(tries[0]!.url).toBe(firstAttempts.get(what));
    expect([403, "net::ERR_FAILED"], `${what}: the expired URL was refused (${describe()})`).toContain(tries[0]!.status);
    expect(tries[1]!.status, `${what}: then accepted`).toBe(200);
    expect(urlExpiresAtMs(tries[1]!.url), `${what} was sent again with a newly signed URL`).toBeGreaterThan(urlExpiresAtMs(tries[0]!.url));
  }
  for (const what of ["part 1", "part 3"]) expect(outcomes.filter((outcome) => outcome.what === what).map((outcome) => outcome.status), what).toEqual([200]);

  await expectStoredAndCleanUp(page, server.origin, big);
  await expectStoredAndCleanUp(page, server.origin, small!);
});
