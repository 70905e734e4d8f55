import path from "node:path";
import { expect, test, type Page, type Request, type Route, type TestInfo } from "@playwright/test";
import type { E2eProjectMetadata } from "../../playwright.config";
import { dropFilePaths } from "./support/drop-paths";
import { signIn } from "./support/e2e-session";
import { noisePhotos, noisePng, runCacheDir, sha256OfFile, type ImageFile } from "./support/noise-images";
import { isPartUrl, partOf, PartTraffic, urlExpiresAtMs } from "./support/part-traffic";
import { deleteImages, downloadSha256, imagesNamed, uploadRowsNamed } from "./support/server-state";
import { listImageObjectKeys, parseImageObjectKey } from "./support/stored-objects";

// Uploads at scale, on the real stack: hundreds of photos at once, a ~190 MB image in parts through
// a network cut and through a page reload (each finished part must reach storage exactly once), and
// part URLs that expire while their request is held back. The photos and expiry tests need RGW
// (the `s3` project); the cut and reload tests also run on `local`, whose storage is the app itself.
// Each test deletes what it uploaded: RGW here keeps objects in memory.

const MiB = 1024 * 1024;
/** The servers' default part size (PIXBUCKET_MULTIPART_PART_BYTES). */
const partBytes = 16 * MiB;
/** Parts let through before the link is cut or the page reloaded; later ones are held back meanwhile. */
const partsBeforeInterruption = 3;

const runTag = path.basename(process.env.PIXBUCKET_E2E_RUN_DIR ?? `run-${Date.now().toString(36)}`).replace(/[^a-z0-9]/gi, "").slice(-8);

function metadata(testInfo: TestInfo): E2eProjectMetadata {
  return testInfo.project.metadata as E2eProjectMetadata;
}

function originOf(testInfo: TestInfo): string {
  const baseURL = testInfo.project.use.baseURL;
  if (!baseURL) throw new Error(`Project ${testInfo.project.name} has no baseURL`);
  return baseURL;
}

/** The ~190 MB panorama, made once per run: 8000 × 8000 pixels of noise in a barely compressed PNG. */
const panorama = () => noisePng({ name: `panorama-${runTag}.png`, width: 8000, height: 8000, dir: runCacheDir("uploads-at-scale") });

const uploadRow = (page: Page, name: string) => page.getByTestId("upload-row").filter({ has: page.locator(`p[title="${name}"]`) });

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const sorted = (numbers: Iterable<number>) => [...numbers].sort((a, b) => a - b);

/**
 * Holds back part PUTs past the first few until the test lets go: the interruption then lands
 * mid-upload on any machine, however fast its loopback is.
 */
async function holdLaterParts(page: Page): Promise<{ held: Route[]; setMode: (mode: "hold" | "drop" | "pass") => void }> {
  const held: Route[] = [];
  let mode: "hold" | "drop" | "pass" = "hold";
  await page.route(isPartUrl, async (route) => {
    const part = partOf(route.request());
    // A request the page already gave up on (pause, reload) cannot be continued; that is fine.
    if (part && mode === "hold" && part.partNumber > partsBeforeInterruption) held.push(route);
    else if (part && mode === "drop") await route.abort("internetdisconnected").catch(() => undefined);
    else await route.continue().catch(() => undefined);
  });
  return { held, setMode: (next) => void (mode = next) };
}

/** Checks the stored original byte for byte and removes the image again. */
async function expectStoredAndCleanUp(page: Page, origin: string, file: ImageFile): Promise<void> {
  const [image, ...others] = await imagesNamed(page.request, origin, file.name);
  expect(others, "one image for the file").toEqual([]);
  expect(image).toMatchObject({ name: file.name, type: file.type, size: file.size, width: file.width, height: file.height });
  const stored = await downloadSha256(page.request, origin, image!.id);
  expect(stored.bytes).toBe(file.size);
  expect(stored.sha256, "the stored original is the file, byte for byte").toBe(await sha256OfFile(file.path));
  expect(await deleteImages(page.request, origin, [image!.id])).toBe(1);
}

function expectEachPartAcceptedOnce(traffic: PartTraffic, partCount: number): void {
  const counts = Object.fromEntries(sorted(traffic.acceptedCounts().keys()).map((partNumber) => [partNumber, traffic.acceptedCounts().get(partNumber)]));
  expect(counts, `part PUTs: ${traffic.describe()}`).toEqual(Object.fromEntries(range(1, partCount).map((partNumber) => [partNumber, 1])));
  expect(traffic.uploadIds().size, "every part went to one multipart upload").toBe(1);
}

test("300 photos dropped at once are all indexed, each with its original and thumbnail, none left pending", async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== "s3", "measured against RGW");
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

