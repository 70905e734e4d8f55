import { readFile } from "node:fs/promises";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { dropFiles } from "./support/drop-files";
import { deleteImagesById, listAllImages, type ApiImage } from "./support/images-api";
import { sha256Hex, writeSampleImages, type SampleImage } from "./support/sample-images";
import { listImageObjectKeys, parseImageObjectKey } from "./support/stored-objects";

// The whole way of an image on each stack (`local` and `s3`, see playwright.config.ts): drop →
// progress → gallery → lightbox → download → delete, checked against the API and the storage itself.
// Other specs may share the server, so everything is measured against what existed before this test
// and this run's images are told apart by a unique name prefix.

// The upload list is virtualized against the window; a tall window keeps all 20 rows mounted so
// each row's state can be asserted, and all 20 gallery cards in view so their thumbnails load.
test.use({ viewport: { width: 1280, height: 2400 } });

const droppedCount = 20;
const pickedCount = 3;

let samples: Awaited<ReturnType<typeof writeSampleImages>>;
let dropped: SampleImage[];
let picked: SampleImage[];

test.beforeAll(async () => {
  const runTag = `${test.info().project.name}-${Date.now().toString(36)}`;
  samples = await writeSampleImages({ count: droppedCount + pickedCount, prefix: `flow-${runTag}` });
  dropped = samples.images.slice(0, droppedCount);
  picked = samples.images.slice(droppedCount);
});

test.afterAll(async () => {
  await samples?.remove();
});

/** Starts recording every upload-row state and whether a row ever showed a progress bar. */
async function recordUploadRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { states: [] as string[], sawRowProgressBar: false };
    (window as unknown as { __uploadRows: typeof seen }).__uploadRows = seen;
    const record = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="upload-row"]')) {
        const state = row.dataset.state;
        if (state && !seen.states.includes(state)) seen.states.push(state);
        if (row.querySelector('[role="progressbar"]')) seen.sawRowProgressBar = true;
      }
    };
    // React commits a render in one task, so observing mutations sees every state that was on screen.
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
}

async function recordedUploadRows(page: Page): Promise<{ states: string[]; sawRowProgressBar: boolean }> {
  return page.evaluate(() => (window as unknown as { __uploadRows: { states: string[]; sawRowProgressBar: boolean } }).__uploadRows);
}

/** Waits until every row is done; a failed row ends the wait at once with its message. */
async function expectAllRowsDone(page: Page, count: number): Promise<void> {
  const rows = page.getByTestId("upload-row");
  await expect(rows).toHaveCount(count);
  await expect(page.getByTestId("overall-progress-text")).toContainText(`${count} of ${count} done`, { timeout: 60_000 });
  const states = await rows.evaluateAll((elements) =>
    elements.map((element) => `${element.getAttribute("data-state")}: ${element.querySelector("p[title]")?.getAttribute("title")}`),
  );
  expect(states.filter((state) => !state.startsWith("done:")), "rows not done").toEqual([]);
  await expect(page.getByTestId("overall-progress")).toHaveAttribute("aria-valuenow", "100");
}

function expectMatchesSample(image: ApiImage | undefined, sample: SampleImage): void {
  expect(image, `${sample.name} is listed by the API`).toBeDefined();
  expect(image).toMatchObject({ name: sample.name, type: sample.type, size: sample.bytes.length, width: sample.width, height: sample.height });
}

/** Newest first: createdAt never increases down the list (ties are ordered by id in the database's collation). */
function expectNewestFirst(images: readonly ApiImage[]): void {
  for (let index = 1; index < images.length; index += 1) {
    const before = images[index - 1]!;
    const after = images[index]!;
    expect(Date.parse(before.createdAt), `${before.id} (${before.createdAt}) is listed before ${after.id} (${after.createdAt})`).toBeGreaterThanOrEqual(
      Date.parse(after.createdAt),
    );
  }
}

