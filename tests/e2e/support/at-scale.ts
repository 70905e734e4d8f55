import path from "node:path";
import { expect, type BrowserContext, type Page, type Route, type TestInfo } from "@playwright/test";
import type { E2eProjectMetadata } from "../../../playwright.config";
import { noisePng, runCacheDir, sha256OfFile, type ImageFile } from "./noise-images";
import { signIn } from "./e2e-session";
import { isPartUrl, partOf, PartTraffic } from "./part-traffic";
import { deleteImages, downloadSha256, imagesNamed } from "./server-state";

// Shared by the uploads-at-scale specs: the photos and expiry tests need RGW (*.s3.spec.ts); the cut
// and reload tests also run on local storage, which is the app itself.

export const MiB = 1024 * 1024;
/** The servers' default part size (PIXBUCKET_MULTIPART_PART_BYTES). */
export const partBytes = 16 * MiB;
/** Parts let through before the link is cut or the page reloaded; later ones are held back meanwhile. */
export const partsBeforeInterruption = 3;

export const runTag = path.basename(process.env.PIXBUCKET_E2E_RUN_DIR ?? `run-${Date.now().toString(36)}`).replace(/[^a-z0-9]/gi, "").slice(-8);

export function metadata(testInfo: TestInfo): E2eProjectMetadata {
  return testInfo.project.metadata as E2eProjectMetadata;
}

export function originOf(testInfo: TestInfo): string {
  const baseURL = testInfo.project.use.baseURL;
  if (!baseURL) throw new Error(`Project ${testInfo.project.name} has no baseURL`);
  return baseURL;
}

/** The ~190 MB panorama, made once per run: 8000 × 8000 pixels of noise in a barely compressed PNG. */
export const panorama = () => noisePng({ name: `panorama-${runTag}.png`, width: 8000, height: 8000, dir: runCacheDir("uploads-at-scale") });

export const uploadRow = (page: Page, name: string) => page.getByTestId("upload-row").filter({ has: page.locator(`p[title="${name}"]`) });

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
export const sorted = (numbers: Iterable<number>) => [...numbers].sort((a, b) => a - b);

/**
 * Holds back part PUTs past the first few until the test lets go: the interruption then lands
 * mid-upload on any machine, however fast its loopback is.
 */
export async function holdLaterParts(page: Page): Promise<{ held: Route[]; setMode: (mode: "hold" | "drop" | "pass") => void }> {
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
export async function expectStoredAndCleanUp(page: Page, origin: string, file: ImageFile): Promise<void> {
  const [image, ...others] = await imagesNamed(page.request, origin, file.name);
  expect(others, "one image for the file").toEqual([]);
  expect(image).toMatchObject({ name: file.name, type: file.type, size: file.size, width: file.width, height: file.height });
  const stored = await downloadSha256(page.request, origin, image!.id);
  expect(stored.bytes).toBe(file.size);
  expect(stored.sha256, "the stored original is the file, byte for byte").toBe(await sha256OfFile(file.path));
  expect(await deleteImages(page.request, origin, [image!.id])).toBe(1);
}

export function expectEachPartAcceptedOnce(traffic: PartTraffic, partCount: number): void {
  const counts = Object.fromEntries(sorted(traffic.acceptedCounts().keys()).map((partNumber) => [partNumber, traffic.acceptedCounts().get(partNumber)]));
  expect(counts, `part PUTs: ${traffic.describe()}`).toEqual(Object.fromEntries(range(1, partCount).map((partNumber) => [partNumber, 1])));
  expect(traffic.uploadIds().size, "every part went to one multipart upload").toBe(1);
}


/**
 * Signs in, picks the panorama on the upload page (its part PUTs tagged `phase`) and waits until
 * storage holds its first parts while the later ones are held back: the start of every
 * interruption test.
 */
export async function startHeldPanoramaUpload(page: Page, context: BrowserContext, testInfo: TestInfo, phase: string) {
  const origin = originOf(testInfo);
  await signIn(context, origin);
  const file = await panorama();
  const partCount = Math.ceil(file.size / partBytes);
  const traffic = new PartTraffic(page);
  const { held, setMode } = await holdLaterParts(page);
  await page.goto("/upload");
  traffic.phase = phase;
  const startedMs = Date.now();
  await page.getByTestId("file-input").setInputFiles(file.path);
  const row = uploadRow(page, file.name);
  await expect(row).toHaveAttribute("data-state", "uploading");
  await expect.poll(() => sorted(traffic.accepted()), { timeout: 60_000 }).toEqual(range(1, partsBeforeInterruption));
  await expect.poll(() => held.length).toBeGreaterThan(0);
  return { origin, file, partCount, traffic, held, setMode, row, startedMs };
}

/** Parts storage accepted in `before` were not asked for again in any of `after`. */
export function expectNotResent(traffic: PartTraffic, before: string, after: string[], why: string): void {
  const resent = after.flatMap((phase) => [...traffic.requested(phase)]).filter((partNumber) => traffic.accepted(before).has(partNumber));
  expect(resent, why).toEqual([]);
}