test("a ~190 MB image goes up in parts, survives a network cut, and no finished part is sent twice", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const origin = originOf(testInfo);
  await signIn(context, origin);
  const file = await panorama();
  const partCount = Math.ceil(file.size / partBytes);
  const traffic = new PartTraffic(page);
  const { held, setMode } = await holdLaterParts(page);

  await page.goto("/upload");
  traffic.phase = "before-cut";
  const startedMs = Date.now();
  await page.getByTestId("file-input").setInputFiles(file.path);
  const row = uploadRow(page, file.name);
  await expect(row).toHaveAttribute("data-state", "uploading");
  await expect.poll(() => sorted(traffic.accepted()), { timeout: 60_000 }).toEqual(range(1, partsBeforeInterruption));
  await expect.poll(() => held.length).toBeGreaterThan(0);

  // The link goes down: the browser reports offline, and what was in flight fails.
  traffic.phase = "offline";
  setMode("drop");
  await context.setOffline(true);
  for (const route of held.splice(0)) await route.abort("internetdisconnected").catch(() => undefined);
  await expect(page.getByTestId("offline-notice")).toBeVisible();
  await expect(row).toContainText("paused");
  await expect(row).toHaveAttribute("data-state", "uploading");

  // It comes back: the upload continues by itself and completes.
  traffic.phase = "after-cut";
  setMode("pass");
  await context.setOffline(false);
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 120_000 });
  const seconds = (Date.now() - startedMs) / 1000;
  console.log(`[${testInfo.project.name}] ${(file.size / 1e6).toFixed(0)} MB in ${partCount} parts with a network cut: done in ${seconds.toFixed(1)} s`);
  await expect(page.getByTestId("offline-notice")).toBeHidden();

  expectEachPartAcceptedOnce(traffic, partCount);
  const resent = [...traffic.requested("after-cut")].filter((partNumber) => traffic.accepted("before-cut").has(partNumber));
  expect(resent, "parts storage had before the cut were not sent again").toEqual([]);
  expect(traffic.accepted("offline"), "nothing got through while offline").toEqual(new Set());
  await expectStoredAndCleanUp(page, origin, file);
});

test("a reload mid-upload brings the upload back; re-adding the file finishes it without re-sending parts", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const origin = originOf(testInfo);
  await signIn(context, origin);
  const file = await panorama();
  const partCount = Math.ceil(file.size / partBytes);
  const traffic = new PartTraffic(page);
  const { held, setMode } = await holdLaterParts(page);
  // The page asks before leaving while uploads run; the person confirms.
  page.on("dialog", (dialog) => void dialog.accept());

  await page.goto("/upload");
  traffic.phase = "before-reload";
  await page.getByTestId("file-input").setInputFiles(file.path);
  await expect.poll(() => sorted(traffic.accepted()), { timeout: 60_000 }).toEqual(range(1, partsBeforeInterruption));
  await expect.poll(() => held.length).toBeGreaterThan(0);

  setMode("drop");
  for (const route of held.splice(0)) await route.abort("internetdisconnected").catch(() => undefined);
  await page.reload();
  traffic.phase = "after-reload";
  setMode("pass");

  const interrupted = page.getByTestId("interrupted-uploads");
  await expect(interrupted).toContainText("1 upload was interrupted");
  await expect(interrupted).toContainText("Re-add these files to resume");
  await expect(interrupted).toContainText(file.name);
  await expect(page.getByTestId("upload-row")).toHaveCount(0);

  await page.getByTestId("file-input").setInputFiles(file.path);
  await expect(interrupted).toBeHidden();
  const row = uploadRow(page, file.name);
  await expect(row).toHaveAttribute("data-state", "done", { timeout: 120_000 });

  expectEachPartAcceptedOnce(traffic, partCount);
  const resent = [...traffic.requested("after-reload")].filter((partNumber) => traffic.accepted("before-reload").has(partNumber));
  expect(resent, "parts storage had before the reload were not sent again").toEqual([]);
  // The journal is cleared once the upload is done: another reload shows nothing to resume.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Upload images" })).toBeVisible();
  await expect(interrupted).toBeHidden();
  await expectStoredAndCleanUp(page, origin, file);
});

test("Pause all stops the transfers, Resume all continues from the parts storage has", async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== "s3", "the same code path as the network cut; once is enough");
  test.setTimeout(120_000);
  const origin = originOf(testInfo);
  await signIn(context, origin);
  const file = await panorama();
  const partCount = Math.ceil(file.size / partBytes);
  const traffic = new PartTraffic(page);
  const { held, setMode } = await holdLaterParts(page);

  await page.goto("/upload");
  traffic.phase = "before-pause";
  await page.getByTestId("file-input").setInputFiles(file.path);
  const row = uploadRow(page, file.name);
  await expect.poll(() => sorted(traffic.accepted()), { timeout: 60_000 }).toEqual(range(1, partsBeforeInterruption));
  await expect.poll(() => held.length).toBeGreaterThan(0);

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
  const resent = [...traffic.requested("resumed")].filter((partNumber) => traffic.accepted("before-pause").has(partNumber));
  expect(resent, "parts storage had before the pause were not sent again").toEqual([]);
  await expectStoredAndCleanUp(page, origin, file);
});

test("URLs that expire before their request leaves are signed again, and the uploads complete", async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== "s3", "needs the short-expiry S3 server");
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