test("twenty dropped images upload, list newest first, open, download, delete and leave exactly their objects", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const baselineImages = await listAllImages(page.request);
  const baselineKeys = await listImageObjectKeys(testInfo);

  // Drop: a real drop event carrying File objects, on the drop zone.
  await page.goto("/upload");
  await recordUploadRows(page);
  await dropFiles(page.getByTestId("drop-zone"), dropped);

  await expectAllRowsDone(page, droppedCount);
  const rowNames = await page.getByTestId("upload-row").locator("p[title]").evaluateAll((elements) => elements.map((element) => element.getAttribute("title")));
  expect(rowNames.sort()).toEqual(dropped.map((sample) => sample.name).sort());
  const recorded = await recordedUploadRows(page);
  expect(recorded.states, "states the rows went through").toEqual(expect.arrayContaining(["queued", "done"]));
  expect(recorded.states.some((state) => state === "uploading" || state === "verifying"), `states seen: ${recorded.states.join(", ")}`).toBe(true);
  expect(recorded.sawRowProgressBar, "a row showed its progress bar").toBe(true);
  expect(recorded.states).not.toContain("failed");

  // The API: exactly our 20 are new, they are the newest, and they carry what was sent.
  const afterUpload = await listAllImages(page.request);
  expectNewestFirst(afterUpload);
  expect(afterUpload).toHaveLength(baselineImages.length + droppedCount);
  const ours = afterUpload.slice(0, droppedCount);
  const sampleByName = new Map(dropped.map((sample) => [sample.name, sample]));
  expect(ours.map((image) => image.name).sort()).toEqual([...sampleByName.keys()].sort());
  for (const sample of dropped) expectMatchesSample(ours.find((image) => image.name === sample.name), sample);
  const sampleOf = (image: ApiImage): SampleImage => sampleByName.get(image.name)!;

  // Gallery: the cards in the API's order, thumbnails loaded.
  await page.goto("/gallery");
  const cards = page.getByTestId("image-card");
  const shownCount = Math.min(afterUpload.length, 60);
  await expect(cards).toHaveCount(shownCount);
  const cardIds = () => cards.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-image-id")));
  expect(await cardIds()).toEqual(afterUpload.slice(0, shownCount).map((image) => image.id));
  const card = (id: string) => page.locator(`[data-testid="image-card"][data-image-id="${id}"]`);
  await expect
    .poll(() => cards.locator("img").evaluateAll((images) => images.slice(0, 20).filter((image) => !((image as HTMLImageElement).naturalWidth > 0)).length), {
      message: "thumbnails that have not loaded",
    })
    .toBe(0);

  // Lightbox: opens on the card, steps with the arrow keys, shows the full image.
  const opened = ours[3]!;
  await card(opened.id).getByRole("button", { name: `Open ${opened.name}` }).click();
  const lightbox = page.getByRole("dialog");
  await expect(lightbox).toBeVisible();
  const title = lightbox.getByRole("heading");
  await expect(title).toHaveText(opened.name);
  const fullImage = lightbox.getByRole("img", { name: opened.name });
  await expect.poll(() => fullImage.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(opened.width);
  await page.keyboard.press("ArrowRight");
  await expect(title).toHaveText(ours[4]!.name);
  await page.keyboard.press("ArrowLeft");
  await expect(title).toHaveText(opened.name);
  await page.keyboard.press("ArrowLeft");
  await expect(title).toHaveText(ours[2]!.name);
  await page.keyboard.press("ArrowRight");
  await expect(title).toHaveText(opened.name);

  // Download: the original bytes under the original name.
  const downloadEvent = page.waitForEvent("download");
  await lightbox.getByTestId("download").click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe(opened.name);
  const downloadedBytes = await readFile(await download.path());
  expect(sha256Hex(downloadedBytes)).toBe(sampleOf(opened).sha256);

  await page.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();

  // Delete one from the lightbox; it moves on to the next image.
  const deletedInLightbox = ours[6]!;
  await card(deletedInLightbox.id).getByRole("button", { name: `Open ${deletedInLightbox.name}` }).click();
  await expect(title).toHaveText(deletedInLightbox.name);
  await lightbox.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText(`Delete ${deletedInLightbox.name}?`);
  await confirm.getByRole("button", { name: "Delete image" }).click();
  await expect(confirm).toBeHidden();
  await expect(title).toHaveText(ours[7]!.name);
  await expect(card(deletedInLightbox.id)).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();

  // Delete one by selecting it and using "Delete selected".
  const deletedBySelection = ours[12]!;
  await card(deletedBySelection.id).getByTestId("select-image").check();
  const toolbar = page.getByRole("toolbar", { name: "Selection" });
  await expect(toolbar).toContainText("1 selected");
  await toolbar.getByRole("button", { name: "Delete selected" }).click();
  await expect(confirm).toContainText("Delete 1 image?");
  await confirm.getByRole("button", { name: "Delete image" }).click();
  await expect(confirm).toBeHidden();
  await expect(card(deletedBySelection.id)).toHaveCount(0);

  // Reload: 18 of ours remain, in the API's order.
  const deletedIds = new Set([deletedInLightbox.id, deletedBySelection.id]);
  const remainingIds = ours.filter((image) => !deletedIds.has(image.id)).map((image) => image.id);
  await page.reload();
  await expect(cards).toHaveCount(Math.min(afterUpload.length - 2, 60));
  const afterDelete = await listAllImages(page.request);
  expect(afterDelete).toHaveLength(baselineImages.length + droppedCount - 2);
  expect(afterDelete.slice(0, droppedCount - 2).map((image) => image.id)).toEqual(remainingIds);
  expect(await cardIds()).toEqual(afterDelete.slice(0, 60).map((image) => image.id));
  for (const id of deletedIds) expect((await page.request.get(`/api/images/${id}`)).status()).toBe(404);

  // Storage: an original and a thumbnail for each remaining image — and a preview for those the
  // lightbox showed or preloaded — nothing for the deleted.
  const keys = await listImageObjectKeys(testInfo);
  const baseline = new Set(baselineKeys);
  const newKeys = keys.filter((key) => !baseline.has(key));
  expect(newKeys.filter((key) => !key.endsWith("/preview.webp"))).toHaveLength(2 * (droppedCount - 2));
  const objectsByImage = new Map<string, string[]>();
  for (const key of newKeys) {
    const parsed = parseImageObjectKey(key);
    expect(parsed, `${key} is an image object key`).not.toBeNull();
    objectsByImage.set(parsed!.imageId, [...(objectsByImage.get(parsed!.imageId) ?? []), parsed!.object].sort());
  }
  expect([...objectsByImage.keys()].sort()).toEqual([...remainingIds].sort());
  for (const objects of objectsByImage.values()) expect(objects.filter((object) => object !== "preview.webp")).toEqual(["original", "thumb.webp"]);
  // The opened image was shown by its preview, so it has one.
  if (objectsByImage.has(opened.id)) expect(objectsByImage.get(opened.id)).toContain("preview.webp");
  expect(keys.filter((key) => baseline.has(key))).toEqual(baselineKeys);
});

test("images chosen with the file picker upload and are listed", async ({ page }) => {
  const baselineIds = new Set((await listAllImages(page.request)).map((image) => image.id));

  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles(picked.map((sample) => sample.path));
  await expectAllRowsDone(page, pickedCount);

  const added = (await listAllImages(page.request)).filter((image) => !baselineIds.has(image.id));
  expect(added).toHaveLength(pickedCount);
  for (const sample of picked) expectMatchesSample(added.find((image) => image.name === sample.name), sample);

  // Leave the server as it was for whatever runs next.
  expect(await deleteImagesById(page.request, added.map((image) => image.id))).toBe(pickedCount);
});
