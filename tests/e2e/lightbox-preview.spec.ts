import { expect, test } from "./support/test";
import { makeHeic } from "../fixtures/heic";
import { makeRealPhoto } from "../fixtures/real-photos";
import { dropFiles } from "./support/drop-files";
import { deleteImagesById, listAllImages } from "./support/images-api";

// The lightbox shows previews, never originals: a phone's HEIC (which Chromium cannot draw) and a
// JPEG are dropped, opened and stepped through while every request is logged.

test("the lightbox loads previews only (HEIC included); Original opens the original", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = `${test.info().project.name}-${Date.now().toString(36)}`;
  const files = [
    { name: `lb-${tag}-phone.heic`, type: "image/heic", bytes: await makeHeic({ source: 8, width: 1200, height: 900 }) },
    { name: `lb-${tag}-camera.jpg`, type: "image/jpeg", bytes: await makeRealPhoto({ source: 9, width: 2600, height: 1700 }) },
  ];

  await page.goto("/upload");
  await dropFiles(page.getByTestId("drop-zone"), files);
  for (const file of files) {
    await expect(page.getByTestId("upload-row").filter({ hasText: file.name })).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  }

  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`/gallery?${new URLSearchParams({ q: `lb-${tag}` }).toString()}`);
  await expect(page.getByTestId("image-card")).toHaveCount(2);

  const lightbox = page.getByRole("dialog");
  for (const file of files) {
    await page.getByRole("button", { name: `Open ${file.name}` }).click();
    const shown = lightbox.getByRole("img", { name: file.name });
    // Drawn at all (a HEIC original would not be) and at preview size (long side 2048 at most).
    await expect.poll(() => shown.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await shown.evaluate((image) => Math.max((image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight))).toBeLessThanOrEqual(2048);
    await page.keyboard.press("Escape");
    await expect(lightbox).toBeHidden();
  }
  expect(requested.filter((path) => path.endsWith("/preview.webp")).length, requested.join("\n")).toBeGreaterThanOrEqual(2);
  expect(requested.filter((path) => path.endsWith("/original")), "no original was fetched").toEqual([]);

  // "Original" opens the file as uploaded, in a new tab.
  await page.getByRole("button", { name: `Open ${files[1]!.name}` }).click();
  const [popup] = await Promise.all([page.waitForEvent("popup"), lightbox.getByTestId("view-original").click()]);
  await popup.waitForLoadState();
  expect(new URL(popup.url()).pathname).toMatch(/\/original$/);
  await popup.close();

  const ours = (await listAllImages(page.request)).filter((image) => image.name.startsWith(`lb-${tag}`));
  expect(ours.map((image) => image.type).sort()).toEqual(["image/heic", "image/jpeg"]);
  await deleteImagesById(page.request, ours.map((image) => image.id));
});
